// Command bench measures the document pipeline (`make bench` runs it after
// the Go benchmarks of shared/...): per-stage throughput on a ~10 KB
// document and on the seed corpus, end-to-end documents/s and MB/s on one
// core, the processor bootstrap's init time (process start to its first
// Runtime API next request, through infra/localstack), peak RSS while
// processing the seeds and binary size — each next to a baseline measured in
// the same run.
//
// The baseline is the same pipeline over the segmenter of before the
// precomputed image (bench/baseline: gse LoadDictEmbed("zh_s") at start, IDF
// parsed from text), which extract.NewWith and pipeline.NewWith take in
// place of segment's. Each child comes as a pair of mains that differ only
// in that, so each binary links only its own segmenter: bench/e2e and
// bench/e2e/baseline (end to end), functions/processor and
// bench/processor/baseline (the processor's start-up, functions/processor/boot,
// over each segmenter). The processor bootstrap of `make build` is
// measured too, for the bar. Stage baselines are gse's own Cut and
// ExtractTags.
//
// Run from the repository root after `make build` (the processor
// bootstrap); it runs go build for the rest, into .build/bench:
//
//	go run ./bench [-time 400ms] [-runs 5]
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/go-ego/gse"
	gseidf "github.com/go-ego/gse/hmm/idf"

	"github.com/zhdoc/zhdoc/bench/baseline"
	"github.com/zhdoc/zhdoc/infra/localstack"
	"github.com/zhdoc/zhdoc/shared/analyze"
	"github.com/zhdoc/zhdoc/shared/doc"
	"github.com/zhdoc/zhdoc/shared/encoding"
	"github.com/zhdoc/zhdoc/shared/extract"
	"github.com/zhdoc/zhdoc/shared/fingerprint"
	"github.com/zhdoc/zhdoc/shared/index"
	"github.com/zhdoc/zhdoc/shared/normalize"
	"github.com/zhdoc/zhdoc/shared/pipeline"
	"github.com/zhdoc/zhdoc/shared/script"
	"github.com/zhdoc/zhdoc/shared/segment"
)

var (
	seedDir    = flag.String("seeds", "testdata/seeds", "seed documents")
	bootstrap  = flag.String("bootstrap", ".build/local/processor/bootstrap", "processor bootstrap (make build)")
	outDir     = flag.String("out", ".build/bench", "where the children are built")
	measureFor = flag.Duration("time", 400*time.Millisecond, "time per throughput measurement")
	e2eRuns    = flag.Int("e2e-runs", 5, "end-to-end child runs each, ours and the baseline alternating (medians reported)")
	runs       = flag.Int("runs", 5, "bootstrap starts per init-time measurement (median)")
	refDir     = flag.String("ref", "../shared/corpus/reference", "reference texts the large documents are composed from (bench/internal/bigdoc)")
)

type document struct {
	name string
	body []byte
}

