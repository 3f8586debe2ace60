package extract

import (
	"os"
	"strings"
	"testing"
)

func TestDebugTokens(t *testing.T) {
	s := os.Getenv("DEBUG_TEXT")
	if s == "" {
		t.Skip()
	}
	e, _ := New()
	for _, line := range strings.Split(s, "|") {
		var b strings.Builder
		for _, k := range e.tokens(line) {
			b.WriteString(k.Text + "/" + k.Pos + " ")
		}
		t.Log(b.String())
		t.Logf("%+v", e.Entities(line))
	}
}
