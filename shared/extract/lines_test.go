package extract

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/zhdoc/zhdoc/shared/segment"
	"github.com/zhdoc/zhdoc/shared/testcorpus"
)

// referenceInputs: the seeds prepared as the pipeline does, and the
// normalizer's reference outputs (testdata/normalize) as plain texts, with
// variants that exercise credit blanking and untrimmed lines.
func referenceInputs(t testing.TB) map[string]Input {
	out := map[string]Input{}
	seeds, _ := filepath.Glob(testcorpus.Testdata(t, "seeds", "*.txt"))
	for _, f := range seeds {
		out["seed/"+filepath.Base(f)] = seedInput(t, filepath.Base(f))
	}
	refs, _ := filepath.Glob(testcorpus.Testdata(t, "normalize", "*.golden.txt"))
	for _, f := range refs {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		in := prepare(t, string(b))
		out["ref/"+filepath.Base(f)] = in
		// untrimmed lines and credits in the middle of lines
		var b2 strings.Builder
		for i, l := range strings.Split(in.Text, "\n") {
			switch i % 4 {
			case 1:
				l = "  " + l + " "
			case 2:
				l = "据新华社电 " + l + "（外交部网站）"
			case 3:
				l = "新华社北京7月4日电（记者 张三、李四）" + l
			}
			b2.WriteString(l + "\n")
		}
		out["mod/"+filepath.Base(f)] = Input{Text: b2.String(), Original: b2.String()}
	}
	if len(out) < 10 {
		t.Fatalf("only %d reference inputs", len(out))
	}
	return out
}

// withLines returns in with Lines cut as the pipeline does: each line of
// Text on its own, with the shared segmenter extract.New extends.
func withLines(t testing.TB, in Input) Input {
	seg, err := segment.Shared()
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(in.Text, "\n")
	in.Lines = make([][]segment.Token, len(lines))
	for i, l := range lines {
		in.Lines[i] = seg.Tokens(l)
	}
	return in
}

// TestLinesIdentical: Extract gives the same metadata whether the caller
// passes the tokens of each line or lets Extract cut them.
func TestLinesIdentical(t *testing.T) {
	e, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for name, in := range referenceInputs(t) {
		a := e.Extract(in)
		b := e.Extract(withLines(t, in))
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s: with Lines\n%+v\nwithout\n%+v", name, b, a)
		}
		// Lines that do not fit Text are ignored.
		bad := withLines(t, in)
		bad.Lines = bad.Lines[:len(bad.Lines)/2]
		if c := e.Extract(bad); !reflect.DeepEqual(a, c) {
			t.Errorf("%s: with short Lines\n%+v\nwithout\n%+v", name, c, a)
		}
	}
}

// TestSnapshot: the metadata of the reference inputs against
// testdata/snapshot/extract.json. A change meant to keep results (a
// speed-up) keeps it; one meant to move them rewrites it with
// ZHDOC_SNAPSHOT_WRITE=1, and the diff of the file shows what moved.
func TestSnapshot(t *testing.T) {
	path := testcorpus.Testdata(t, "snapshot", "extract.json")
	e, err := New()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Metadata{}
	for name, in := range referenceInputs(t) {
		got[name] = e.Extract(in)
	}
	if os.Getenv("ZHDOC_SNAPSHOT_WRITE") != "" {
		b, _ := json.MarshalIndent(got, "", " ")
		if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var want map[string]Metadata
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	if len(want) != len(got) {
		t.Errorf("snapshot has %d inputs, this run %d", len(want), len(got))
	}
	for name, md := range got {
		// through JSON, as the snapshot was
		j, _ := json.Marshal(md)
		var m Metadata
		json.Unmarshal(j, &m)
		if !reflect.DeepEqual(m, want[name]) {
			t.Errorf("%s:\n got %+v\nwant %+v", name, m, want[name])
		}
	}
}