func main() {
	flag.Parse()
	seeds := loadSeeds()
	doc10k := tenK(seeds)
	fmt.Printf("zhdoc bench — %s %s/%s, %d CPUs; throughput per core = bytes per CPU second with GOMAXPROCS=1, ≥%v per figure\n",
		runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), *measureFor)
	fmt.Printf("inputs: 10KB = %s (%d bytes); seeds = %d files in %s (%d bytes)\n\n",
		doc10k[0].name, len(doc10k[0].body), len(seeds), *seedDir, total(seeds))

	// Builds: the end-to-end child and the processor main, ours and the
	// baseline.
	e2eOurs, e2eBase := filepath.Join(*outDir, "e2e"), filepath.Join(*outDir, "e2e-baseline")
	procOurs, procBase := filepath.Join(*outDir, "bootstrap"), filepath.Join(*outDir, "bootstrap-baseline")
	for _, b := range []struct{ out, pkg string }{
		{e2eOurs, "./bench/e2e"}, {e2eBase, "./bench/e2e/baseline"},
		{procOurs, "./functions/processor"}, {procBase, "./bench/processor/baseline"},
	} {
		if err := build(b.out, b.pkg); err != nil {
			fatal(err)
		}
	}

	// Children first, while this process is small: end-to-end, init and
	// peak RSS, ours and the baseline in turn, both with the Go runtime
	// settings (GOGC, GOMEMLIMIT) template.yaml gives the processor.
	goEnv, err := processorGoEnv()
	if err != nil {
		fatal(err)
	}
	fmt.Printf("end-to-end children: GOMAXPROCS=1 and the processor's settings from template.yaml: %s\n\n", strings.Join(goEnv, " "))
	ours, naive, oursErr, naiveErr := runChildren(e2eOurs, e2eBase, goEnv, *e2eRuns)
	large, largeErr := runLarge(e2eOurs, goEnv)

	// Bootstraps: init time, RSS after init, size; the pair, then the
	// processor itself.
	bootOurs := measureBootstrap(procOurs)
	bootNaive := measureBootstrap(procBase)
	bootReal := measureBootstrap(*bootstrap)

	prev := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(prev)

	// Per-stage throughput, ours.
	t0 := time.Now()
	p, err := pipeline.New()
	if err != nil {
		fatal(err)
	}
	pipelineInit := time.Since(t0)
	ext, _ := extract.New()
	an, err := analyze.New()
	if err != nil {
		fatal(err)
	}
	seg, _ := segment.Shared() // as extract.New extended it
	tab := segment.IDF()
	prep10k, prepSeeds := prepare(doc10k, an), prepare(seeds, an)

	type row struct {
		stage       string
		ours        func(d prepared)
		oursBytes   func(d prepared) int
		base        func(d prepared)
		baseName    string
		k10, s, bk  float64
		bs          float64
		hasBaseline bool
	}
	bodyLen := func(d prepared) int { return len(d.body) }
	textLen := func(d prepared) int { return len(d.text) }
	normLen := func(d prepared) int { return len(d.norm) }
	simpLen := func(d prepared) int { return len(d.simplified) }
	rows := []*row{
		{stage: "detect (encoding.Detect)", ours: func(d prepared) { encoding.Detect(d.body) }, oursBytes: bodyLen},
		{stage: "decode (encoding.Decode)", ours: func(d prepared) { encoding.Decode(d.body, d.enc) }, oursBytes: bodyLen},
		{stage: "normalize (normalize.Normalize)", ours: func(d prepared) { normalize.Normalize(d.text) }, oursBytes: textLen},
		{stage: "convert (script + analyze.Simplified)", ours: func(d prepared) {
			an.Simplified(d.norm, script.Classify(d.norm).Variant)
		}, oursBytes: normLen},
		{stage: "segment (Segmenter.Tokens)", ours: func(d prepared) { seg.Tokens(d.simplified) }, oursBytes: simpLen, baseName: "gse Cut(hmm)+tags"},
		{stage: "keywords (Tokens + IDF top 20)", ours: func(d prepared) { topK(seg.Tokens(d.simplified), tab, 20) }, oursBytes: simpLen, baseName: "gse Cut+ExtractTags"},
		{stage: "extract (extract.Extract, given the pipeline's tokens)", ours: func(d prepared) {
			ext.Extract(extract.Input{Text: d.simplified, Original: d.norm, Articles: d.articles, Lines: d.lines})
		}, oursBytes: simpLen},
		{stage: "index (index.Build)", ours: func(d prepared) {
			index.Build(doc.Document{}, d.lines, d.simplified, nil)
		}, oursBytes: simpLen},
		{stage: "fingerprint (fingerprint.Of)", ours: func(d prepared) { fingerprint.Of(d.simplified) }, oursBytes: simpLen},
		{stage: "pipeline.Process (end to end)", ours: func(d prepared) {
			p.Process(pipeline.Source{Bucket: "b", Key: d.name}, d.body)
		}, oursBytes: bodyLen},
	}
	for _, r := range rows {
		r.k10 = throughput(prep10k, r.ours, r.oursBytes)
		r.s = throughput(prepSeeds, r.ours, r.oursBytes)
	}

	// Baselines in this process: gse loaded the naive way.
	runtime.GC()
	t0 = time.Now()
	ng, err := baseline.NewSegmenter()
	if err != nil {
		fatal(err)
	}
	gseLoad := time.Since(t0)
	t0 = time.Now()
	var te gseidf.TagExtracter
	te.WithGse(*ng.Gse)
	if err := te.LoadIdfStr(gse.ZhIdf); err != nil {
		fatal(err)
	}
	gseIDF := time.Since(t0)
	t0 = time.Now()
	g2, _ := segment.New() // what a cold start of ours pays for the same
	g2.Tokens("中国")
	segment.IDF().Weight("中国")
	oursLoad := time.Since(t0)
	rows[4].base = func(d prepared) { ng.Tokens(d.simplified) }
	rows[5].base = func(d prepared) { te.ExtractTags(d.simplified, 20) }
	for _, r := range rows[4:6] {
		r.hasBaseline = true
		r.bk = throughput(prep10k, r.base, r.oursBytes)
		r.bs = throughput(prepSeeds, r.base, r.oursBytes)
	}

	w := tabwriter.NewWriter(os.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(w, "STAGE THROUGHPUT (MB of the stage's input per CPU second)\t10KB\tseeds\tbaseline\t10KB\tseeds\tratio (seeds)")
	for _, r := range rows {
		if r.hasBaseline {
			fmt.Fprintf(w, "%s\t%.2f\t%.2f\t%s\t%.2f\t%.2f\t%.1fx\n", r.stage, r.k10, r.s, r.baseName, r.bk, r.bs, r.s/r.bs)
		} else {
			fmt.Fprintf(w, "%s\t%.2f\t%.2f\t\t\t\t\n", r.stage, r.k10, r.s)
		}
	}
	w.Flush()
	fmt.Println()

	fmt.Fprintln(w, "END TO END (bench/e2e, GOMAXPROCS=1, pipeline.Process over the seeds)\tours\tbaseline\tratio")
	if oursErr == nil && naiveErr == nil {
		fmt.Fprintf(w, "documents/s per core (per CPU second)\t%.1f\t%.1f\t%.1fx\n", ours.DocsPerSec, naive.DocsPerSec, ours.DocsPerSec/naive.DocsPerSec)
		fmt.Fprintf(w, "MB/s per core (per CPU second, median of %d)\t%.2f\t%.2f\t%.1fx\n", len(ours.MBRuns), ours.MBPerSec, naive.MBPerSec, ours.MBPerSec/naive.MBPerSec)
		fmt.Fprintf(w, "  each run, in the order run\t%s\t%s\t\n", figures(ours.MBRuns), figures(naive.MBRuns))
		fmt.Fprintf(w, "MB/s wall clock (machine load included)\t%.2f\t%.2f\t%.1fx\n", ours.WallMBs, naive.WallMBs, ours.WallMBs/naive.WallMBs)
		fmt.Fprintf(w, "pipeline.New + IDF in process\t%s\t%s\t%s\n", ms(ours.InitMS), ms(naive.InitMS), ratio(naive.InitMS, ours.InitMS))
		fmt.Fprintf(w, "first pass over the seeds (cold pages)\t%s\t%s\t%s\n", ms(ours.FirstMS), ms(naive.FirstMS), ratio(naive.FirstMS, ours.FirstMS))
		same := "identical"
		if ours.Output != naive.Output {
			same = "DIFFERENT"
		}
		fmt.Fprintf(w, "pipeline output (records, texts, index entries)\t%s\t%s\t%s\n", ours.Output[:12], naive.Output[:12], same)
		fmt.Fprintf(w, "peak RSS processing the seeds\t%s\t%s\t%s\n", mb(int64(ours.MaxRSSKB)), mb(int64(naive.MaxRSSKB)), ratio(naive.MaxRSSKB, ours.MaxRSSKB))
	} else {
		fmt.Fprintf(w, "child failed\t%v\t%v\t\n", oursErr, naiveErr)
	}
	w.Flush()
	fmt.Println()

	printLarge(w, large, largeErr)

	// The ratios compare functions/processor with bench/processor/baseline
	// (the same start-up over each segmenter); the bar reads the bootstrap
	// of make build.
	fmt.Fprintln(w, "START-UP (functions/processor, bench/processor/baseline)\tours\tbaseline\tratio")
	fmt.Fprintf(w, "processor bootstrap init (start → first next; median of %d)\t%s\t%s\t%s\n", *runs, bootOurs.initStr(), bootNaive.initStr(), ratio(bootNaive.init, bootOurs.init))
	fmt.Fprintf(w, "bootstrap RSS after init (VmHWM)\t%s\t%s\t%s\n", bootOurs.rssStr(), bootNaive.rssStr(), ratio(float64(bootNaive.hwmKB), float64(bootOurs.hwmKB)))
	fmt.Fprintf(w, "binary size\t%s\t%s\t%s\n", bootOurs.sizeStr(), bootNaive.sizeStr(), ratio(float64(bootNaive.size), float64(bootOurs.size)))
	fmt.Fprintf(w, "  the bootstrap of make build: init, RSS, size\t%s, %s, %s\t\t\n", bootReal.initStr(), bootReal.rssStr(), bootReal.sizeStr())
	fmt.Fprintf(w, "segmenter + IDF ready (segment.New+IDF / gse LoadDictEmbed zh_s)\t%s\t%s\t%s\n", dur(oursLoad), dur(gseLoad), ratio(float64(gseLoad), float64(oursLoad)))
	fmt.Fprintf(w, "  + gse IDF (TagExtracter.LoadIdfStr)\t\t%s\t%s\n", dur(gseLoad+gseIDF), ratio(float64(gseLoad+gseIDF), float64(oursLoad)))
	fmt.Fprintf(w, "pipeline.New in this process\t%s\t\t\n", dur(pipelineInit))
	w.Flush()
	fmt.Println()

	fmt.Println("BAR")
	check := func(name string, ok bool, got string) {
		mark := "ok  "
		if !ok {
			mark = "MISS"
		}
		fmt.Printf("  %s %-44s %s\n", mark, name, got)
	}
	check("processor init ≤ 250 ms (aim ≤ 100 ms)", bootReal.err == nil && bootReal.init <= float64(250*time.Millisecond), bootReal.initStr())
	check("peak RSS processing the seeds ≤ 150 MB", oursErr == nil && ours.MaxRSSKB <= 150<<10, mb(int64(ours.MaxRSSKB)))
	check("end to end ≥ 5 MB/s per core on the seeds", oursErr == nil && ours.MBPerSec >= 5, fmt.Sprintf("%.2f MB/s", ours.MBPerSec))
	// The issue puts 5 MB/s at about twice naive gse's Cut; measured in the
	// same run, the ratio is what this noisy machine's drift leaves alone.
	gseCut := rows[4].bs
	check("end to end ≥ 2× naive gse Cut(hmm) in this run", oursErr == nil && ours.MBPerSec >= 2*gseCut, fmt.Sprintf("%.1f× (gse Cut %.2f MB/s)", ours.MBPerSec/gseCut, gseCut))
	check("binary ≤ 45 MB", bootReal.size > 0 && bootReal.size <= 45<<20, bootReal.sizeStr())
	checkLarge(check, large, largeErr)
}

