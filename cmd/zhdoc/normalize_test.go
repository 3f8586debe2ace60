package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhdoc/zhdoc/shared/doc"
	"github.com/zhdoc/zhdoc/shared/format/formattest"
	"github.com/zhdoc/zhdoc/shared/pipeline"
	"github.com/zhdoc/zhdoc/shared/testcorpus"
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

// --simplified prints what the pipeline stores as the Simplified text.
func TestNormalizeSimplifiedIsThePipelines(t *testing.T) {
	p, err := pipeline.New()
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(testcorpus.Testdata(t, "seeds", "*.txt"))
	if len(files) == 0 {
		t.Fatal("no seeds")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		want := p.Process(pipeline.Source{Bucket: "b", Key: f}, b).Simplified
		var out, errb bytes.Buffer
		if code := dispatch([]string{"normalize", "--simplified", f}, strings.NewReader(""), &out, &errb); code != 0 {
			t.Fatalf("%s: exit %d: %s", f, code, errb.String())
		}
		if got := strings.TrimSuffix(out.String(), "\n"); got != want {
			t.Errorf("%s: --simplified differs from the pipeline's Simplified text", filepath.Base(f))
		}
	}
}

// For pages, Word files and PDFs too, --simplified prints the pipeline's
// Simplified text: the command reads them through the same format readers.
func TestNormalizeFormatsAreThePipelines(t *testing.T) {
	p, err := pipeline.New()
	if err != nil {
		t.Fatal(err)
	}
	cases := append(formattest.HTML(t), formattest.DOCX(t)...)
	cases = append(cases, formattest.PDF(t)...)
	dir := t.TempDir()
	seen := map[string]int{}
	for i, c := range cases {
		if seen[c.Layout] >= 2 || c.Layout == "pdf-scan" {
			continue // two files of each layout
		}
		seen[c.Layout]++
		f := filepath.Join(dir, fmt.Sprintf("%d.%s", i, c.Format))
		if err := os.WriteFile(f, c.Bytes, 0o644); err != nil {
			t.Fatal(err)
		}
		want := p.Process(pipeline.Source{Bucket: "b", Key: f}, c.Bytes)
		if want.Doc.Status != doc.StatusProcessed {
			t.Fatalf("%s: pipeline: %+v", c.Name, want.Doc.Error)
		}
		var out, errb bytes.Buffer
		if code := dispatch([]string{"normalize", "--simplified", f}, strings.NewReader(""), &out, &errb); code != 0 {
			t.Fatalf("%s: exit %d: %s", c.Name, code, errb.String())
		}
		if got := strings.TrimSuffix(out.String(), "\n"); got != want.Simplified {
			t.Errorf("%s: --simplified differs from the pipeline's Simplified text:\n%.200q\n%.200q", c.Name, got, want.Simplified)
		}
		if strings.Contains(out.String(), "<p>") || strings.Contains(out.String(), "<w:t>") {
			t.Errorf("%s: markup in the output", c.Name)
		}
	}
	if len(seen) < 10 {
		t.Errorf("only %d layouts", len(seen))
	}
}
