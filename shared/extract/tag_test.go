package extract

import (
	"testing"

	"github.com/zhdoc/zhdoc/shared/extract/tagger"
)

// TestEmbeddedTagger: the committed table loads and the tagger, reading a
// cut line, finds names in sentences of the kind it was trained on.
func TestEmbeddedTagger(t *testing.T) {
	m, err := nerModel()
	if err != nil || m == nil {
		t.Fatalf("embedded table: %v (nil: %v)", err, m == nil)
	}
	if m.Size() > 4<<20 {
		t.Errorf("table of %d bytes: keep it to a few MB", m.Size())
	}
	e, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ text, typ, name string }{
		{"该小行星以美国天文学家乔治·赫比格命名。", PER, "乔治·赫比格"},
		{"上塘镇为浙江省永嘉县县政府驻地。", LOC, "上塘镇"},
		{"1990年，张伟毕业于北京大学。", ORG, "北京大学"},
	} {
		cs := e.TagCells(c.text)[0]
		labels := m.New().Tag(cs, nil)
		found := false
		rs := []rune(c.text)
		for _, sp := range tagger.Spans(labels, nil) {
			if sp.Type == c.typ && string(rs[sp.Start:sp.End]) == c.name {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no %s %s in %v", c.text, c.typ, c.name, tagger.Spans(labels, nil))
		}
	}
}

// TestMentionsInRecord: Extract lists each entity with its mentions, whose
// offsets point at their text in Input.Text.
func TestMentionsInRecord(t *testing.T) {
	e, err := New()
	if err != nil {
		t.Fatal(err)
	}
	text := "新华社北京7月4日电\n  国家主席习近平在阿斯塔纳会见哈萨克斯坦总统托卡耶夫。\n习近平说，中哈关系很好。"
	md := e.Extract(Input{Text: text, Original: text})
	rs := []rune(text)
	seen := map[string]bool{}
	for _, en := range md.Entities {
		seen[en.Type+":"+en.Name] = true
		if en.Count < len(en.Mentions) || len(en.Mentions) == 0 {
			t.Errorf("%s: count %d, %d mentions", en.Name, en.Count, len(en.Mentions))
		}
		for _, m := range en.Mentions {
			if m.Start < 0 || m.End > len(rs) || string(rs[m.Start:m.End]) != m.Text {
				t.Errorf("%s: mention %+v does not quote the text", en.Name, m)
			}
			if m.Score < 0 || m.Score > 1 {
				t.Errorf("%s: score %v", en.Name, m.Score)
			}
		}
	}
	for _, want := range []string{"PER:习近平", "PER:托卡耶夫", "LOC:哈萨克斯坦", "LOC:阿斯塔纳"} {
		if !seen[want] {
			t.Errorf("no entity %s in %+v", want, md.Entities)
		}
	}
	for _, p := range md.People {
		if !seen["PER:"+p] {
			t.Errorf("person %s has no entity", p)
		}
	}
}