// prepared is a document with the inputs of every stage computed once.
type prepared struct {
	name, enc              string
	body                   []byte
	text, norm, simplified string
	articles               []extract.Article
	lines                  [][]segment.Token // the pipeline's cut, handed to extract
}

func prepare(docs []document, an *analyze.Analyzer) []prepared {
	out := make([]prepared, 0, len(docs))
	for _, d := range docs {
		text, enc, err := encoding.DecodeAuto(d.body)
		if err != nil {
			fatal(fmt.Errorf("%s: %w", d.name, err))
		}
		n := normalize.Normalize(text)
		v := script.Classify(n.Text).Variant
		s, _ := an.Simplified(n.Text, v)
		arts := slices.Clone(n.Articles)
		for i, a := range arts {
			arts[i].Title, _ = an.Simplified(a.Title, v)
		}
		lines := an.Lines(s)
		out = append(out, prepared{name: d.name, enc: enc.Name, body: d.body, text: text, norm: n.Text, simplified: s, articles: arts, lines: lines})
	}
	return out
}

// throughput runs f over docs (one pass = every document once) for at least
// -time and returns MB of size per CPU second of this process (on one core:
// GOMAXPROCS=1), which other load on the machine does not skew as wall time
// would.
func throughput(docs []prepared, f func(prepared), size func(prepared) int) float64 {
	bytes := 0
	for _, d := range docs {
		f(d) // warm
		bytes += size(d)
	}
	runtime.GC()
	passes := 0
	start, cpu0 := time.Now(), cpuTime()
	for passes < 3 || time.Since(start) < *measureFor {
		for _, d := range docs {
			f(d)
		}
		passes++
	}
	return float64(bytes*passes) / (cpuTime() - cpu0).Seconds() / 1e6
}

