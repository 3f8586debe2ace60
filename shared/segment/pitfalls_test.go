package segment

import (
	"math"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"github.com/go-ego/gse"
	gseidf "github.com/go-ego/gse/hmm/idf"
)

// gse pitfall: its IDF loaders read idf.txt from gse's source folder, found
// through the path of its own source file (absent on Lambda, and relative in
// a -trimpath build). The image needs no file: it works from any folder.
func TestPitfallIDFFileFromModuleFolder(t *testing.T) {
	p := new(gse.Segmenter).GetIdfPath()
	if len(p) != 1 || !strings.HasSuffix(p[0], "data/dict/zh/idf.txt") || !strings.Contains(p[0], "go-ego/gse") {
		t.Fatalf("gse's IDF path is %v; expected the gse module folder", p)
	}
	if err := gseidf.NewIdf().LoadDict(filepath.Join(t.TempDir(), "idf.txt")); err == nil {
		t.Error("gse loaded an IDF table from a file that does not exist")
	}
	t.Chdir(t.TempDir())
	t.Setenv("HOME", t.TempDir())
	d, err := parseImage(image)
	if err != nil {
		t.Fatal(err)
	}
	if tab := (&IDFTable{d: d, Median: d.hdr.IDFMedian}); tab.Len() < 200000 || !tab.Known("中国") {
		t.Errorf("image IDF table: %d words", tab.Len())
	}
}

// gse pitfall: its IDF loaders set no median (unknown words weigh 0) and,
// going through the dictionary loader, drop weights below 2 and set every
// one-character word to 2. The image keeps the text's values and the median.
func TestPitfallIDFNoMedian(t *testing.T) {
	naive(t) // gse's HMM model (LoadIdfStr would load it too)
	var te gseidf.TagExtracter
	te.WithGse(gse.Segmenter{Dict: gse.NewDict()})
	if err := te.LoadIdfStr("词语 1.5\n字 9.0\n测试 8.0\n"); err != nil {
		t.Fatal(err)
	}
	if _, _, ok := te.Idf.Freq("词语"); ok {
		t.Error("gse kept an IDF weight below 2")
	}
	if f, _, _ := te.Idf.Freq("字"); f != 2 {
		t.Errorf("gse's weight of a one-character word: %v, expected 2", f)
	}
	for _, tag := range te.ExtractTags("测试阿斯塔纳", 5) {
		if tag.Text != "测试" && tag.Weight != 0 {
			t.Errorf("gse weighs unknown %q %v, expected 0", tag.Text, tag.Weight)
		}
	}
	tab := IDF()
	if tab.Median <= 0 || tab.Weight("阿斯塔纳zz") != tab.Median {
		t.Errorf("unknown word: %v, median %v", tab.Weight("阿斯塔纳zz"), tab.Median)
	}
	if w := tab.Weight("的"); w == 2 || w <= 0 {
		t.Errorf("one-character word weighs %v", w)
	}
}

// gse pitfall: LoadDictEmbed("zh_s, zh_t") loads the Simplified dictionary
// only ("zh_t" is read as a dictionary text). The image holds exactly gse's
// zh_s dictionary.
func TestPitfallSimplifiedOnly(t *testing.T) {
	ref := naive(t)
	both := new(gse.Segmenter)
	both.SkipLog = true
	if err := both.LoadDictEmbed("zh_s, zh_t"); err != nil {
		t.Fatal(err)
	}
	if both.Dict.NumTokens() != ref.Dict.NumTokens() || both.Dict.TotalFreq() != ref.Dict.TotalFreq() {
		t.Errorf(`"zh_s, zh_t": %d words; "zh_s": %d`, both.Dict.NumTokens(), ref.Dict.NumTokens())
	}
	g, _ := Shared()
	if int(g.d.hdr.DictWords) != ref.Dict.NumTokens() || g.d.hdr.TotalFreq != ref.Dict.TotalFreq() {
		t.Errorf("image: %d words, total %v; gse zh_s: %d, %v", g.d.hdr.DictWords, g.d.hdr.TotalFreq, ref.Dict.NumTokens(), ref.Dict.TotalFreq())
	}
	for i := range ref.Dict.Tokens {
		tok := &ref.Dict.Tokens[i]
		f, p, ok := g.Lookup(tok.Text())
		if !ok || f != tok.Freq() || p != tok.Pos() {
			t.Fatalf("%q: image %v %q %v, gse %v %q", tok.Text(), f, p, ok, tok.Freq(), tok.Pos())
		}
	}
}

// hmmCut runs the package's HMM cutter on text.
func hmmCut(g *Segmenter, text string) []string {
	st := new(state)
	decode(st, g.d, text, true)
	st.ref = make([]int32, len(st.runes))
	for i := range st.ref {
		st.ref[i] = refUnknown
	}
	w := writer{g: g, st: st, o: g.ov.Load(), slots: g.d.slots, off: st.off, words: make([]span, len(st.runes))}
	w.hmmCut(0, len(st.runes))
	out := make([]string, w.nw)
	for i, sp := range w.words[:w.nw] {
		out[i] = text[sp.start:sp.end]
	}
	return out
}

