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

// TestSnapshot compares one digest per input of everything Process produces
// (record, texts, index entries) over the seeds, the normalize goldens and
// the reference texts with testdata/snapshot/pipeline.json, and names every
// input whose output moved. A change meant to keep results (a speed-up, a
// refactor) keeps it; a change meant to move results rewrites it with
// ZHDOC_SNAPSHOT_WRITE=1 and the diff shows which inputs moved.
func TestSnapshot(t *testing.T) {
	path := testcorpus.Testdata(t, "snapshot", "pipeline.json")
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
		if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
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
	var moved, missing []string
	for name, d := range want {
		g, ok := got[name]
		switch {
		case !ok:
			missing = append(missing, name)
		case g != d:
			moved = append(moved, name)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("%s is not in the snapshot (rewrite it with ZHDOC_SNAPSHOT_WRITE=1)", name)
		}
	}
	sort.Strings(moved)
	if len(moved) > 0 {
		t.Errorf("output changed for %d of %d inputs: %s", len(moved), len(got), strings.Join(moved, ", "))
	}
	if len(missing) > 0 {
		// Only the reference texts of ../shared can be absent (a user's clone).
		if _, err := testcorpus.LookShared(t, "corpus", "reference"); err == nil {
			t.Errorf("%d inputs of the snapshot were not run: %s", len(missing), strings.Join(missing, ", "))
		} else {
			t.Logf("%d reference inputs not compared: ../shared is absent", len(missing))
		}
	}
}

func snapshotInputs(t *testing.T) map[string][]byte {
	t.Helper()
	in := map[string][]byte{}
	for name, b := range seeds(t) {
		in["seeds/"+name] = b
	}
	globs := []string{testcorpus.Testdata(t, "normalize", "*.txt")}
	// The reference texts when ../shared is there.
	if ref, err := testcorpus.LookShared(t, "corpus", "reference"); err == nil {
		globs = append(globs, filepath.Join(ref, "*.txt"))
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
