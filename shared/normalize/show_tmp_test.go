package normalize

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

func TestShowSeeds(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/seeds/*.txt")
	for _, f := range files {
		b, _ := os.ReadFile(f)
		r := Normalize(string(b))
		os.WriteFile("/tmp/out_"+filepath.Base(f), []byte(r.Text+"\n"), 0o644)
		fmt.Println("==", f, r.Counts, r.Articles, len(r.Boilerplate), r.Unrepaired)
		for _, x := range r.Boilerplate { fmt.Println("   BP:", x[:min(len(x), 60)]) }
	}
}
