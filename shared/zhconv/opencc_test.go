package zhconv

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/zhdoc/zhdoc/shared/testcorpus"
)

type openccCase struct {
	ID       string            `json:"id"`
	Input    string            `json:"input"`
	Expected map[string]string `json:"expected"`
}

func loadTestcases(t *testing.T) []openccCase {
	p := testcorpus.Shared(t, "peers", "opencc-testcases", "head", "testcases.json")
	raw, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	// The upstream file is lenient JSON: drop trailing commas.
	raw = regexp.MustCompile(`,(\s*[}\]])`).ReplaceAll(raw, []byte("$1"))
	var doc struct {
		Cases []openccCase `json:"cases"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Cases) == 0 {
		t.Fatal("no cases")
	}
	return doc.Cases
}

// TestOpenCCTestcases runs OpenCC's own suite (test/testcases/testcases.json
// at the commit matching 1.4.2's src): every case of every config must pass.
func TestOpenCCTestcases(t *testing.T) {
	cases := loadTestcases(t)
	pass, total := map[string]int{}, map[string]int{}
	for _, c := range cases {
		for cfg, want := range c.Expected {
			conv, err := New(cfg)
			if err != nil {
				t.Errorf("%s: %v", c.ID, err)
				continue
			}
			total[cfg]++
			// Upstream feeds one input per line through the CLI.
			var out []string
			for _, ln := range strings.Split(c.Input, "\n") {
				got, err := conv.Convert(ln)
				if err != nil {
					t.Fatal(err)
				}
				out = append(out, got)
			}
			if got := strings.Join(out, "\n"); got != want {
				t.Errorf("%s %s(%q)\n got  %q\n want %q", c.ID, cfg, c.Input, got, want)
				continue
			}
			pass[cfg]++
		}
	}
	cfgs := make([]string, 0, len(total))
	for k := range total {
		cfgs = append(cfgs, k)
	}
	sort.Strings(cfgs)
	for _, k := range cfgs {
		t.Logf("testcases.json %-6s %d/%d", k, pass[k], total[k])
	}
}

// TestOpenCC116 runs the older ver.1.1.6 *.in/*.ans pairs. Dictionaries
// changed since, so only a floor is asserted; the rate is logged.
func TestOpenCC116(t *testing.T) {
	dir := testcorpus.Shared(t, "peers", "opencc-testcases", "ver.1.1.6")
	ins, _ := filepath.Glob(filepath.Join(dir, "*.in"))
	if len(ins) == 0 {
		t.Skip("no ver.1.1.6 cases")
	}
	for _, in := range ins {
		cfg := strings.TrimSuffix(filepath.Base(in), ".in")
		inb, err := os.ReadFile(in)
		if err != nil {
			t.Fatal(err)
		}
		ansb, err := os.ReadFile(strings.TrimSuffix(in, ".in") + ".ans")
		if err != nil {
			t.Fatal(err)
		}
		conv, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		inl := strings.Split(strings.TrimRight(string(inb), "\n"), "\n")
		ansl := strings.Split(strings.TrimRight(string(ansb), "\n"), "\n")
		if len(inl) != len(ansl) {
			t.Fatalf("%s: %d input lines, %d answers", cfg, len(inl), len(ansl))
		}
		pass := 0
		for i := range inl {
			got, err := conv.Convert(inl[i])
			if err != nil {
				t.Fatal(err)
			}
			if got == ansl[i] {
				pass++
			} else {
				t.Logf("%s line %d (data version difference?)\n in   %s\n got  %s\n 1.1.6 %s", cfg, i+1, inl[i], got, ansl[i])
			}
		}
		t.Logf("ver.1.1.6 %-6s %d/%d lines", cfg, pass, len(inl))
		if floor := min116[cfg]; pass < floor {
			t.Errorf("%s: %d lines pass, floor %d", cfg, pass, floor)
		}
	}
}

// min116 is the asserted floor of ver.1.1.6 lines passing per config.
var min116 = map[string]int{
	"hk2s": 3, "hk2t": 2, "jp2t": 4, "s2hk": 4, "s2t": 12, "s2tw": 2, "s2twp": 4,
	"t2hk": 3, "t2jp": 4, "t2s": 2, "tw2s": 1, "tw2sp": 5, "tw2t": 3,
}
