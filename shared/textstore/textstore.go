// Package textstore is the S3 adapter for objects (S3, doc.Objects on the
// S3 client) and reads the texts kept beside a record: the original upload,
// decoded with the encoding found at ingestion, and the derived normalized
// and Simplified texts.
package textstore

import (
	"context"
	"fmt"
	"io"

	"github.com/zhdoc/zhdoc/shared/doc"
	"github.com/zhdoc/zhdoc/shared/encoding"
	"github.com/zhdoc/zhdoc/shared/format"
	"github.com/zhdoc/zhdoc/shared/format/docx"
	"github.com/zhdoc/zhdoc/shared/format/htmldoc"
)

// Getter is what the reader needs of the object store.
type Getter interface {
	Get(ctx context.Context, bucket, key string) (doc.Object, error)
}

// Reader reads texts; derived texts live under Prefix in the record's bucket.
type Reader struct {
	Objects  Getter
	Prefix   string
	MaxBytes int64
}

// Text returns one form of d's text as UTF-8. The original is decoded with
// the encoding detected at ingestion; an HTML or DOCX original is read by
// its format's reader.
func (r Reader) Text(ctx context.Context, d doc.Document, form string) (string, error) {
	key := d.Key
	if form != doc.FormOriginal {
		key = doc.TextKey(r.Prefix, d.ID, form)
	}
	out, err := r.Objects.Get(ctx, d.Bucket, key)
	if err != nil {
		return "", fmt.Errorf("get s3://%s/%s: %w", d.Bucket, key, err)
	}
	defer out.Body.Close()
	limit := r.MaxBytes
	if limit <= 0 {
		limit = 16 << 20
	}
	b, err := io.ReadAll(io.LimitReader(out.Body, limit))
	if err != nil {
		return "", fmt.Errorf("read s3://%s/%s: %w", d.Bucket, key, err)
	}
	if form != doc.FormOriginal {
		return string(b), nil
	}
	// A page's or a Word file's original text is what its reader extracts
	// (the article, before repair and normalization), not its markup.
	switch d.Format {
	case format.HTML:
		fd, err := htmldoc.Extract(b, "")
		if err != nil {
			return "", fmt.Errorf("%w: %v", doc.ErrNoText, err)
		}
		return fd.Text, nil
	case format.DOCX:
		fd, err := docx.Extract(b, limit)
		if err != nil {
			return "", fmt.Errorf("%w: %v", doc.ErrNoText, err)
		}
		return fd.Text, nil
	case format.PDF:
		return "", fmt.Errorf("%w: PDF text extraction is not supported yet", doc.ErrNoText)
	}
	name := d.Encoding.Name
	if name == "" {
		return "", doc.ErrNoText
	}
	text, err := encoding.Decode(b, name)
	if err != nil {
		// Replaced since processing by something else: say so, not 500.
		return "", fmt.Errorf("%w: %v", doc.ErrNoText, err)
	}
	return text, nil
}
