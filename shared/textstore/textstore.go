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
// the encoding detected at ingestion.
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
