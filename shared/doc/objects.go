package doc

import (
	"context"
	"errors"
	"io"
	"path"
)

// Forms of a document's text.
const (
	FormOriginal   = "original"
	FormNormalized = "normalized"
	FormSimplified = "simplified"
)

// ErrNoText is returned for the original of an object that is not text.
var ErrNoText = errors.New("the object is not text")

// TextKey is the object key of a derived text (normalized or simplified)
// of document id, under prefix.
func TextKey(prefix, id, form string) string {
	return path.Join(prefix, id, form+".txt")
}

// Object is an object read from the object store.
type Object struct {
	Body io.ReadCloser
	Size int64
	ETag string // without quotes; empty when the store gives none
	// ContentType is the object's Content-Type ("" when not given); its
	// charset is a hint for HTML.
	ContentType string
}

// Objects is the object store holding uploads and derived texts (S3 in
// production, textstore.S3). Errors carry no location: callers add it.
type Objects interface {
	// Get opens an object; ErrNotFound when there is none.
	Get(ctx context.Context, bucket, key string) (Object, error)
	// Exists reports whether key holds an object.
	Exists(ctx context.Context, bucket, key string) (bool, error)
	// PutText writes text as a UTF-8 text object.
	PutText(ctx context.Context, bucket, key, text string) error
	// Delete removes an object; removing what is not there is no error.
	Delete(ctx context.Context, bucket, key string) error
}
