package segment

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestImageUpToDate regenerates the image from the gse version in go.mod and
// compares it with data/segment.bin (about 30 s; set ZHDOC_CHECK_IMAGE=1).
// After a gse upgrade, run `go generate ./shared/segment`.
func TestImageUpToDate(t *testing.T) {
	if os.Getenv("ZHDOC_CHECK_IMAGE") == "" {
		t.Skip("set ZHDOC_CHECK_IMAGE=1 to regenerate the image and compare")
	}
	out := filepath.Join(t.TempDir(), "segment.bin")
	cmd := exec.Command("go", "run", "./internal/gen", "-o", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("generate: %v\n%s", err, b)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, []byte(image)) {
		t.Error("data/segment.bin is not what internal/gen builds from gse now: run go generate ./shared/segment")
	}
}
