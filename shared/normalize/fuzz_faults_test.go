package normalize_test

import (
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/zhdoc/zhdoc/shared/normalize"
)

// FuzzNormalize: on any valid UTF-8 (what decoding hands it) Normalize
// does not panic, gives valid UTF-8, and articles that are ascending,
// non-overlapping line ranges of its text, at least one when the text is
// non-empty; and normalizing its output changes nothing. `go test -fuzz FuzzNormalize ./shared/normalize` explores.
// Known: a run of more than four ASCII marks before Chinese text is
// widened over more passes than Normalize makes. ZHDOC_FUZZ_SKIP_IDEMPOTENCE=1
// skips the idempotence check to explore past it.
func FuzzNormalize(f *testing.F) {
	skipIdempotence := os.Getenv("ZHDOC_FUZZ_SKIP_IDEMPOTENCE") != ""
	for _, seed := range []string{
		"", " ", "a", "\u3000\n\n", "新华社北京7月4日电 国家主席习近平出席会议。\n",
		"【新闻】\n标题\n\n新华社北京7月4日电（记者 王小明）国务院总理李强4日在北京会见外宾。\n责任编辑：张三\n",
		"中央社台北4日電 行政院長出席會議。", "ＡＢＣ１２３，全角标点！？", "鍚屾椂锛屾垜浠", "ﾃｽﾄ半角",
		strings.Repeat("（", 200) + "括号" + strings.Repeat("）", 200), "a\x00b\u200b\ufeffc\r\n\r\nd",
		"The quick brown fox.\nJumps.", "好! 好", "好!  好? 好", ",,㐂", ",,,,中", "第一章\n\n　　正文第一段。\n　　正文第二段。",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return // decoding never hands Normalize invalid UTF-8
		}
		r := normalize.Normalize(s)
		if !utf8.ValidString(r.Text) {
			t.Fatalf("invalid UTF-8 out: %q", r.Text)
		}
		lines := 0
		if r.Text != "" {
			lines = len(strings.Split(r.Text, "\n"))
			if len(r.Articles) == 0 {
				t.Fatalf("text %q without articles", r.Text)
			}
		}
		if again := normalize.Normalize(r.Text).Text; again != r.Text && !skipIdempotence {
			t.Fatalf("not idempotent:\n in  %q\n out %q\n 2nd %q", s, r.Text, again)
		}
		end := 0
		for _, a := range r.Articles {
			if a.StartLine < end || a.EndLine <= a.StartLine || a.EndLine > lines {
				t.Fatalf("article lines [%d,%d) after %d, text of %d lines", a.StartLine, a.EndLine, end, lines)
			}
			end = a.EndLine
		}
	})
}