// cpuTime is the user+system CPU time of this process.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// topK ranks words of at least two characters by TF-IDF, as gse's
// ExtractTags does (without its stop-word list).
func topK(toks []segment.Token, tab *segment.IDFTable, k int) []string {
	tf := map[string]float64{}
	n := 0.0
	for _, t := range toks {
		w := strings.TrimSpace(t.Text)
		if utf8.RuneCountInString(w) < 2 {
			continue
		}
		tf[w]++
		n++
	}
	type kw struct {
		w string
		s float64
	}
	ks := make([]kw, 0, len(tf))
	for w, c := range tf {
		ks = append(ks, kw{w, c / n * tab.Weight(w)})
	}
	sort.Slice(ks, func(i, j int) bool { return ks[i].s > ks[j].s })
	out := make([]string, 0, k)
	for i := 0; i < k && i < len(ks); i++ {
		out = append(out, ks[i].w)
	}
	return out
}

func loadSeeds() []document {
	files, _ := filepath.Glob(filepath.Join(*seedDir, "*.txt"))
	sort.Strings(files)
	if len(files) == 0 {
		fatal(fmt.Errorf("no seed documents in %s (run from the repository root)", *seedDir))
	}
	var docs []document
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			fatal(err)
		}
		docs = append(docs, document{name: filepath.Base(f), body: b})
	}
	return docs
}

