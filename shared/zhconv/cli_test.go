package zhconv

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"testing"

	"github.com/zhdoc/zhdoc/shared/testcorpus"
)

// knownCLIDiffs lists spans where our output (left of ⇢) differs from the
// Debian OpenCC 1.1.6 CLI (right) on the seed documents: mappings changed
// in OpenCC's dictionaries between 1.1.6 and 1.4.2.
var knownCLIDiffs = map[string][]string{
	"t2s":   {},
	"hk2s":  {},
	"tw2s":  {},
	"t2tw":  {},
	"t2hk":  {},
	"s2t":   {"托⇢託"},
	"s2hk":  {"托⇢託"},
	"s2tw":  {"托⇢託", "梁⇢樑"},
	"s2twp": {"安全⇢保安", "托⇢託", "梁⇢樑", "通⇢透"},
	"tw2sp": {"字⇢本", "进⇢行"},
}

// TestDifferentialOpenCCCLI compares with the `opencc` binary (Debian ships
// 1.1.6) when it is installed; it is skipped otherwise.
func TestDifferentialOpenCCCLI(t *testing.T) {
	bin, err := exec.LookPath("opencc")
	if err != nil {
		t.Skip("opencc CLI not installed (apt-get install opencc)")
	}
	files, _ := filepath.Glob(filepath.Join(testcorpus.Testdata(t, "seeds"), "*.txt"))
	if len(files) == 0 {
		t.Skip("no seeds")
	}

	cfgs := make([]string, 0, len(knownCLIDiffs))
	for c := range knownCLIDiffs {
		cfgs = append(cfgs, c)
	}
	sort.Strings(cfgs)
	for _, cfg := range cfgs {
		t.Run(cfg, func(t *testing.T) {
			conv, err := New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			known := map[string]bool{}
			for _, k := range knownCLIDiffs[cfg] {
				known[k] = true
			}
			same := 0
			for _, f := range files {
				in, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				cmd := exec.Command(bin, "-c", cfg+".json")
				cmd.Stdin = bytes.NewReader(in)
				var stderr bytes.Buffer
				cmd.Stderr = &stderr
				want, err := cmd.Output()
				if err != nil {
					t.Fatalf("opencc -c %s: %v: %s", cfg, err, stderr.String())
				}
				got, err := conv.Convert(string(in))
				if err != nil {
					t.Fatal(err)
				}
				if got == string(want) {
					same++
				}
				for _, d := range diffSpans(got, string(want)) {
					if !known[d] {
						t.Errorf("%s: unexpected difference ours⇢opencc-1.1.6 %q", filepath.Base(f), d)
					}
				}
			}
			t.Logf("%s: %d/%d seeds identical to the opencc CLI", cfg, same, len(files))
		})
	}
}
