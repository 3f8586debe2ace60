package encoding

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	xenc "golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"

	"github.com/zhdoc/zhdoc/shared/testcorpus"
)

// encodeAs encodes s in the named form ("UTF-8+BOM" etc.); ok is false when s
// is not representable.
func encodeAs(s, form string) ([]byte, bool) {
	var e xenc.Encoding
	var bom []byte
	switch form {
	case "UTF-8":
		return []byte(s), true
	case "UTF-8+BOM":
		return append([]byte{0xEF, 0xBB, 0xBF}, s...), true
	case "UTF-16LE", "UTF-16LE+BOM":
		e = unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)
		if strings.HasSuffix(form, "+BOM") {
			bom = []byte{0xFF, 0xFE}
		}
	case "UTF-16BE", "UTF-16BE+BOM":
		e = unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)
		if strings.HasSuffix(form, "+BOM") {
			bom = []byte{0xFE, 0xFF}
		}
	case "GB18030":
		e = simplifiedchinese.GB18030
	case "Big5-HKSCS":
		e = traditionalchinese.Big5
	case "HZ-GB-2312":
		e = simplifiedchinese.HZGB2312
	default:
		panic(form)
	}
	b, err := e.NewEncoder().Bytes([]byte(s))
	if err != nil {
		return nil, false
	}
	return append(bom, b...), true
}

var forms = []string{"UTF-8", "UTF-8+BOM", "UTF-16LE", "UTF-16LE+BOM", "UTF-16BE", "UTF-16BE+BOM", "GB18030", "Big5-HKSCS", "HZ-GB-2312"}

// expectName is the Result a correct detector gives for s encoded as form.
func expectName(b []byte, form string) (string, bool) {
	name, bomSuffix := strings.CutSuffix(form, "+BOM")
	ctrl, _ := asciiStats(b)
	if !bomSuffix && utf8.Valid(b) && bytes.IndexByte(b, 0) < 0 && (ctrl == 0 || ctrl*512 <= len(b)) {
		if name == HZGB2312 && bytes.Contains(b, []byte("~{")) {
			return HZGB2312, false
		}
		return UTF8, false // pure ASCII (or, rarely, bytes valid as UTF-8)
	}
	return name, bomSuffix
}

func roundTrip(t *testing.T, text, form string) (ok bool, msg string) {
	b, representable := encodeAs(text, form)
	if !representable {
		return true, "skip"
	}
	want, wantBOM := expectName(b, form)
	r, err := Check(b)
	if err != nil {
		return false, fmt.Sprintf("%s: Check error %v", form, err)
	}
	if r.Name != want || r.BOM != wantBOM {
		return false, fmt.Sprintf("%s: got %+v, want %s bom=%v", form, r, want, wantBOM)
	}
	s, err := Decode(b, r.Name)
	if err != nil || s != text {
		return false, fmt.Sprintf("%s: lossy decode (err %v)", form, err)
	}
	return true, ""
}