// tenK is seed 002 (or the first seed) repeated to at least 10 KB, as the
// package benchmarks use.
func tenK(seeds []document) []document {
	d := seeds[0]
	for _, s := range seeds {
		if strings.HasPrefix(s.name, "002_") {
			d = s
		}
	}
	b := append([]byte(nil), d.body...)
	for len(b) < 10<<10 {
		b = append(append(b, '\n'), d.body...)
	}
	return []document{{name: d.name + " ×" + strconv.Itoa(len(b)/len(d.body)), body: b}}
}

func total(docs []document) int {
	n := 0
	for _, d := range docs {
		n += len(d.body)
	}
	return n
}

// childResult is what a child reports.
type childResult struct {
	InitMS     float64 `json:"init_ms"`
	FirstMS    float64 `json:"first_pass_ms"`
	DocsPerSec float64 `json:"docs_per_s"`
	MBPerSec   float64 `json:"mb_per_s"`
	MaxRSSKB   float64 `json:"maxrss_kb"`
	WallMBs    float64 `json:"wall_mb_per_s"`
	Output     string  `json:"output_sha256"`

	MBRuns []float64 `json:"-"` // MB/s per core of each run (medianChild)
}

// runChildren runs the two e2e binaries n times each, alternating, so that
// both see the same drift in machine load, and reports per binary the
// median of each rate and time, the highest peak RSS and each run's MB/s.
// Every run must produce the same output digest.
func runChildren(a, b string, env []string, n int) (ra, rb childResult, ea, eb error) {
	var as, bs []childResult
	for range max(n, 1) {
		r, err := runChildProcess(a, env)
		if err != nil {
			ea = err
		} else {
			as = append(as, r)
		}
		if r, err = runChildProcess(b, env); err != nil {
			eb = err
		} else {
			bs = append(bs, r)
		}
	}
	if ea == nil {
		ra, ea = medianChild(as)
	}
	if eb == nil {
		rb, eb = medianChild(bs)
	}
	return ra, rb, ea, eb
}

func medianChild(rs []childResult) (childResult, error) {
	med := func(get func(childResult) float64) float64 {
		v := make([]float64, len(rs))
		for i, r := range rs {
			v[i] = get(r)
		}
		sort.Float64s(v)
		return v[len(v)/2]
	}
	out := rs[0]
	for _, r := range rs {
		if r.Output != out.Output {
			return out, fmt.Errorf("runs disagree on the output: %s vs %s", r.Output, out.Output)
		}
		out.MaxRSSKB = max(out.MaxRSSKB, r.MaxRSSKB)
		out.MBRuns = append(out.MBRuns, r.MBPerSec)
	}
	out.MBPerSec = med(func(r childResult) float64 { return r.MBPerSec })
	out.DocsPerSec = med(func(r childResult) float64 { return r.DocsPerSec })
	out.WallMBs = med(func(r childResult) float64 { return r.WallMBs })
	out.InitMS = med(func(r childResult) float64 { return r.InitMS })
	out.FirstMS = med(func(r childResult) float64 { return r.FirstMS })
	return out, nil
}

func figures(v []float64) string {
	f := make([]string, len(v))
	for i, x := range v {
		f[i] = fmt.Sprintf("%.2f", x)
	}
	return strings.Join(f, " ")
}

// processorGoEnv returns the Go runtime settings template.yaml gives the
// processor, as NAME=value.
func processorGoEnv() ([]string, error) {
	t, err := localstack.LoadTemplate("template.yaml")
	if err != nil {
		return nil, err
	}
	return t.GoRuntimeEnv("ProcessorFunction")
}

// runChildProcess runs an e2e binary and reads its report.
func runChildProcess(exe string, env []string) (childResult, error) {
	cmd := exec.Command(exe, "-seeds", *seedDir, "-time", (*measureFor * 3).String())
	cmd.Env = append(append(os.Environ(), "GOMAXPROCS=1"), env...)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return childResult{}, fmt.Errorf("%s: %w", exe, err)
	}
	var r childResult
	err = json.Unmarshal(out, &r)
	return r, err
}

