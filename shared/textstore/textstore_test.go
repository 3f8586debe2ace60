package textstore

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/smithy-go"

	"github.com/zhdoc/zhdoc/shared/doc"
	"github.com/zhdoc/zhdoc/shared/doc/doctest"
)

func TestReaderText(t *testing.T) {
	objs := doctest.NewObjects()
	objs.Add("b", "incoming/a.txt", []byte("新华社电"))
	objs.Add("b", "incoming/a.png", []byte("\x89PNG"))
	d := doc.Document{ID: "0123456789abcdef0123", Bucket: "b", Key: "incoming/a.txt", Encoding: doc.Encoding{Name: "UTF-8"}}
	objs.Add("b", doc.TextKey("derived/", d.ID, doc.FormNormalized), []byte("新华社电（规范）"))
	notText := doc.Document{ID: "ffffffffffffffffffff", Bucket: "b", Key: "incoming/a.png"}
	r := Reader{Objects: objs, Prefix: "derived/"}
	for _, c := range []struct {
		name string
		d    doc.Document
		form string
		want string
		err  error
	}{
		{"original", d, doc.FormOriginal, "新华社电", nil},
		{"normalized", d, doc.FormNormalized, "新华社电（规范）", nil},
		{"simplified is gone", d, doc.FormSimplified, "", doc.ErrNotFound},
		{"original of an object that is not text", notText, doc.FormOriginal, "", doc.ErrNoText},
	} {
		got, err := r.Text(context.Background(), c.d, c.form)
		if got != c.want || !errors.Is(err, c.err) || (c.err == nil) != (err == nil) {
			t.Errorf("%s: %q %v, want %q %v", c.name, got, err, c.want, c.err)
		}
	}
}

// S3 names a missing key two ways: NoSuchKey (GetObject) and NotFound
// (HeadObject); both are doc.ErrNotFound, anything else stays as it was.
func TestNotFound(t *testing.T) {
	for code, want := range map[string]bool{"NoSuchKey": true, "NotFound": true, "AccessDenied": false} {
		err := notFound(&smithy.GenericAPIError{Code: code})
		if errors.Is(err, doc.ErrNotFound) != want {
			t.Errorf("%s: %v, want not found %v", code, err, want)
		}
		var apiErr smithy.APIError
		if !errors.As(err, &apiErr) || apiErr.ErrorCode() != code {
			t.Errorf("%s: the S3 error is lost: %v", code, err)
		}
	}
}
