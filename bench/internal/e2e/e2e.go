// Package e2e is the end-to-end child of bench: it loads the pipeline
// (timing it), runs pipeline.Process over the seed documents for a while
// and prints documents/s, MB/s, init time and peak RSS as JSON. Two mains
// run it, so that each binary holds only its own segmenter: bench/e2e with
// pipeline.New, bench/e2e/baseline with gse loaded the old way
// (bench/baseline). bench runs both with GOMAXPROCS=1.
package e2e

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
	"sort"
	"syscall"
	"time"

	"github.com/zhdoc/zhdoc/shared/pipeline"
)

// Main is the child's main over the pipeline newPipeline loads.
func Main(newPipeline func() (*pipeline.Pipeline, error)) {
	dir := flag.String("seeds", "testdata/seeds", "seed documents")
	d := flag.Duration("time", time.Second, "how long to process")
	prof := flag.String("cpuprofile", "", "write a CPU profile of init and processing")
	one := flag.String("doc", "", "process this one document once (doc.go) instead of the seeds")
	maxBytes := flag.Int64("max-bytes", 0, "with -doc: the size limit, if not the pipeline's default (to measure past it)")
	flag.Parse()
	if *prof != "" {
		f, err := os.Create(*prof)
		if err != nil {
			fatal(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fatal(err)
		}
		defer pprof.StopCPUProfile()
	}

	// Both extractors load their IDF table in newPipeline.
	t0 := time.Now()
	p, err := newPipeline()
	if err != nil {
		fatal(err)
	}
	initDur := time.Since(t0)
	if *one != "" {
		if *maxBytes > 0 {
			p.MaxBytes = *maxBytes
		}
		runDoc(p, *one)
		return
	}

	files, _ := filepath.Glob(filepath.Join(*dir, "*.txt"))
	sort.Strings(files)
	if len(files) == 0 {
		fatal(fmt.Errorf("no documents in %s", *dir))
	}
	var docs [][]byte
	bytes := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			fatal(err)
		}
		docs = append(docs, b)
		bytes += len(b)
	}
	t1 := time.Now()
	results := make([]pipeline.Result, len(docs))
	for i, b := range docs {
		results[i] = p.Process(pipeline.Source{Bucket: "bench", Key: files[i]}, b)
	}
	first := time.Since(t1)
	// A digest of what the pipeline produced (records, texts, index
	// entries; not the processing time), to compare with the baseline's.
	h := sha256.New()
	for _, r := range results {
		r.Doc.ProcessedAt = ""
		b, err := json.Marshal(r)
		if err != nil {
			fatal(err)
		}
		h.Write(b)
	}
	passes := 0
	start, cpu0 := time.Now(), cpuTime()
	for passes < 3 || time.Since(start) < *d {
		for i, b := range docs {
			p.Process(pipeline.Source{Bucket: "bench", Key: files[i]}, b)
		}
		passes++
	}
	// Per core: CPU seconds of this process (GOMAXPROCS=1), not wall time,
	// which other load on the machine would stretch.
	el := (cpuTime() - cpu0).Seconds()
	wall := time.Since(start).Seconds()
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	_ = json.NewEncoder(os.Stdout).Encode(map[string]any{
		"output_sha256": hex.EncodeToString(h.Sum(nil)),
		"init_ms":       float64(initDur) / 1e6,
		"first_pass_ms": float64(first) / 1e6,
		"docs_per_s":    float64(passes*len(docs)) / el,
		"mb_per_s":      float64(passes*bytes) / el / 1e6,
		"maxrss_kb":     float64(ru.Maxrss),
		"wall_mb_per_s": float64(passes*bytes) / wall / 1e6,
	})
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "e2e:", err)
	os.Exit(1)
}

// cpuTime is the user+system CPU time of this process.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
