package e2e

import (
	"encoding/json"
	"os"
	"runtime"
	"syscall"
	"time"

	"github.com/zhdoc/zhdoc/shared/pipeline"
)

// runDoc processes the one document at path once, as the processor does
// an upload, and prints its size, status, wall and CPU seconds, MB per CPU
// second and the process's peak RSS (dictionaries included: what the
// function's memory must hold) with its RSS before the document.
func runDoc(p *pipeline.Pipeline, path string) {
	body, err := os.ReadFile(path)
	if err != nil {
		fatal(err)
	}
	runtime.GC()
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	before := ru.Maxrss
	start, cpu0 := time.Now(), cpuTime()
	r := p.Process(pipeline.Source{Bucket: "bench", Key: path}, body)
	cpu := (cpuTime() - cpu0).Seconds()
	wall := time.Since(start).Seconds()
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	_ = json.NewEncoder(os.Stdout).Encode(map[string]any{
		"bytes":          len(body),
		"status":         r.Doc.Status,
		"seconds":        wall,
		"cpu_seconds":    cpu,
		"mb_per_s":       float64(len(body)) / cpu / 1e6,
		"maxrss_kb":      float64(ru.Maxrss),
		"before_rss_kb":  float64(before),
		"index_terms":    len(r.Index.Terms),
		"keywords":       len(r.Doc.Keywords),
		"entities":       len(r.Doc.Entities),
		"simplified_len": len(r.Simplified),
	})
}
