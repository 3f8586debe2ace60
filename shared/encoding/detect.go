// Package encoding detects and decodes the character encodings in which
// Chinese documents arrive: UTF-8 (with or without BOM), UTF-16LE/BE (with or
// without BOM), GB18030 (a superset of GB2312 and GBK), Big5-HKSCS (a superset
// of Big5) and HZ-GB-2312.
//
// Detect never reports an encoding in which the bytes are invalid: every
// candidate is validated strictly over the whole input (invalid sequences,
// unmapped code points, lone surrogates, NUL bytes), and only the ranking of
// the valid candidates looks at a bounded prefix (the first 64 KiB). Valid
// UTF-8 without NUL bytes is always UTF-8 (pure ASCII too, unless it is HZ).
// The other candidates are ranked by the cost (negative log-likelihood) of
// their decoded text under a character-frequency model; see gen_model.go for
// where the table comes from. Decoding itself uses golang.org/x/text.
//
// EUC-TW is not supported: it is reported as ErrUnsupported when the bytes
// have its shape and no Chinese reading is plausible. UTF-32 (by its BOM) is
// reported as ErrUnsupported too.
package encoding

//go:generate go run gen_model.go -opencc /tmp/opencc/package/data/dictionary -corpus ../../../shared/corpus/reference -o model_table.go

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"
)

// Result is the outcome of Detect.
type Result struct {
	Name       string  `json:"name"`       // "UTF-8","UTF-16LE","UTF-16BE","GB18030","Big5-HKSCS","HZ-GB-2312"; "" when not text
	Confidence float64 `json:"confidence"` // [0,1]
	BOM        bool    `json:"bom"`
}

// Encoding names reported by Detect.
const (
	UTF8      = "UTF-8"
	UTF16LE   = "UTF-16LE"
	UTF16BE   = "UTF-16BE"
	GB18030   = "GB18030"
	Big5HKSCS = "Big5-HKSCS"
	HZGB2312  = "HZ-GB-2312"
)

var (
	// ErrNotText is wrapped by the errors of Check, DecodeAuto and Decode when
	// the bytes are binary or invalid in every supported encoding.
	ErrNotText = errors.New("not text")
	// ErrUnsupported is wrapped when the bytes look like text in an encoding
	// this package does not decode (EUC-TW, UTF-32), or Decode gets an
	// unknown name.
	ErrUnsupported = errors.New("unsupported encoding")
)

// sampleLimit bounds the prefix that is scored; validity is always checked
// over the whole input.
const sampleLimit = 64 << 10

// Detect returns the encoding of b. Name is "" when b is not text (Check says
// why).
func Detect(b []byte) Result {
	r, _ := detect(b)
	return r
}

// Check is Detect with an error wrapping ErrNotText or ErrUnsupported, with
// the reason, when b is not text in a supported encoding. The Result's Name
// is "" exactly when the error is not nil.
func Check(b []byte) (Result, error) {
	return detect(b)
}

// DecodeAuto detects the encoding of b and decodes it.
func DecodeAuto(b []byte) (string, Result, error) {
	r, err := detect(b)
	if err != nil {
		return "", r, err
	}
	s, err := Decode(b, r.Name)
	return s, r, err
}

func notText(reason string) (Result, error) {
	return Result{}, fmt.Errorf("encoding: %w: %s", ErrNotText, reason)
}

func unsupported(reason string) (Result, error) {
	return Result{}, fmt.Errorf("encoding: %w: %s", ErrUnsupported, reason)
}

type magicSig struct {
	prefix string
	what   string
}