// TestHMMSameAsGse: the image's copy of gse's HMM model and the decoder cut
// as gse's HMMCut does (Han runs, numbers, alphanumerics, the rest).
func TestHMMSameAsGse(t *testing.T) {
	ref := naive(t)
	g, _ := Shared()
	var han []rune
	for r := rune(0x3400); r < 0xa000 && len(han) < 30000; r += 1 {
		if unicode.Is(unicode.Han, r) {
			han = append(han, r)
		}
	}
	han = append(han, 0x20000, 0x2a6a5, '〇', '々')
	seed := uint64(7)
	rnd := func(n int) int { seed = seed*6364136223846793005 + 1442695040888963407; return int(seed>>33) % n }
	common := []rune("中华人民共和国国务院总理李克强今天在北京会见了美国国务卿")
	extra := []string{"3.14", "a1", "Z9.x", "，", " ", "\n", "。。", "12.", ".5", "ab.cd"}
	for i := 0; i < 3000; i++ {
		var sb strings.Builder
		for k, n := 0, 1+rnd(12); k < n; k++ {
			if rnd(6) == 0 {
				sb.WriteString(extra[rnd(len(extra))])
			} else if rnd(3) == 0 {
				sb.WriteRune(han[rnd(len(han))])
			} else {
				sb.WriteRune(common[rnd(len(common))])
			}
		}
		s := sb.String()
		if got, want := hmmCut(g, s), ref.HMMCut(s); !reflect.DeepEqual(got, want) {
			t.Fatalf("HMM %q: got %q, gse %q", s, got, want)
		}
	}
}

// gse pitfall: creating a gse segmenter (LoadDict*, Init, LoadModel) rewrites
// gse's package-level HMM model, which goroutines that are cutting read. The
// package has its own copy of the model: replacing gse's changes gse's cuts,
// not the package's.
func TestPitfallSharedHMMModel(t *testing.T) {
	ref := naive(t)
	g, _ := Shared()
	text := "李克强会见了阿斯塔纳代表团"
	before := hmmCut(g, text)
	want := ref.HMMCut(text)
	if !reflect.DeepEqual(before, want) {
		t.Fatalf("HMM: %q, gse %q", before, want)
	}
	only := map[rune]float64{}
	for _, r := range text {
		only[r] = -1
	}
	ref.LoadModel(map[rune]float64{}, map[rune]float64{}, map[rune]float64{}, only) // every character alone
	defer ref.LoadModel()
	if got := ref.HMMCut(text); reflect.DeepEqual(got, want) {
		t.Fatalf("replacing gse's model did not change gse's cut: %q", got)
	}
	if got := hmmCut(g, text); !reflect.DeepEqual(got, before) {
		t.Errorf("the package's cut followed gse's model: %q, was %q", got, before)
	}
}

// TestConcurrentCreateWhileCutting (meant for -race): goroutines cut with
// the shared segmenter and with new ones while others create segmenters,
// extend them and read the IDF table. With gse this races on its HMM model;
// here segmenters share only the read-only image and publish Extend words
// atomically.
func TestConcurrentCreateWhileCutting(t *testing.T) {
	shared, err := Shared()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Repeat("李克强在北京会见了阿斯塔纳代表团，双方就GDP增长6.5%等问题交换意见。\n", 20)
	want := shared.Tokens(text)
	words := map[string]string{"阿斯塔纳": "ns", "代表团团长": "n"}
	deadline := time.Now().Add(500 * time.Millisecond)
	var wg sync.WaitGroup
	errs := make(chan string, 16)
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(deadline) {
				if got := shared.Tokens(text); !reflect.DeepEqual(got, want) {
					errs <- "shared segmenter changed while others were created"
					return
				}
			}
		}()
	}
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(deadline) {
				g, err := New()
				if err != nil {
					errs <- err.Error()
					return
				}
				g.Extend(words, 5000)
				if len(g.Tokens(text)) == 0 || IDF().Weight("北京") <= 0 {
					errs <- "new segmenter cut nothing"
					return
				}
			}
		}()
	}
	// Extend on a segmenter that others are cutting with.
	g, _ := New()
	wg.Add(1)
	go func() {
		defer wg.Done()
		for time.Now().Before(deadline) {
			g.Tokens(text)
		}
	}()
	for i := 0; i < 20; i++ {
		g.Extend(map[string]string{"会见了" + strconv.Itoa(i): "v"}, float64(100+i))
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	if math.IsNaN(g.TotalFreq()) {
		t.Error("total frequency")
	}
}
