package extract

import (
	"strings"
	"testing"
)

func TestIndexLit(t *testing.T) {
	for _, c := range []struct{ s, lit string }{
		{"", "月"}, {"月", "月"}, {"七月四日", "月"}, {"岁月月", "月"}, {"abc", "c"}, {"abc", "a"}, {"abc", "abcd"},
		{"记者记", "记者"}, {"记记者", "记者"}, {"通讯", "通讯员"}, {"据新华社电", "电"}, {"aaab", "aab"},
		{"\xe6\x9c", "月"}, {"x\xe6\x9c\x88", "月"}, {"新华社消息", "消息"}, {"人民日报讯", "讯"},
	} {
		if got, want := indexLit(c.s, c.lit), strings.Index(c.s, c.lit); got != want {
			t.Errorf("indexLit(%q, %q) = %d, want %d", c.s, c.lit, got, want)
		}
	}
	for _, in := range referenceInputs(t) {
		for _, l := range strings.Split(in.Text, "\n") {
			for _, lit := range []string{"月", "据", "均据", "来源", "消息", "讯", "电", "记者", "通讯员", "－", "／", "\xef\xbc", "】"} {
				if got, want := indexLit(l, lit), strings.Index(l, lit); got != want {
					t.Fatalf("indexLit(%q, %q) = %d, want %d", l, lit, got, want)
				}
			}
		}
	}
}
