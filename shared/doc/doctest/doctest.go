// Package doctest holds the fakes the tests of several packages share, so
// each is written once: an in-memory object store, a helper that writes
// documents with the index entries the pipeline would give them, and a
// stand-in analyzer. The
// in-memory document store itself is store/memstore.
package doctest

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"

	"github.com/zhdoc/zhdoc/shared/doc"
	"github.com/zhdoc/zhdoc/shared/index"
	"github.com/zhdoc/zhdoc/shared/segment"
)

// ErrUnavailable is what reads of a key marked with Fail return: a
// retryable failure, as when S3 is unreachable.
var ErrUnavailable = errors.New("connection reset")

// Objects is an in-memory doc.Objects, safe for concurrent use.
type Objects struct {
	mu      sync.Mutex
	objects map[string][]byte
	down    map[string]bool
	puts    []string
}

var _ doc.Objects = (*Objects)(nil)

// NewObjects returns an empty object store.
func NewObjects() *Objects {
	return &Objects{objects: map[string][]byte{}, down: map[string]bool{}}
}

func name(bucket, key string) string { return bucket + "/" + key }

// Add uploads an object.
func (o *Objects) Add(bucket, key string, body []byte) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.objects[name(bucket, key)] = bytes.Clone(body)
}

// Remove deletes an object behind the caller's back (as a user would).
func (o *Objects) Remove(bucket, key string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	delete(o.objects, name(bucket, key))
}

// Body returns an object's content and whether it exists.
func (o *Objects) Body(bucket, key string) ([]byte, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	b, ok := o.objects[name(bucket, key)]
	return bytes.Clone(b), ok
}

// Fail makes reads of key fail with ErrUnavailable.
func (o *Objects) Fail(bucket, key string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.down[name(bucket, key)] = true
}

// Puts lists the keys PutText wrote, in order.
func (o *Objects) Puts() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]string(nil), o.puts...)
}

// Get opens an object; doc.ErrNotFound when there is none.
func (o *Objects) Get(_ context.Context, bucket, key string) (doc.Object, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.down[name(bucket, key)] {
		return doc.Object{}, ErrUnavailable
	}
	b, ok := o.objects[name(bucket, key)]
	if !ok {
		return doc.Object{}, doc.ErrNotFound
	}
	sum := md5.Sum(b) // S3's ETag of a single-part upload
	return doc.Object{Body: io.NopCloser(bytes.NewReader(b)), Size: int64(len(b)), ETag: hex.EncodeToString(sum[:])}, nil
}

// Exists reports whether key holds an object.
func (o *Objects) Exists(_ context.Context, bucket, key string) (bool, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	_, ok := o.objects[name(bucket, key)]
	return ok, nil
}

// PutText writes text.
func (o *Objects) PutText(_ context.Context, bucket, key, text string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.objects[name(bucket, key)] = []byte(text)
	o.puts = append(o.puts, key)
	return nil
}

// Delete removes an object; a missing one is not an error.
func (o *Objects) Delete(_ context.Context, bucket, key string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	delete(o.objects, name(bucket, key))
	return nil
}

// Writer is what Put needs of a document store.
type Writer interface {
	Put(ctx context.Context, d doc.Document, e index.Entries) error
}

// Put writes d with the facets and sketch the pipeline would index for it
// and the given term postings; length is the body length in tokens.
func Put(t testing.TB, w Writer, d doc.Document, length int, terms map[string]*index.Posting) {
	t.Helper()
	e := index.Entries{Terms: terms, Facets: index.Facets(d), Length: length, Sketch: index.Sketch(d.Fingerprint)}
	if err := w.Put(context.Background(), d, e); err != nil {
		t.Fatalf("put %s: %v", d.ID, err)
	}
}

// Analyzer stands in for analyze.Analyzer in tests that are not about
// analysis (routes, pagination): a query reads as typed, one reading, and
// lines are cut at spaces.
type Analyzer struct{}

// Query returns text trimmed, as its only reading.
func (Analyzer) Query(text string) ([]string, error) { return []string{strings.TrimSpace(text)}, nil }

// Tokens splits line at spaces.
func (Analyzer) Tokens(line string) []segment.Token {
	var out []segment.Token
	for _, f := range strings.Fields(line) {
		out = append(out, segment.Token{Text: f})
	}
	return out
}