var magics = []magicSig{
	{"%PDF-", "PDF"},
	{"\x89PNG\r\n\x1a\n", "PNG"},
	{"\xFF\xD8\xFF", "JPEG"},
	{"GIF87a", "GIF"},
	{"GIF89a", "GIF"},
	{"PK\x03\x04", "ZIP"},
	{"PK\x05\x06", "ZIP"},
	{"PK\x07\x08", "ZIP"},
	{"\x1F\x8B", "gzip"},
	{"\xFD7zXZ\x00", "xz"},
	{"7z\xBC\xAF\x27\x1C", "7z"},
	{"Rar!\x1A\x07", "RAR"},
	{"\x28\xB5\x2F\xFD", "zstd"},
	{"\x7FELF", "ELF"},
	{"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "OLE2 (legacy Office)"},
	{"II*\x00", "TIFF"},
	{"MM\x00*", "TIFF"},
	{"OggS\x00", "Ogg"},
	{"\x00\x00\x01\x00", "ICO"},
	{"\x00asm", "WebAssembly"},
}

func magic(b []byte) string {
	for _, m := range magics {
		if len(b) >= len(m.prefix) && string(b[:len(m.prefix)]) == m.prefix {
			return m.what
		}
	}
	if len(b) >= 12 && string(b[:4]) == "RIFF" {
		return "RIFF (" + strings.TrimSpace(string(b[8:12])) + ")"
	}
	if len(b) >= 10 && string(b[:3]) == "BZh" && b[3] >= '1' && b[3] <= '9' && string(b[4:10]) == "1AY&SY" {
		return "bzip2"
	}
	return ""
}

// candidate is a valid reading being ranked.
type candidate struct {
	name string
	r    reading
}

func detect(b []byte) (Result, error) {
	if len(b) == 0 {
		return Result{Name: UTF8, Confidence: 1}, nil
	}
	if m := magic(b); m != "" {
		return notText(m + " magic bytes")
	}
	t := getTables()
	switch {
	case len(b) >= 4 && (string(b[:4]) == "\xFF\xFE\x00\x00" || string(b[:4]) == "\x00\x00\xFE\xFF"):
		return unsupported("UTF-32 byte order mark")
	case bytes.HasPrefix(b, bomUTF8):
		rest := b[3:]
		if !utf8.Valid(rest) {
			return notText("invalid UTF-8 after a UTF-8 byte order mark")
		}
		if ctrl, _ := asciiStats(rest); ctrl > 0 && ctrl*512 > len(rest) || bytes.IndexByte(rest, 0) >= 0 {
			return notText("control characters after a UTF-8 byte order mark")
		}
		return Result{Name: UTF8, Confidence: 1, BOM: true}, nil
	case bytes.HasPrefix(b, bomLE), bytes.HasPrefix(b, bomBE):
		le := b[0] == 0xFF
		name := UTF16BE
		if le {
			name = UTF16LE
		}
		r := scanUTF16(t, b[2:], le, 0)
		if !r.ok || !r.ctrlOK(len(b)) {
			return notText("invalid " + name + " after a byte order mark")
		}
		return Result{Name: name, Confidence: 1, BOM: true}, nil
	}

	hasNUL := bytes.IndexByte(b, 0) >= 0
	isUTF8 := !hasNUL && utf8.Valid(b)
	ctrlText, ascii := false, false // ctrlText: valid UTF-8 but for its control characters
	if isUTF8 {
		var ctrl int
		ctrl, ascii = asciiStats(b)
		ctrlText = ctrl > 0 && ctrl*512 > len(b)
	}
	if isUTF8 && !ctrlText {
		if ascii && bytes.Contains(b, hzOpen) {
			if pairs, cost, ok := scanHZ(t, b); ok && pairs > 0 && float64(cost)/float64(pairs)/costUnit <= hzMaxAvg {
				return Result{Name: HZGB2312, Confidence: plausible(0.99, float64(cost)/float64(pairs)/costUnit)}, nil
			}
		}
		return Result{Name: UTF8, Confidence: 1}, nil
	}

	limit := sampleLimit
	var cands []candidate
	if !hasNUL {
		if r := scanGB18030(t, b, limit); r.ok && r.ctrlOK(len(b)) {
			cands = append(cands, candidate{GB18030, r})
		}
		if r := scanBig5(t, b, limit); r.ok && r.ctrlOK(len(b)) {
			cands = append(cands, candidate{Big5HKSCS, r})
		}
	}
	if len(b)%2 == 0 {
		if r := scanUTF16(t, b, true, limit); r.ok && r.ctrlOK(len(b)) {
			cands = append(cands, candidate{UTF16LE, r})
		}
		if r := scanUTF16(t, b, false, limit); r.ok && r.ctrlOK(len(b)) {
			cands = append(cands, candidate{UTF16BE, r})
		}
	}
	if len(cands) == 0 {
		if ok, _ := eucTWShape(b); ok && !hasNUL {
			return unsupported("bytes have the shape of EUC-TW (CNS 11643), which is not supported")
		}
		if hasNUL {
			return notText("NUL bytes")
		}
		if ctrlText {
			return notText("control characters")
		}
		return notText("invalid in every candidate encoding (UTF-8, UTF-16, GB18030, Big5-HKSCS, HZ)")
	}
	best, second := 0, -1
	for i := 1; i < len(cands); i++ {
		if cands[i].r.cost < cands[best].r.cost {
			best, second = i, best
		} else if second < 0 || cands[i].r.cost < cands[second].r.cost {
			second = i
		}
	}
	c := cands[best]
	avg := c.r.avgWide()
	if c.name == GB18030 || c.name == Big5HKSCS {
		if ok, ss2 := eucTWShape(b); ok && (avg > eucTWAvg || ss2 > 0 && avg > eucTWAvgSS2) {
			return unsupported(fmt.Sprintf("bytes have the shape of EUC-TW (CNS 11643) and read as gibberish in %s (mean cost %.1f nats), EUC-TW is not supported", c.name, avg))
		}
	}
	conf := 0.99
	if second >= 0 {
		margin := float64(cands[second].r.cost-c.r.cost) / costUnit
		conf = math.Min(0.99, 1-0.5*math.Exp(-margin/4))
	}
	return Result{Name: c.name, Confidence: round3(plausible(conf, avg))}, nil
}

// Thresholds on the mean cost (nats) of the non-ASCII characters of a reading.
const (
	hzMaxAvg    = 11   // an HZ reading must be at least this plausible
	eucTWAvg    = 10.5 // above this, an EUC-TW-shaped input is called EUC-TW
	eucTWAvgSS2 = 9.0  // the same with SS2 (plane 2..16) sequences present
	goodAvg     = 9.0  // readings at or under this are fully plausible
)

// plausible lowers a confidence when the chosen reading is made of rare
// characters.
func plausible(conf, avg float64) float64 {
	if avg > goodAvg {
		conf *= math.Max(0.3, 1-(avg-goodAvg)/8)
	}
	return conf
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

var (
	bomUTF8 = []byte{0xEF, 0xBB, 0xBF}
	bomLE   = []byte{0xFF, 0xFE}
	bomBE   = []byte{0xFE, 0xFF}
	hzOpen  = []byte("~{")
)

// ctrlByte marks C0 controls (and DEL) that do not occur in text.
var ctrlByte = func() (m [256]bool) {
	for c := 0; c < 0x20; c++ {
		switch c {
		case '\t', '\n', '\v', '\f', '\r', 0x1A, 0x1B:
		default:
			m[c] = true
		}
	}
	m[0x7F] = true
	return
}()

// asciiStats counts forbidden control bytes and reports whether b is ASCII.
func asciiStats(b []byte) (ctrl int, ascii bool) {
	var or byte
	for _, c := range b {
		or |= c
		if ctrlByte[c] {
			ctrl++
		}
	}
	return ctrl, or < 0x80
}

// Decode decodes b from the named encoding (a name Detect returns; common
// aliases such as "utf8", "gbk", "gb2312", "big5", "hz" are accepted),
// stripping a byte order mark. Invalid bytes are an error wrapping
// ErrNotText, never replaced silently.
func Decode(b []byte, name string) (string, error) {
	canon := canonical(name)
	t := getTables()
	bad := func(at int) (string, error) {
		return "", fmt.Errorf("encoding: %w: invalid %s at byte %d", ErrNotText, canon, at)
	}
	switch canon {
	case UTF8:
		b = bytes.TrimPrefix(b, bomUTF8)
		if !utf8.Valid(b) {
			return bad(len(b) - len(bytes.ToValidUTF8(b, nil)))
		}
		return string(b), nil
	case UTF16LE, UTF16BE:
		le := canon == UTF16LE
		if le && bytes.HasPrefix(b, bomLE) || !le && bytes.HasPrefix(b, bomBE) {
			b = b[2:]
		}
		if r := scanUTF16(t, b, le, 0); !r.ok {
			return bad(r.at)
		}
		e := unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)
		if le {
			e = unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)
		}
		out, err := e.NewDecoder().Bytes(b)
		return string(out), err
	case GB18030:
		if r := scanGB18030(t, b, 0); !r.ok {
			return bad(r.at)
		}
		out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(b)
		return string(out), err
	case Big5HKSCS:
		if r := scanBig5(t, b, 0); !r.ok {
			return bad(r.at)
		}
		out, err := traditionalchinese.Big5.NewDecoder().Bytes(b)
		return string(out), err
	case HZGB2312:
		if _, _, ok := scanHZ(t, b); !ok {
			return "", fmt.Errorf("encoding: %w: invalid %s", ErrNotText, canon)
		}
		out, err := simplifiedchinese.HZGB2312.NewDecoder().Bytes(b)
		return string(out), err
	}
	return "", fmt.Errorf("encoding: %w: %q", ErrUnsupported, name)
}

func canonical(name string) string {
	switch strings.ToLower(strings.ReplaceAll(strings.ReplaceAll(name, "_", "-"), " ", "")) {
	case "utf-8", "utf8", "ascii", "us-ascii":
		return UTF8
	case "utf-16le", "utf16le":
		return UTF16LE
	case "utf-16be", "utf16be":
		return UTF16BE
	case "gb18030", "gbk", "gb2312", "cp936", "euc-cn":
		return GB18030
	case "big5-hkscs", "big5hkscs", "big5", "cp950":
		return Big5HKSCS
	case "hz-gb-2312", "hz", "hzgb2312":
		return HZGB2312
	}
	return name
}