func loadTexts(t *testing.T) map[string]string {
	texts := map[string]string{}
	seeds, _ := filepath.Glob(filepath.Join(testcorpus.Testdata(t, "seeds"), "*.txt"))
	refs, _ := filepath.Glob(filepath.Join(testcorpus.Shared(t, "corpus", "reference"), "*.txt"))
	for _, f := range append(seeds, refs...) {
		if strings.HasPrefix(filepath.Base(f), "pool-") {
			continue // the pools train the frequency model
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts[filepath.Base(f)] = string(b)
	}
	if len(texts) == 0 {
		t.Fatal("no texts")
	}
	return texts
}

func prefixRunes(s string, n int) string {
	i := 0
	for k := range s {
		if i == n {
			return s[:k]
		}
		i++
	}
	return s
}

// TestGeneratedCorpus encodes prefixes of the seed and reference texts in
// every encoding they are representable in and checks the detected name and
// a lossless decode: 100% from 96 characters on, rates logged below.
func TestGeneratedCorpus(t *testing.T) {
	texts := loadTexts(t)
	names := make([]string, 0, len(texts))
	for n := range texts {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range []int{24, 48, 96, 200, 1000, -1} {
		total, good := 0, 0
		perForm := map[string][2]int{}
		for _, name := range names {
			text := texts[name]
			if n > 0 {
				text = prefixRunes(text, n)
			}
			for _, form := range forms {
				ok, msg := roundTrip(t, text, form)
				if msg == "skip" {
					continue
				}
				total++
				c := perForm[form]
				c[1]++
				if ok {
					good++
					c[0]++
				} else if n < 0 || n >= 96 {
					t.Errorf("%s prefix %d: %s", name, n, msg)
				} else {
					t.Logf("miss %s prefix %d: %s", name, n, msg)
				}
				perForm[form] = c
			}
		}
		label := fmt.Sprint(n)
		if n < 0 {
			label = "whole"
		}
		t.Logf("prefix %-5s: %d/%d correct (%.1f%%) %v", label, good, total, 100*float64(good)/float64(total), perForm)
	}
}

func mustEnc(t *testing.T, s, form string) []byte {
	t.Helper()
	b, ok := encodeAs(s, form)
	if !ok {
		t.Fatalf("%q not representable in %s", s, form)
	}
	return b
}

func TestCases(t *testing.T) {
	hkscs, err := traditionalchinese.Big5.NewDecoder().Bytes([]byte{0x87, 0x40, 0x88, 0x40, 0x8E, 0x69, 0x96, 0xA1, 0xFE, 0x50})
	if err != nil || bytes.ContainsRune(hkscs, 0xFFFD) {
		t.Fatalf("HKSCS sample: %q %v", hkscs, err)
	}
	hkText := "香港特別行政區政府今日公布" + string(hkscs) + "，市民可於網上查閱詳情。"
	gb4 := "这是一个包含扩展字符的句子：𠮷野家、㐀、Ä和€，以及常见的汉字。"
	mixedCRLF := "第一行文字\r\n第二行：https://example.com/a?b=1&c=2 编号 12345\r\n第三行，完。\r\n"
	mixedCRLFT := "第一行文字\r\n第二行：https://example.com/a?b=1&c=2 編號 12345\r\n第三行，完。\r\n"
	engGB := "Please see the attached file 报告 for details; it covers Q3 2024 revenue and costs."
	engBig5 := "Please see the attached file 報告 for details; it covers Q3 2024 revenue and costs."
	cases := []struct {
		name  string
		in    []byte
		want  string
		bom   bool
		text  string
		check func(Result) error
	}{
		{"ascii", []byte("Hello, world.\nVersion 1.2.3 at https://example.com/\n"), UTF8, false, "", nil},
		{"empty", nil, UTF8, false, "", nil},
		{"hkscs only chars", mustEnc(t, hkText, Big5HKSCS), Big5HKSCS, false, hkText, nil},
		{"gb18030 four-byte", mustEnc(t, gb4, GB18030), GB18030, false, gb4, nil},
		{"english + one word GBK", mustEnc(t, engGB, GB18030), GB18030, false, engGB, nil},
		{"english + one word Big5", mustEnc(t, engBig5, Big5HKSCS), Big5HKSCS, false, engBig5, nil},
		{"crlf url gb", mustEnc(t, mixedCRLF, GB18030), GB18030, false, mixedCRLF, nil},
		{"crlf url big5", mustEnc(t, mixedCRLFT, Big5HKSCS), Big5HKSCS, false, mixedCRLFT, nil},
		{"crlf url utf16le", mustEnc(t, mixedCRLF, UTF16LE), UTF16LE, false, mixedCRLF, nil},
		{"crlf url utf16be", mustEnc(t, mixedCRLF, UTF16BE), UTF16BE, false, mixedCRLF, nil},
		{"pure cjk utf16le", mustEnc(t, "中华人民共和国", UTF16LE), UTF16LE, false, "中华人民共和国", nil},
		{"pure cjk utf16be", mustEnc(t, "中華民國國旗", UTF16BE), UTF16BE, false, "中華民國國旗", nil},
		{"hz", []byte("HZ mail: ~{VPND~} and ~{<rLe~} text ~~ tilde\n"), HZGB2312, false, "HZ mail: 中文 and 简体 text ~ tilde\n", nil},
		{"ascii with ~{ code", []byte("map := m~{x}; s := \"~{\"\n"), UTF8, false, "", nil},
		{"utf8 bom", []byte("\xEF\xBB\xBF中文"), UTF8, true, "中文", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := Check(c.in)
			if err != nil || r.Name != c.want || r.BOM != c.bom {
				t.Fatalf("got %+v %v, want %s bom=%v", r, err, c.want, c.bom)
			}
			if r.Confidence <= 0 || r.Confidence > 1 {
				t.Errorf("confidence %v", r.Confidence)
			}
			s, _, err := DecodeAuto(c.in)
			if err != nil {
				t.Fatal(err)
			}
			if c.text != "" && s != c.text {
				t.Errorf("decoded %q, want %q", s, c.text)
			}
		})
	}
}

func TestNotText(t *testing.T) {
	rnd := rand.New(rand.NewSource(1))
	random := make([]byte, 4096)
	rnd.Read(random)
	gbBig := bytes.Repeat(mustEnc(t, "中华人民共和国成立于一九四九年。", GB18030), 4000) // > 64 KiB
	cases := []struct {
		name   string
		in     []byte
		target error
		reason string
	}{
		{"png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), ErrNotText, "PNG"},
		{"pdf", []byte("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj"), ErrNotText, "PDF"},
		{"zip", []byte("PK\x03\x04\x14\x00\x00\x00"), ErrNotText, "ZIP"},
		{"gzip", []byte{0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0}, ErrNotText, "gzip"},
		{"jpeg", []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F'}, ErrNotText, "JPEG"},
		{"nul heavy", append([]byte("abc\x00\x00\x00\x01\x02"), random[:101]...), ErrNotText, ""},
		{"random", random, ErrNotText, ""},
		{"nul ascii", []byte("key\x00value\x00\x00"), ErrNotText, "NUL"},
		{"invalid late", append(gbBig, 0xFF, 0xFF), ErrNotText, "invalid in every candidate"},
		// UTF-8 with a few bad bytes, at both parities: an even length must
		// not pass as BOM-less UTF-16 gibberish
		{"bad bytes in utf-8, odd", []byte(strings.Repeat("国家主席习近平出席会议。", 20) + "\xff\xfe\xc3\x28\xa0" + strings.Repeat("新华社北京电。", 20)), ErrNotText, "invalid in every candidate"},
		{"bad bytes in utf-8, even", []byte(strings.Repeat("国家主席习近平出席会议。", 20) + "\xff\xfe\xc3\x28\xa0\xa1" + strings.Repeat("新华社北京电。", 20)), ErrNotText, "invalid in every candidate"},
		{"truncated gb", mustEnc(t, "中文测试", GB18030)[:7], ErrNotText, ""},
		{"bad utf8 after bom", []byte("\xEF\xBB\xBF\xC3\x28"), ErrNotText, "BOM"[0:0]},
		{"utf32", []byte("\xFF\xFE\x00\x00a\x00\x00\x00"), ErrUnsupported, "UTF-32"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := Check(c.in)
			if !errors.Is(err, c.target) || r.Name != "" {
				t.Fatalf("got %+v %v, want %v", r, err, c.target)
			}
			if !strings.Contains(err.Error(), c.reason) {
				t.Errorf("error %q lacks %q", err, c.reason)
			}
			if d := Detect(c.in); d.Name != "" {
				t.Errorf("Detect says %+v", d)
			}
			if _, _, err := DecodeAuto(c.in); !errors.Is(err, c.target) {
				t.Errorf("DecodeAuto: %v", err)
			}
		})
	}
}

// TestPeers checks the peer test files listed in peers/manifest.tsv.
func TestPeers(t *testing.T) {
	manifest := testcorpus.Shared(t, "peers", "manifest.tsv")
	f, err := os.Open(manifest)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := map[string]string{"BIG5": Big5HKSCS, "GB": GB18030, "UTF-8": UTF8, "UTF-16LE": UTF16LE, "UTF-16BE": UTF16BE}
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	n := 0
	for sc.Scan() {
		col := strings.Split(sc.Text(), "\t")
		path, enc, family := col[0], col[1], col[2]
		if !strings.HasPrefix(path, "uchardet-zh/") && !strings.HasPrefix(path, "charset-normalizer-zh/") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(filepath.Dir(manifest), path))
		if err != nil {
			t.Fatal(err)
		}
		n++
		r, err := Check(b)
		if family == "EUC-TW" {
			if !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), "EUC-TW") {
				t.Errorf("%s: got %+v %v, want ErrUnsupported naming EUC-TW", path, r, err)
			}
			continue
		}
		w, ok := want[family]
		if !ok {
			t.Errorf("%s: unknown family %s", path, family)
			continue
		}
		wantBOM := strings.HasSuffix(enc, "-BOM")
		if err != nil || r.Name != w || r.BOM != wantBOM {
			t.Errorf("%s: got %+v %v, want %s bom=%v", path, r, err, w, wantBOM)
			continue
		}
		if _, err := Decode(b, r.Name); err != nil {
			t.Errorf("%s: decode: %v", path, err)
		}
		t.Logf("%-45s %-12s -> %+v", path, enc, r)
	}
	if n == 0 {
		t.Fatal("no peer files")
	}
}

