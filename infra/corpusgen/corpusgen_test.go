package corpusgen

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/zhdoc/zhdoc/shared/encoding"
	"github.com/zhdoc/zhdoc/shared/script"
	"github.com/zhdoc/zhdoc/shared/testcorpus"
)

func TestGenerateIsVariedAndDetectable(t *testing.T) {
	files, _ := filepath.Glob(testcorpus.Testdata(t, "seeds", "*.txt"))
	var texts []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(b))
	}
	docs, err := Generate(200, Sentences(texts...), 1)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := Generate(200, Sentences(texts...), 1)
	encs, scripts := map[string]int{}, map[string]int{}
	for i, d := range docs {
		if string(again[i].Body) != string(d.Body) {
			t.Fatal("generation is not reproducible")
		}
		encs[d.Encoding]++
		scripts[d.Script]++
		text, got, err := encoding.DecodeAuto(d.Body)
		if err != nil || got.Name != d.Encoding {
			t.Errorf("%s: detected %s (%v), generated %s", d.Name, got.Name, err, d.Encoding)
		}
		if sc := script.Classify(text).Script; sc != d.Script {
			t.Errorf("%s: script %s, generated %s", d.Name, sc, d.Script)
		}
	}
	if len(encs) < 5 || scripts["Hans"] == 0 || scripts["Hant"] == 0 {
		t.Errorf("corpus not varied: %v %v", encs, scripts)
	}
}
