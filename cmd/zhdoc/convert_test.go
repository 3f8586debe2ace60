package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestConvertCommand(t *testing.T) {
	file := filepath.Join(t.TempDir(), "in.txt")
	if err := os.WriteFile(file, []byte("\uFEFF乾隆年間很乾淨\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		args   []string
		stdin  string
		code   int
		stdout string
		stderr string
	}{
		{"stdin", []string{"-c", "t2s"}, "藉口乾淨", 0, "借口干净", ""},
		{"file", []string{"-c", "t2s", file}, "", 0, "\uFEFF乾隆年间很干净\r\n", ""},
		{"tw2sp", []string{"-c", "tw2sp"}, "滑鼠", 0, "鼠标", ""},
		{"via dispatch", nil, "", 0, "", ""},
		{"no config", []string{}, "x", 2, "", "-c CONFIG is required"},
		{"bad config", []string{"-c", "x2y"}, "x", 2, "", "unknown config"},
		{"bad flag", []string{"-z"}, "x", 2, "", "usage: zhdoc convert"},
		{"two files", []string{"-c", "t2s", file, file}, "", 2, "", "at most one FILE"},
		{"missing file", []string{"-c", "t2s", file + ".nope"}, "", 1, "", "no such file"},
		{"invalid utf8", []string{"-c", "t2s"}, "ab\xff", 1, "", "offset 2"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			var code int
			if tc.args == nil {
				code = dispatch([]string{"convert", "-c", "s2t", file}, strings.NewReader(""), &out, &errb)
				tc.stdout = "\uFEFF乾隆年間很乾淨\r\n"
			} else {
				code = runConvert(tc.args, strings.NewReader(tc.stdin), &out, &errb)
			}
			if code != tc.code || out.String() != tc.stdout || !strings.Contains(errb.String(), tc.stderr) {
				t.Errorf("code %d stdout %q stderr %q; want %d %q %q", code, out.String(), errb.String(), tc.code, tc.stdout, tc.stderr)
			}
		})
	}
}
