package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestNormalizeCommand(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "in.txt")
	if err := os.WriteFile(file, []byte("\uFEFF首頁 » 新聞\r\n\r\n他說:「發(fā)展 很好」,對。\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{[]string{file}, 0, "他說：「發展很好」，對。\n", ""},
		{[]string{"--simplified", file}, 0, "他说：“发展很好”，对。\n", ""},
		{[]string{}, 2, "", "exactly one FILE"},
		{[]string{file + ".nope"}, 1, "", "no such file"},
	}
	for _, tc := range tests {
		var out, errb bytes.Buffer
		code := dispatch(append([]string{"normalize"}, tc.args...), strings.NewReader(""), &out, &errb)
		if code != tc.code || out.String() != tc.stdout || !strings.Contains(errb.String(), tc.stderr) {
			t.Errorf("%v: code %d stdout %q stderr %q", tc.args, code, out.String(), errb.String())
		}
	}
}
