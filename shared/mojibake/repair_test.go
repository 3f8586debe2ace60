package mojibake

import (
	"strings"
	"testing"
)

// TestRepair runs the exported entry point on a clean line, a line with a
// GB18030 span read one byte out of step (from a reference paragraph); the
// slice given for unrepaired spans is returned with the repair appended,
// since the byte the stream lost was guessed.
func TestRepair(t *testing.T) {
	clean := "其測試包含了美術治療法，認知行為治療和洞察療法，同時給行為分析提供"
	if got, n, u := Repair(clean, nil); got != clean || n != 0 || u != nil {
		t.Errorf("clean line: %q %d %q", got, n, u)
	}
	damaged := "其測試包含了美術治療法，認知行為治療和洞察療法，同時給行為分鎏峁"
	got, n, g, u := RepairGuessing(damaged, []string{"kept"})
	if got != clean || n != 1 || g < 1 || len(u) != 2 || u[0] != "kept" || !strings.Contains(clean, u[1]) || !strings.Contains(u[1], "分析") {
		t.Errorf("RepairGuessing(%q) = %q %d %d %q, want %q 1 ≥1 [kept 為分析提供]", damaged, got, n, g, u, clean)
	}
}

// TestReportsWhatItCannotRead: spans no corruption explains are listed,
// not kept silently: symbols a misreading makes of Chinese punctuation
// (，read as ㄛ, 。as ﹝) and a lone lowercase letter a lost byte leaves; a
// rare word of real text is not listed.
func TestReportsWhatItCannotRead(t *testing.T) {
	for _, c := range []struct {
		line string
		want bool
	}{
		{"他们于1989爛7堎22゜賦駁﹝1945年，一场大规模的旱灾降临乌克兰。", true},
		{"这是一个关于系统的故事，记录了系y記錄的事情，还有很多别的东西和人物罕见的词汇。", true},
		{"那些脍炙人口的诗句，至今仍被人们传诵，檳榔樹也很常见。", false},
		{"他去医院做了X光检查，结果一切正常。", false},
	} {
		_, _, u := Repair(c.line, nil)
		if got := len(u) > 0; got != c.want {
			t.Errorf("Repair(%q): unrepaired %q, want listed %v", c.line, u, c.want)
		}
	}
}