// build builds pkg as Lambda does (Makefile LAMBDA_FLAGS) into out.
func build(out, pkg string) error {
	cmd := exec.Command("go", "build", "-tags", "lambda.norpc", "-trimpath", "-ldflags", "-s -w", "-o", out, pkg)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go build %s: %w", pkg, err)
	}
	return nil
}

// bootResult is what starting a bootstrap showed.
type bootResult struct {
	init  float64 // median ns
	hwmKB int64
	size  int64
	err   error
}

func (b bootResult) initStr() string {
	if b.err != nil {
		return "n/a (" + b.err.Error() + ")"
	}
	return dur(time.Duration(b.init))
}

func (b bootResult) rssStr() string {
	if b.err != nil || b.hwmKB == 0 {
		return "n/a"
	}
	return mb(b.hwmKB)
}

func (b bootResult) sizeStr() string {
	if b.size == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.1f MB", float64(b.size)/(1<<20))
}

// measureBootstrap starts path under a Runtime API of infra/localstack
// -runs times and takes the median time to its first next request, and its
// memory high-water mark then.
func measureBootstrap(path string) bootResult {
	st, err := os.Stat(path)
	if err != nil {
		return bootResult{err: fmt.Errorf("%s missing (make build)", path)}
	}
	res := bootResult{size: st.Size()}
	abs, _ := filepath.Abs(path)
	spec := localstack.FunctionSpec{Name: "ProcessorFunction", Timeout: 60, Memory: 1024}
	env := []string{
		"TABLE_NAME=bench", "TEXT_PREFIX=derived/", "AWS_REGION=us-east-1",
		"AWS_ACCESS_KEY_ID=bench", "AWS_SECRET_ACCESS_KEY=bench",
		"AWS_ENDPOINT_URL=http://127.0.0.1:9", "AWS_EC2_METADATA_DISABLED=true",
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	var inits []float64
	for i := 0; i < *runs; i++ {
		f, err := localstack.StartFunction(spec, abs, env, 1, io.Discard, log)
		if err != nil {
			return bootResult{err: err, size: res.size}
		}
		select {
		case <-f.Ready():
			inits = append(inits, float64(f.InitDuration()))
			if hwm := childHWM(abs); hwm > res.hwmKB {
				res.hwmKB = hwm
			}
		case <-time.After(60 * time.Second):
			f.Close()
			return bootResult{err: fmt.Errorf("no next request in 60 s"), size: res.size}
		}
		f.Close()
	}
	sort.Float64s(inits)
	res.init = inits[len(inits)/2]
	return res
}

// childHWM is the VmHWM (kB) of this process's child running exe.
func childHWM(exe string) int64 {
	me := strconv.Itoa(os.Getpid())
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, d := range dirs {
		stat, err := os.ReadFile(filepath.Join(d, "stat"))
		if err != nil {
			continue
		}
		s := string(stat)
		if i := strings.LastIndexByte(s, ')'); i < 0 || len(strings.Fields(s[i+1:])) < 2 || strings.Fields(s[i+1:])[1] != me {
			continue
		}
		if target, _ := os.Readlink(filepath.Join(d, "exe")); target != exe {
			continue
		}
		status, _ := os.ReadFile(filepath.Join(d, "status"))
		for _, line := range strings.Split(string(status), "\n") {
			if strings.HasPrefix(line, "VmHWM:") {
				v, _ := strconv.ParseInt(strings.Fields(line)[1], 10, 64)
				return v
			}
		}
	}
	return 0
}

func ratio(base, ours float64) string {
	if base <= 0 || ours <= 0 {
		return ""
	}
	if r := base / ours; r < 100 {
		return fmt.Sprintf("%.1fx", r)
	}
	return fmt.Sprintf("%.0fx", base/ours)
}

func dur(d time.Duration) string {
	switch {
	case d >= time.Second:
		return fmt.Sprintf("%.2f s", d.Seconds())
	case d >= time.Millisecond:
		return fmt.Sprintf("%.1f ms", float64(d)/1e6)
	}
	return fmt.Sprintf("%.0f µs", float64(d)/1e3)
}

func ms(v float64) string { return dur(time.Duration(v * 1e6)) }

func mb(kb int64) string { return fmt.Sprintf("%.0f MB", float64(kb)/1024) }

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "bench:", err)
	os.Exit(1)
}
