package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"text/tabwriter"

	"github.com/zhdoc/zhdoc/bench/internal/bigdoc"
	"github.com/zhdoc/zhdoc/shared/pipeline"
)

// largeResult is what bench/e2e -doc reports for one large document.
type largeResult struct {
	name        string
	Bytes       int     `json:"bytes"`
	Status      string  `json:"status"`
	Seconds     float64 `json:"seconds"`
	CPUSeconds  float64 `json:"cpu_seconds"`
	MBPerSec    float64 `json:"mb_per_s"`
	MaxRSSKB    float64 `json:"maxrss_kb"`
	BeforeRSSKB float64 `json:"before_rss_kb"`
}

// largeSizes are the sizes measured, in MiB; the last is the size limit
// (pipeline.DefaultMaxBytes, template.yaml's MaxObjectBytes).
var largeSizes = []int{1, 4, pipeline.DefaultMaxBytes >> 20}

// runLarge composes documents of largeSizes from the reference texts
// (Simplified; and the largest again Traditional with OCR and mojibake
// damage, and Simplified without a line break) and processes each once in a child of its own, so that each
// peak RSS is that document's.
func runLarge(exe string, env []string) ([]largeResult, error) {
	type kind struct {
		k  bigdoc.Kind
		mb int
	}
	var kinds []kind
	for _, mb := range largeSizes {
		kinds = append(kinds, kind{bigdoc.Kind{Script: "Hans"}, mb})
	}
	top := largeSizes[len(largeSizes)-1]
	kinds = append(kinds, kind{bigdoc.Kind{Script: "Hant", Damage: true}, top}, kind{bigdoc.Kind{Script: "Hans", OneLine: true}, top})
	paras := map[string][]string{}
	var out []largeResult
	for _, k := range kinds {
		if paras[k.k.Script] == nil {
			p, err := bigdoc.Paragraphs(*refDir, k.k.Script)
			if err != nil {
				return nil, err
			}
			paras[k.k.Script] = p
		}
		name := fmt.Sprintf("%d MB %s", k.mb, k.k)
		path := filepath.Join(*outDir, fmt.Sprintf("large-%dMB-%d.txt", k.mb, len(out)))
		if err := os.WriteFile(path, bigdoc.Compose(paras[k.k.Script], k.mb<<20, k.k, 1), 0o644); err != nil {
			return nil, err
		}
		cmd := exec.Command(exe, "-doc", path)
		cmd.Env = append(append(os.Environ(), "GOMAXPROCS=1"), env...)
		cmd.Stderr = os.Stderr
		b, err := cmd.Output()
		if err != nil {
			return out, fmt.Errorf("%s: %w", name, err)
		}
		r := largeResult{name: name}
		if err := json.Unmarshal(b, &r); err != nil {
			return out, fmt.Errorf("%s: %w", name, err)
		}
		out = append(out, r)
		_ = os.Remove(path)
	}
	return out, nil
}

func printLarge(w *tabwriter.Writer, rs []largeResult, err error) {
	fmt.Fprintln(w, "LARGE DOCUMENTS (bench/e2e -doc: one document, once, GOMAXPROCS=1, the processor's settings)\tbytes\tstatus\tpeak RSS\tRSS before\tseconds\tCPU s\tMB/s per core")
	for _, r := range rs {
		fmt.Fprintf(w, "%s\t%d\t%s\t%s\t%s\t%.2f\t%.2f\t%.2f\n", r.name, r.Bytes, r.Status, mb(int64(r.MaxRSSKB)), mb(int64(r.BeforeRSSKB)), r.Seconds, r.CPUSeconds, r.MBPerSec)
	}
	if err != nil {
		fmt.Fprintf(w, "failed\t%v\t\t\t\t\t\t\n", err)
	}
	w.Flush()
	fmt.Println()
}

// checkLarge: a document at the size limit fits the function's 1024 MB
// with room to spare, and throughput per MB does not fall with size (the
// largest plain document against the smallest; 20% for this machine's
// noise).
func checkLarge(check func(string, bool, string), rs []largeResult, err error) {
	if err != nil || len(rs) < len(largeSizes) {
		check("large documents measured", false, fmt.Sprint(err))
		return
	}
	small, big := rs[0], rs[len(largeSizes)-1]
	peak := 0.0
	for _, r := range rs {
		peak = max(peak, r.MaxRSSKB)
	}
	check("16 MB document peak RSS < 1024 MB (aim ≤ 512 MB)", peak < 1024<<10 && big.Status == "processed", mb(int64(peak)))
	check("MB/s at 16 MB ≥ 0.8× MB/s at 1 MB", big.MBPerSec >= 0.8*small.MBPerSec, fmt.Sprintf("%.2f vs %.2f MB/s", big.MBPerSec, small.MBPerSec))
}
