package ingest

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"golang.org/x/text/encoding/traditionalchinese"

	"github.com/zhdoc/zhdoc/shared/doc"
	"github.com/zhdoc/zhdoc/shared/doc/doctest"
	"github.com/zhdoc/zhdoc/shared/encoding"
	"github.com/zhdoc/zhdoc/shared/pipeline"
	"github.com/zhdoc/zhdoc/shared/store/memstore"
)

// typed gives objects the Content-Type S3 stores with them.
type typed struct {
	*doctest.Objects
	types map[string]string
}

func (o typed) Get(ctx context.Context, bucket, key string) (doc.Object, error) {
	obj, err := o.Objects.Get(ctx, bucket, key)
	obj.ContentType = o.types[key]
	return obj, err
}

// The object's Content-Type reaches the HTML reader: a page without a
// <meta charset> is read in the charset S3's metadata declares.
func TestContentTypeCharset(t *testing.T) {
	p, err := pipeline.New()
	if err != nil {
		t.Fatal(err)
	}
	page, err := traditionalchinese.Big5.NewEncoder().String("<html><head><title>港島東區新圖書館開幕</title></head><body><h1>港島東區新圖書館開幕</h1><p>新圖書館今日正式開放，市民可以借閱圖書和使用自修室。</p></body></html>")
	if err != nil {
		t.Fatal(err)
	}
	objs := doctest.NewObjects()
	objs.Add("b", "incoming/typed.html", []byte(page))
	objs.Add("b", "incoming/untyped.html", []byte(page))
	recs := memstore.New(nil)
	proc := &Processor{Objects: typed{objs, map[string]string{"incoming/typed.html": "text/html; charset=big5"}},
		Records: recs, Pipeline: p, TextPrefix: "derived/", UploadPrefix: "incoming/", Log: slog.New(slog.NewJSONHandler(io.Discard, nil))}
	ev := events.S3Event{Records: []events.S3EventRecord{
		record("ObjectCreated:Put", "incoming/typed.html"), record("ObjectCreated:Put", "incoming/untyped.html")}}
	if err := proc.HandleS3Event(context.Background(), ev); err != nil {
		t.Fatal(err)
	}
	cases := []struct{ key, charset string }{{"incoming/typed.html", "big5"}, {"incoming/untyped.html", ""}}
	for _, c := range cases {
		d, _ := get(t, recs, c.key)
		if d.Status != doc.StatusProcessed || d.FormatMeta == nil {
			t.Fatalf("%s: %+v", c.key, d)
		}
		if d.FormatMeta.Charset != c.charset {
			t.Errorf("%s: declared charset %q, want %q", c.key, d.FormatMeta.Charset, c.charset)
		}
		if c.charset != "" && d.Encoding.Name != encoding.Big5HKSCS {
			t.Errorf("%s: encoding %+v", c.key, d.Encoding)
		}
	}
}
