package docx_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/zhdoc/zhdoc/shared/format"
	"github.com/zhdoc/zhdoc/shared/format/docx"
	"github.com/zhdoc/zhdoc/shared/format/formattest"
)

const ns = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"`

func body(inner string) map[string]string {
	return map[string]string{"word/document.xml": `<?xml version="1.0"?><w:document ` + ns + `><w:body>` + inner + `</w:body></w:document>`}
}

func TestExtract(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		want  string
		err   error
	}{
		{"runs split mid-word", body(`<w:p><w:r><w:t>中华人</w:t></w:r><w:proofErr w:type="spellStart"/><w:r><w:rPr><w:b/></w:rPr><w:t>民共和国</w:t></w:r></w:p>`), "中华人民共和国", nil},
		{"tab and break", body(`<w:p><w:r><w:t>甲</w:t><w:tab/><w:t>乙</w:t><w:br/><w:t>丙</w:t></w:r></w:p>`), "甲\t乙\n丙", nil},
		{"deleted text and field codes skipped", body(`<w:p><w:del><w:r><w:delText>删掉的</w:delText></w:r></w:del><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:t>留下的</w:t></w:r></w:p>`), "留下的", nil},
		{"text box once, not its fallback copy", body(`<w:p><mc:AlternateContent><mc:Choice><w:r><w:t>框内文字</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t>框内文字</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>`), "框内文字", nil},
		{"nested table cell", body(`<w:tbl><w:tr><w:tc><w:p><w:r><w:t>外</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>内一</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>内二</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:tc><w:tc><w:p><w:r><w:t>右</w:t></w:r></w:p></w:tc></w:tr></w:tbl>`), "外 内一 内二\t右", nil},
		{"no document.xml", map[string]string{"word/other.xml": "<x/>"}, "", format.ErrMalformed},
		{"unclosed element", body(`<w:p><w:r><w:t>半截`), "", format.ErrMalformed},
		{"nesting", body(strings.Repeat("<w:sdt>", 600) + strings.Repeat("</w:sdt>", 600)), "", format.ErrMalformed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d, err := docx.Extract(formattest.Zip(c.files), 1<<20)
			if c.err != nil {
				if !errors.Is(err, c.err) {
					t.Fatalf("err = %v, want %v", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d.Text != c.want {
				t.Errorf("text %q, want %q", d.Text, c.want)
			}
		})
	}
}

func TestBudget(t *testing.T) {
	files := body(`<w:p><w:r><w:t>` + strings.Repeat("字", 1<<20) + `</w:t></w:r></w:p>`)
	if _, err := docx.Extract(formattest.Zip(files), 1<<20); !errors.Is(err, format.ErrTooLarge) {
		t.Errorf("err = %v, want ErrTooLarge", err)
	}
	if _, err := docx.Extract(formattest.Zip(files), 8<<20); err != nil {
		t.Errorf("err = %v under a larger limit", err)
	}
}

func TestBuilt(t *testing.T) {
	for _, c := range formattest.DOCX(t)[:4] {
		d, err := docx.Extract(c.Bytes, 16<<20)
		if err != nil {
			t.Fatal(err)
		}
		if d.Text != c.Want {
			t.Errorf("%s: text differs:\n%s\nwant\n%s", c.Name, d.Text, c.Want)
		}
		m := d.Meta
		if m.Title != c.Title || m.Author != "王明" || m.Created != "2021-06-01" || m.Notes != 1 ||
			len(m.Headers) != 1 || len(m.Footers) != 1 {
			t.Errorf("%s: meta %+v", c.Name, m)
		}
	}
}

func BenchmarkExtract(b *testing.B) {
	c := formattest.DOCX(b)[0]
	b.SetBytes(int64(len(c.Bytes)))
	for b.Loop() {
		if _, err := docx.Extract(c.Bytes, 16<<20); err != nil {
			b.Fatal(err)
		}
	}
}