// TestTablesMatchXText checks the strict validators against x/text: a
// sequence is valid exactly when x/text decodes it without U+FFFD.
func TestTablesMatchXText(t *testing.T) {
	tb := getTables()
	gbDec := simplifiedchinese.GB18030.NewDecoder()
	b5Dec := traditionalchinese.Big5.NewDecoder()
	for lead := 0x81; lead <= 0xFE; lead++ {
		for trail := 0x40; trail <= 0xFE; trail++ {
			in := []byte{byte(lead), byte(trail)}
			out, _ := gbDec.Bytes(in)
			xOK := utf8.RuneCount(out) == 1 && !bytes.ContainsRune(out, 0xFFFD)
			if got := scanGB18030(tb, in, 0).ok; got != xOK {
				t.Errorf("gb %x: ours %v, x/text %q", in, got, out)
			}
			out, _ = b5Dec.Bytes(in)
			xOK = !bytes.ContainsRune(out, 0xFFFD) && trail >= 0x40 && (trail <= 0x7E || trail >= 0xA1)
			if got := scanBig5(tb, in, 0).ok; got != xOK {
				t.Errorf("big5 %x: ours %v, x/text %q", in, got, out)
			}
		}
	}
	if testing.Short() {
		return
	}
	in := make([]byte, 4)
	for a := 0x81; a <= 0xFE; a++ {
		for b := 0x30; b <= 0x39; b++ {
			for c := 0x81; c <= 0xFE; c++ {
				for d := 0x30; d <= 0x39; d++ {
					in[0], in[1], in[2], in[3] = byte(a), byte(b), byte(c), byte(d)
					out, _ := gbDec.Bytes(in)
					r, _ := utf8.DecodeRune(out)
					xOK := len(out) == utf8.RuneLen(r) && (r != 0xFFFD || string(in) == "\x84\x31\xA4\x37")
					if got := scanGB18030(tb, in, 0).ok; got != xOK {
						t.Fatalf("gb %x: ours %v, x/text %q", in, got, out)
					}
				}
			}
		}
	}
}

