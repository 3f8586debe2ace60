// Package textstore names and reads the texts kept in S3 beside a record:
// the original upload and the derived normalized and Simplified texts.
package textstore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path"

	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/zhdoc/zhdoc/shared/doc"
	"github.com/zhdoc/zhdoc/shared/encoding"
)

// ErrNoText is returned for the original of an object that is not text.
var ErrNoText = errors.New("the object is not text")

// Forms of a document's text.
const (
	FormOriginal   = "original"
	FormNormalized = "normalized"
	FormSimplified = "simplified"
)

// Key is the S3 key of a derived text of document id.
func Key(prefix, id, form string) string {
	return path.Join(prefix, id, form+".txt")
}

// Getter is the S3 call the reader needs.
type Getter interface {
	GetObject(ctx context.Context, in *s3.GetObjectInput, opts ...func(*s3.Options)) (*s3.GetObjectOutput, error)
}

// Reader reads texts; derived texts live under Prefix in the record's bucket.
type Reader struct {
	S3       Getter
	Prefix   string
	MaxBytes int64
}

// Text returns one form of d's text as UTF-8. The original is decoded with
// the encoding detected at ingestion.
func (r Reader) Text(ctx context.Context, d doc.Document, form string) (string, error) {
	key := d.Key
	if form != FormOriginal {
		key = Key(r.Prefix, d.ID, form)
	}
	out, err := r.S3.GetObject(ctx, &s3.GetObjectInput{Bucket: &d.Bucket, Key: &key})
	if err != nil {
		var apiErr interface{ ErrorCode() string }
		if errors.As(err, &apiErr) && (apiErr.ErrorCode() == "NoSuchKey" || apiErr.ErrorCode() == "NotFound") {
			return "", doc.ErrNotFound
		}
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
	if form != FormOriginal {
		return string(b), nil
	}
	name := d.Encoding.Name
	if name == "" {
		return "", ErrNoText
	}
	text, err := encoding.Decode(b, name)
	if err != nil {
		// Replaced since processing by something else: say so, not 500.
		return "", fmt.Errorf("%w: %v", ErrNoText, err)
	}
	return text, nil
}
