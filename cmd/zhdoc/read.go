package main

import (
	"strings"

	"github.com/zhdoc/zhdoc/shared/encoding"
	"github.com/zhdoc/zhdoc/shared/format"
	"github.com/zhdoc/zhdoc/shared/format/docx"
	"github.com/zhdoc/zhdoc/shared/format/htmldoc"
	"github.com/zhdoc/zhdoc/shared/format/pdf"
	"github.com/zhdoc/zhdoc/shared/normalize"
	"github.com/zhdoc/zhdoc/shared/pipeline"
)

// document is a file as the pipeline reads it: its format, the text its
// reader gives (decoded plain text for text files), the encoding and the
// format's metadata (nil for text).
type document struct {
	format string
	text   string
	enc    encoding.Result
	meta   *format.Meta
}

// readDocument reads b through the format readers the pipeline uses
// (HTML, DOCX, PDF by their bytes, else text by the encoding detector).
func readDocument(b []byte) (document, error) {
	d := document{format: format.Detect(b)}
	var (
		fd  format.Document
		err error
	)
	switch d.format {
	case format.HTML:
		fd, err = htmldoc.Extract(b, "")
		d.enc = encoding.Result{Name: fd.Meta.Encoding, Confidence: fd.Meta.EncodingConfidence, BOM: fd.Meta.BOM}
	case format.DOCX:
		fd, err = docx.Extract(b, pipeline.DefaultMaxBytes)
		d.enc = encoding.Result{Name: encoding.UTF8, Confidence: 1}
	case format.PDF:
		fd, err = pdf.Extract(b, pdf.LimitsFromEnv())
		d.enc = encoding.Result{Name: encoding.UTF8, Confidence: 1}
	default:
		d.text, d.enc, err = encoding.DecodeAuto(b)
		return d, err
	}
	if err != nil {
		return d, err // the readers' errors name them (htmldoc:, docx:, pdf:)
	}
	d.text, d.meta = fd.Text, &fd.Meta
	return d, nil
}

// normalized is the pipeline's normalized text of d: a reader's title
// line is normalized apart from its body (the normalizer would join a
// line without final punctuation to the next).
func (d document) normalized() string {
	title, body, ok := strings.Cut(d.text, "\n\n")
	if d.meta == nil || d.meta.Title == "" || !ok || strings.TrimSpace(title) != d.meta.Title {
		return normalize.Normalize(d.text).Text
	}
	t, b := normalize.Normalize(title), normalize.Normalize(body)
	if t.Text == "" || b.Text == "" || strings.Contains(t.Text, "\n") {
		return normalize.Normalize(d.text).Text
	}
	return t.Text + "\n" + b.Text
}
