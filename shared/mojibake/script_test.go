package mojibake

import "testing"

func TestScriptOf(t *testing.T) {
	for _, c := range []struct {
		r    rune
		want int
	}{
		{'说', scriptSimp}, {'說', scriptTrad}, {'被', scriptBoth}, {'学', scriptSimp}, {'學', scriptTrad},
		{'a', scriptBoth}, {'，', scriptBoth},
	} {
		if got := scriptOf(c.r); got != c.want {
			t.Errorf("scriptOf(%q) = %d, want %d", c.r, got, c.want)
		}
	}
	for _, c := range []struct {
		left, right string
		want        int
	}{
		{"我们认为这个问题", "非常重要，这说明了", scriptSimp},
		{"我們認為這個問題", "非常重要，這說明了", scriptTrad},
		{"中文", "一", scriptBoth},
	} {
		if got := contextScript([]rune(c.left), []rune(c.right)); got != c.want {
			t.Errorf("contextScript(%q, %q) = %d, want %d", c.left, c.right, got, c.want)
		}
	}
	if offScript([]rune("说學被"), scriptSimp) != scriptCost || offScript([]rune("说學"), scriptBoth) != 0 {
		t.Error("offScript")
	}
}

// TestGuessInScript: a hole in Simplified text is filled with a character
// Simplified writes (学, not 學, whose bytes fit the hole as well).
func TestGuessInScript(t *testing.T) {
	for _, c := range []struct{ before, span, after string }{
		{"交叉领域则为", "地貌学提供", "了空间。二十世纪五十年代以来，这门学科发展很快。"},
	} {
		line := c.before + asGBK(c.span, "?") + c.after
		got, _, _ := Repair(line, nil)
		if want := c.before + c.span + c.after; got != want {
			t.Errorf("Repair(%q) = %q, want %q", line, got, want)
		}
	}
}
