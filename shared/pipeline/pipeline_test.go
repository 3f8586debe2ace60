package pipeline

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"

	"github.com/zhdoc/zhdoc/shared/doc"
	"github.com/zhdoc/zhdoc/shared/testcorpus"
)

func newPipeline(t *testing.T) *Pipeline {
	t.Helper()
	p, err := New()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func seeds(t *testing.T) map[string][]byte {
	t.Helper()
	files, err := filepath.Glob(testcorpus.Testdata(t, "seeds", "*.txt"))
	if err != nil || len(files) != 5 {
		t.Fatalf("want 5 seeds, got %d (%v)", len(files), err)
	}
	out := map[string][]byte{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(f)] = b
	}
	return out
}

func TestSeedsAreProcessed(t *testing.T) {
	p := newPipeline(t)
	wantScript := map[string]string{"000": "Hant", "001": "Hans", "002": "Hans", "003": "Hant", "004": "Hans"}
	for name, body := range seeds(t) {
		res := p.Process(Source{Bucket: "b", Key: "incoming/" + name}, body)
		d := res.Doc
		if d.Status != doc.StatusProcessed || d.Error != nil {
			t.Errorf("%s: status %s %+v", name, d.Status, d.Error)
			continue
		}
		if d.Script != wantScript[name[:3]] {
			t.Errorf("%s: script %s, want %s", name, d.Script, wantScript[name[:3]])
		}
		if d.Encoding.Name != "UTF-8" || d.Stats.HanChars < 1000 || len(d.Keywords) == 0 {
			t.Errorf("%s: incomplete record %+v", name, d)
		}
		if strings.ContainsAny(res.Simplified, "經體會") {
			t.Errorf("%s: canonical text still has Traditional characters", name)
		}
	}
}

// The same text in any supported encoding gives the same canonical text.
func TestEncodingsAgree(t *testing.T) {
	p := newPipeline(t)
	body := seeds(t)["002_999ae4f09e75931b.txt"]
	want := p.Process(Source{Bucket: "b", Key: "k"}, body)
	encoders := map[string]func([]byte) ([]byte, error){
		"GB18030":  simplifiedchinese.GB18030.NewEncoder().Bytes,
		"UTF-16LE": unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes,
		"UTF-16BE": unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM).NewEncoder().Bytes,
	}
	for name, encode := range encoders {
		b, err := encode(body)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got := p.Process(Source{Bucket: "b", Key: "k"}, b)
		if got.Doc.Encoding.Name != name {
			t.Errorf("detected %s, want %s", got.Doc.Encoding.Name, name)
		}
		if got.Simplified != want.Simplified {
			t.Errorf("%s: canonical text differs from the UTF-8 upload", name)
		}
	}
	hk := seeds(t)["003_8dd8231aff3203e7.txt"]
	b, err := traditionalchinese.Big5.NewEncoder().Bytes(hk)
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Process(Source{Bucket: "b", Key: "k"}, b); got.Doc.Encoding.Name != "Big5-HKSCS" || got.Doc.Script != "Hant" {
		t.Errorf("Big5 upload: %s %s", got.Doc.Encoding.Name, got.Doc.Script)
	}
}

// Bad input becomes a failed record with a reason, never a panic or a skip.
func TestFailedRecords(t *testing.T) {
	p := newPipeline(t)
	p.MaxBytes = 1 << 10
	png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 100)...)
	cases := []struct {
		name string
		body []byte
		size int64
		code string
	}{
		{"png", png, 0, doc.CodeNotText},
		{"nul", []byte("abc\x00\x00\x00def\x00\x00"), 0, doc.CodeNotText},
		{"too large", make([]byte, 2<<10), 0, doc.CodeTooLarge},
		{"declared too large", []byte("小"), 5 << 20, doc.CodeTooLarge},
		{"blank", []byte(" \r\n\t\n"), 0, doc.CodeEmpty},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := p.Process(Source{Bucket: "b", Key: c.name, Size: c.size}, c.body).Doc
			if d.Status != doc.StatusFailed || d.Error == nil || d.Error.Code != c.code || d.Error.Message == "" {
				t.Fatalf("got status %q error %+v, want failed/%s", d.Status, d.Error, c.code)
			}
			if d.ID != doc.ID("b", c.name) || d.Key != c.name {
				t.Fatalf("failed record lost its identity: %+v", d)
			}
		})
	}
}

// A page with megabytes of navigation still gives a record that fits in a
// DynamoDB item; what is not kept is counted.
func TestRepairsAreBounded(t *testing.T) {
	r := doc.Repairs{BoilerplateLines: make([]string, 20000)}
	for i := range r.BoilerplateLines {
		r.BoilerplateLines[i] = "首页 » 新闻频道 » 国内新闻 » 相关阅读"
	}
	capRepairs(&r)
	total := 0
	for _, l := range r.BoilerplateLines {
		total += len(l)
	}
	if total > maxRepairBytes || len(r.BoilerplateLines) == 0 {
		t.Fatalf("kept %d bytes in %d lines", total, len(r.BoilerplateLines))
	}
	if r.Counts["boilerplateLinesNotKept"] != 20000-len(r.BoilerplateLines) {
		t.Errorf("not-kept count %d", r.Counts["boilerplateLinesNotKept"])
	}
}
