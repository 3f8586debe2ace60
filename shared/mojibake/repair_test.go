package mojibake

import "testing"

// TestRepair runs the exported entry point on a clean line, a line with a
// GB18030 span read one byte out of step (from a reference paragraph); the
// slice given for unrepaired spans is returned as it was.
func TestRepair(t *testing.T) {
	clean := "其測試包含了美術治療法，認知行為治療和洞察療法，同時給行為分析提供"
	if got, n, u := Repair(clean, nil); got != clean || n != 0 || u != nil {
		t.Errorf("clean line: %q %d %q", got, n, u)
	}
	damaged := "其測試包含了美術治療法，認知行為治療和洞察療法，同時給行為分鎏峁"
	got, n, u := Repair(damaged, []string{"kept"})
	if got != clean || n != 1 || len(u) != 1 || u[0] != "kept" {
		t.Errorf("Repair(%q) = %q %d %q, want %q 1 [kept]", damaged, got, n, u, clean)
	}
}
