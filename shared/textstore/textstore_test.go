package textstore

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/smithy-go"

	"github.com/zhdoc/zhdoc/shared/doc"
	"github.com/zhdoc/zhdoc/shared/doc/doctest"
	"github.com/zhdoc/zhdoc/shared/format/formattest"
)

func TestReaderText(t *testing.T) {
	objs := doctest.NewObjects()
	objs.Add("b", "incoming/a.txt", []byte("新华社电"))
	objs.Add("b", "incoming/a.png", []byte("\x89PNG"))
	d := doc.Document{ID: "0123456789abcdef0123", Bucket: "b", Key: "incoming/a.txt", Encoding: doc.Encoding{Name: "UTF-8"}}
	objs.Add("b", doc.TextKey("derived/", d.ID, doc.FormNormalized), []byte("新华社电（规范）"))
	notText := doc.Document{ID: "ffffffffffffffffffff", Bucket: "b", Key: "incoming/a.png"}
	objs.Add("b", "incoming/p.html", []byte(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>标题_网站</title><script>var x;</script></head><body><p>新华社电，正文一段。</p></body></html>`))
	page := doc.Document{ID: "1111111111aaaaaaaaaa", Bucket: "b", Key: "incoming/p.html", Format: "html", Encoding: doc.Encoding{Name: "UTF-8"}}
	w := formattest.Zip(map[string]string{"word/document.xml": `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>文件正文</w:t></w:r></w:p></w:body></w:document>`})
	objs.Add("b", "incoming/w.docx", w)
	word := doc.Document{ID: "2222222222bbbbbbbbbb", Bucket: "b", Key: "incoming/w.docx", Format: "docx", Encoding: doc.Encoding{Name: "UTF-8"}}
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
		{"original of a page: its article", page, doc.FormOriginal, "标题\n\n新华社电，正文一段。", nil},
		{"original of a Word file: its text", word, doc.FormOriginal, "文件正文", nil},
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