func FuzzDetect(f *testing.F) {
	f.Add([]byte("hello"))
	f.Add([]byte("\xEF\xBB\xBF中文"))
	f.Add([]byte{0xFF, 0xFE, 0x2D, 0x4E})
	f.Add([]byte{0xD6, 0xD0, 0xCE, 0xC4})
	f.Add([]byte{0xA4, 0xA4, 0xA4, 0xE5, 0x87, 0x40})
	f.Add([]byte("~{VPND~}"))
	f.Add([]byte{0x81, 0x30, 0x81, 0x30, 0x90, 0x30, 0x81, 0x30})
	f.Add([]byte{0x8E, 0xA2, 0xA1, 0xA1})
	f.Fuzz(func(t *testing.T, b []byte) {
		r := Detect(b)
		c, err := Check(b)
		if c != r {
			t.Fatalf("Detect %+v != Check %+v", r, c)
		}
		if (err == nil) != (r.Name != "") {
			t.Fatalf("Check %+v with error %v", r, err)
		}
		if r.Confidence < 0 || r.Confidence > 1 {
			t.Fatalf("confidence %v", r.Confidence)
		}
		s, d, err2 := DecodeAuto(b)
		if d != r || (err2 == nil) != (err == nil) {
			t.Fatalf("DecodeAuto %+v %v vs Check %+v %v", d, err2, r, err)
		}
		if r.Name == "" {
			return
		}
		s2, err := Decode(b, r.Name)
		if err != nil {
			t.Fatalf("Decode(%s): %v", r.Name, err)
		}
		if s != s2 || !utf8.ValidString(s) {
			t.Fatalf("inconsistent decode")
		}
	})
}

// TestShortWindows reports the rate on short windows starting at every
// paragraph of every text (not only at the title), down to 8 characters.
func TestShortWindows(t *testing.T) {
	texts := loadTexts(t)
	for _, n := range []int{8, 12, 24, 48, 96} {
		total, good := 0, 0
		var misses []string
		for name, text := range texts {
			for _, para := range strings.Split(text, "\n\n") {
				para = strings.TrimSpace(para)
				if utf8.RuneCountInString(para) < n {
					continue
				}
				w := prefixRunes(para, n)
				for _, form := range []string{"GB18030", "Big5-HKSCS", "UTF-16LE", "UTF-16BE", "HZ-GB-2312"} {
					ok, msg := roundTrip(t, w, form)
					if msg == "skip" {
						continue
					}
					total++
					if ok {
						good++
					} else {
						misses = append(misses, name+" "+msg)
					}
				}
			}
		}
		t.Logf("window %3d chars: %d/%d correct (%.2f%%)", n, good, total, 100*float64(good)/float64(total))
		for i, m := range misses {
			if i < 5 {
				t.Logf("  miss: %s", m)
			}
		}
		if n >= 96 && good != total {
			t.Errorf("window %d: %d misses", n, total-good)
		}
	}
}
