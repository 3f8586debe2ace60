package uner

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestReadIOB2(t *testing.T) {
	const file = `# sent_id = 1
# text = 奧巴馬在美國。
1	奧巴馬	B-PER	-	a
2	在	O	-	-
3	美國	B-LOC	-	a
4	。	O	-	-

# sent_id = 2
1	聯合	B-ORG	-	a
2	國	I-ORG	-	a
3	科瑞	B-PER	-	a
4	·	I-PER	-	a
5	舒爾曼	I-PER	-	a
6	和	O	-	-
7	某物	B-OTH	-	a
8	I	I-LOC	-	a
`
	lower := func(s string) (string, error) { return strings.ToLower(s), nil }
	grow := func(s string) (string, error) { return strings.ReplaceAll(s, "國", "国国"), nil }
	for _, c := range []struct {
		name string
		conv func(string) (string, error)
		want []Sentence
	}{
		{"as written", nil, []Sentence{
			{Text: "奧巴馬在美國。", Mentions: []Mention{{"PER", "奧巴馬", 0, 3}, {"LOC", "美國", 4, 6}}},
			{Text: "聯合國科瑞·舒爾曼和某物I", Mentions: []Mention{{"ORG", "聯合國", 0, 3}, {"PER", "科瑞·舒爾曼", 3, 9}, {"LOC", "I", 12, 13}}},
		}},
		{"converted", lower, []Sentence{
			{Text: "奧巴馬在美國。", Mentions: []Mention{{"PER", "奧巴馬", 0, 3}, {"LOC", "美國", 4, 6}}},
			{Text: "聯合國科瑞·舒爾曼和某物i", Mentions: []Mention{{"ORG", "聯合國", 0, 3}, {"PER", "科瑞·舒爾曼", 3, 9}, {"LOC", "i", 12, 13}}},
		}},
		// a conversion that changes a token's length drops the sentence
		{"length changed", grow, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "x.iob2")
			if err := os.WriteFile(p, []byte(file), 0o644); err != nil {
				t.Fatal(err)
			}
			got, err := ReadIOB2(p, c.conv)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got %+v\nwant %+v", got, c.want)
			}
		})
	}
	p := filepath.Join(t.TempDir(), "bad.iob2")
	os.WriteFile(p, []byte("1\tonly two\n"), 0o644)
	if _, err := ReadIOB2(p, nil); err == nil {
		t.Error("a line without a label: no error")
	}
	if _, err := ReadIOB2(filepath.Join(t.TempDir(), "none"), nil); err == nil {
		t.Error("a missing file: no error")
	}
}
