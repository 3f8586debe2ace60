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
