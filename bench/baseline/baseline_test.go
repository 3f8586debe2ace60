package baseline

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/zhdoc/zhdoc/shared/pipeline"
	"github.com/zhdoc/zhdoc/shared/testcorpus"
)

// TestSameOutputAsOurs: the baseline pipeline produces exactly what ours
// does on the seeds, so bench compares the cost of the same work.
func TestSameOutputAsOurs(t *testing.T) {
	ours, err := pipeline.New()
	if err != nil {
		t.Fatal(err)
	}
	base, err := NewPipeline()
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
		src := pipeline.Source{Bucket: "b", Key: filepath.Base(f)}
		want, got := ours.Process(src, b), base.Process(src, b)
		want.Doc.ProcessedAt, got.Doc.ProcessedAt = "", ""
		want.Stages, got.Stages = pipeline.Stages{}, pipeline.Stages{} // timings
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the baseline's result differs from ours", filepath.Base(f))
		}
	}
}
