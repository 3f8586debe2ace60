package normalize

import "testing"

func TestChars(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"ＡＢＣ１２３", "ABC123"},
		{"  上海  合作\t组织 ", "上海 合作 组织"},
		{"你好,世界!", "你好，世界！"},
		{"1,000 and 12:30", "1,000 and 12:30"},
		{"\ufeff中\u200b国", "中国"},
	} {
		if got := Chars(tc.in); got != tc.want {
			t.Errorf("Chars(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// Normalized text is a fixed point: a line of a document typed as a query is
// written as it was indexed.
func TestCharsKeepsNormalizedText(t *testing.T) {
	for name, raw := range seeds(t) {
		text := Normalize(raw).Text
		if got := Chars(text); got != text {
			t.Errorf("%s: Chars changes normalized text", name)
		}
	}
}
