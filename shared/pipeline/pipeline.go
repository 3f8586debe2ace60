// Package pipeline turns the bytes of one uploaded object into a document
// record and its derived texts. It is one straight path that reads top to
// bottom: bytes → decode → repair → normalize → canonical → segment →
// extract → record. It knows nothing about AWS.
package pipeline

import (
	"bytes"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/go-ego/gse"

	"github.com/zhdoc/zhdoc/shared/doc"
	"github.com/zhdoc/zhdoc/shared/extract"
	"github.com/zhdoc/zhdoc/shared/segment"
)

// DefaultMaxBytes bounds the size of an object the pipeline accepts; larger
// objects become failed records (too_large) instead of exhausting memory.
const DefaultMaxBytes = 16 << 20

// Source says where the bytes came from.
type Source struct {
	Bucket string
	Key    string
	ETag   string
	Size   int64
}

// Result is the record plus the texts the processor stores beside it.
type Result struct {
	Doc        doc.Document
	Normalized string // repaired text in its original script
	Simplified string // canonical Simplified form, what search indexes
}

// Pipeline holds what is loaded once per process (dictionaries).
type Pipeline struct {
	// MaxBytes bounds the object size; larger objects fail with too_large.
	MaxBytes int64
	seg      *gse.Segmenter
	now      func() time.Time
}

// New loads the dictionaries the pipeline needs.
func New() (*Pipeline, error) {
	seg, err := segment.Default()
	if err != nil {
		return nil, err
	}
	return &Pipeline{seg: seg, MaxBytes: DefaultMaxBytes, now: time.Now}, nil
}

// Process runs every stage on body. Permanent problems with the input (not
// text, too large) give a record with status "failed"; they are not errors.
func (p *Pipeline) Process(src Source, body []byte) Result {
	d := doc.Document{
		ID:          doc.ID(src.Bucket, src.Key),
		Bucket:      src.Bucket,
		Key:         src.Key,
		Size:        src.Size,
		ETag:        src.ETag,
		Status:      doc.StatusProcessed,
		ProcessedAt: p.now().UTC().Format(time.RFC3339),
	}
	if d.Size == 0 {
		d.Size = int64(len(body))
	}
	if d.Size > p.MaxBytes || int64(len(body)) > p.MaxBytes {
		d.Fail(doc.CodeTooLarge, fmt.Sprintf("object is %d bytes; the limit is %d", max(d.Size, int64(len(body))), p.MaxBytes))
		return Result{Doc: d}
	}

	// Decode.
	text, enc, err := decode(body)
	if err != nil {
		d.Fail(doc.CodeNotText, err.Error())
		return Result{Doc: d}
	}
	d.Encoding = enc

	// Repair and normalize.
	normalized := normalizeNewlines(text)
	if strings.TrimSpace(normalized) == "" {
		d.Fail(doc.CodeEmpty, "the object holds no text")
		return Result{Doc: d}
	}

	// Canonical Simplified form.
	simplified := normalized

	// Segment.
	tokens := segment.Tokens(p.seg, simplified)

	// Extract.
	d.Title = extract.Title(simplified)
	d.TitleOriginal = extract.Title(normalized)
	d.Summary = extract.Summary(simplified, d.Title)
	d.Keywords = extract.Keywords(tokens)
	d.Stats = stats(normalized, len(tokens))
	return Result{Doc: d, Normalized: normalized, Simplified: simplified}
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// decode accepts UTF-8 with or without a BOM.
func decode(b []byte) (string, doc.Encoding, error) {
	enc := doc.Encoding{Name: "UTF-8", Confidence: 1}
	if bytes.HasPrefix(b, utf8BOM) {
		enc.BOM = true
		b = b[len(utf8BOM):]
	}
	if bytes.IndexByte(b, 0) >= 0 {
		return "", doc.Encoding{}, fmt.Errorf("not text: NUL bytes")
	}
	if !utf8.Valid(b) {
		return "", doc.Encoding{}, fmt.Errorf("not text: invalid UTF-8")
	}
	return string(b), enc, nil
}

func normalizeNewlines(s string) string {
	return strings.ReplaceAll(s, "\r\n", "\n")
}

func stats(text string, tokens int) doc.Stats {
	st := doc.Stats{Tokens: tokens, Articles: 1}
	inPara := false
	for _, r := range text {
		st.Chars++
		if unicode.Is(unicode.Han, r) {
			st.HanChars++
		}
		switch r {
		case '。', '！', '？':
			st.Sentences++
		case '\n':
			inPara = false
			continue
		}
		if !inPara && !unicode.IsSpace(r) {
			st.Paragraphs++
			inPara = true
		}
	}
	return st
}
