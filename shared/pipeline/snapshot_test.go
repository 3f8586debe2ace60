package pipeline

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/zhdoc/zhdoc/shared/testcorpus"
)

// TestSnapshot (ZHDOC_PIPELINE_SNAPSHOT=file, ZHDOC_SNAPSHOT_WRITE=1 to
// write) compares one digest per input of everything Process produces
// (record, texts, index entries) over the seeds, the normalize goldens and
// the reference texts against a snapshot taken before a change meant to keep
// results, such as a speed-up. It names every input whose output moved.
func TestSnapshot(t *testing.T) {
	path := os.Getenv("ZHDOC_PIPELINE_SNAPSHOT")
	if path == "" {
		t.Skip("set ZHDOC_PIPELINE_SNAPSHOT to compare against (or, with ZHDOC_SNAPSHOT_WRITE=1, write) a snapshot")
	}
	p := newPipeline(t)
	got := map[string]string{}
	for name, body := range snapshotInputs(t) {
		r := p.Process(Source{Bucket: "b", Key: name}, body)
		r.Doc.ProcessedAt = ""
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		got[name] = hex.EncodeToString(sum[:])
	}
	if os.Getenv("ZHDOC_SNAPSHOT_WRITE") != "" {
		b, _ := json.MarshalIndent(got, "", " ")
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %d digests to %s", len(got), path)
		return
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var want map[string]string
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	if len(want) != len(got) {
		t.Errorf("snapshot has %d inputs, this run %d", len(want), len(got))
	}
	var moved []string
	for name, d := range got {
		if want[name] != d {
			moved = append(moved, name)
		}
	}
	sort.Strings(moved)
	if len(moved) > 0 {
		t.Errorf("output changed for %d of %d inputs: %s", len(moved), len(got), strings.Join(moved, ", "))
	}
}

func snapshotInputs(t *testing.T) map[string][]byte {
	t.Helper()
	in := map[string][]byte{}
	for name, b := range seeds(t) {
		in["seeds/"+name] = b
	}
	globs := []string{testcorpus.Testdata(t, "normalize", "*.txt")}
	// The reference texts when ../shared is there; the snapshot then
	// names them, so a comparison without them fails on the count.
	base := os.Getenv("ZHDOC_SHARED") // where testcorpus.Shared looks
	if base == "" {
		base = filepath.Join(filepath.Dir(testcorpus.Root(t)), "shared")
	}
	if dirExists(filepath.Join(base, "corpus", "reference")) {
		globs = append(globs, filepath.Join(testcorpus.Shared(t, "corpus", "reference"), "*.txt"))
	}
	for _, g := range globs {
		files, _ := filepath.Glob(g)
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			in[filepath.Base(filepath.Dir(f))+"/"+filepath.Base(f)] = b
		}
	}
	return in
}

func dirExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

// TestDeterministic: the same bytes give the same record, texts and index
// entries every time (Go randomises map iteration, so an order taken from a
// map shows up within a few runs).
func TestDeterministic(t *testing.T) {
	p := newPipeline(t)
	for name, body := range snapshotInputs(t) {
		var first []byte
		for i := range 12 {
			r := p.Process(Source{Bucket: "b", Key: name}, body)
			r.Doc.ProcessedAt = ""
			b, err := json.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			if i == 0 {
				first = b
			} else if string(b) != string(first) {
				t.Errorf("%s: run %d differs from the first", name, i+1)
				break
			}
		}
	}
}
