package pipeline

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/zhdoc/zhdoc/shared/normalize"
	"github.com/zhdoc/zhdoc/shared/normalize/damage"
	"github.com/zhdoc/zhdoc/shared/script"
	"github.com/zhdoc/zhdoc/shared/testcorpus"
)

// referenceTexts reads ../shared/corpus/reference/*.txt but the pools.
func referenceTexts(t *testing.T) (names []string, texts map[string]string, pool []string) {
	t.Helper()
	dir := testcorpus.Shared(t, "corpus", "reference")
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no reference texts in %s (%v)", dir, err)
	}
	texts = map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		n := strings.TrimSuffix(filepath.Base(f), ".txt")
		if strings.HasPrefix(n, "pool-") {
			for _, l := range strings.Split(string(b), "\n") {
				if l = strings.TrimSpace(l); l != "" {
					pool = append(pool, l)
				}
			}
			continue
		}
		names = append(names, n)
		texts[n] = string(b)
	}
	// more clean text: Wikipedia sentences of the UNER GSDSimp training
	// split (CC BY-SA 4.0), forty to a document, four to a paragraph, the
	// title the first clause of its first sentence
	if f, err := os.Open(testcorpus.Shared(t, "peers", "uner-zh", "train.jsonl")); err == nil {
		defer f.Close()
		var sents []string
		dec := json.NewDecoder(f)
		for {
			var rec struct {
				Text string `json:"text"`
			}
			if dec.Decode(&rec) != nil {
				break
			}
			sents = append(sents, strings.TrimSpace(rec.Text))
		}
		for k := 0; k < 20 && 40*(k+1) <= len(sents); k++ {
			ss := sents[40*k : 40*(k+1)]
			title := []rune(ss[0])
			for i, r := range title {
				if !unicode.Is(unicode.Han, r) {
					title = title[:i]
					break
				}
			}
			if len(title) < 4 {
				continue
			}
			var b strings.Builder
			b.WriteString(string(title[:min(len(title), 20)]) + "\n\n")
			for i := 0; i < len(ss); i += 4 {
				b.WriteString(strings.Join(ss[i:i+4], "") + "\n\n")
			}
			n := fmt.Sprintf("uner%02d", k)
			names = append(names, n)
			texts[n] = b.String()
		}
	}
	sort.Strings(names)
	return names, texts, pool
}

// similarity is 1 - edit distance / longer length, in characters.
func similarity(a, b string) float64 {
	x, y := []rune(a), []rune(b)
	for len(x) > 0 && len(y) > 0 && x[0] == y[0] {
		x, y = x[1:], y[1:]
	}
	for len(x) > 0 && len(y) > 0 && x[len(x)-1] == y[len(y)-1] {
		x, y = x[:len(x)-1], y[:len(y)-1]
	}
	n := max(len([]rune(a)), len([]rune(b)))
	if n == 0 {
		return 1
	}
	if len(x) > 3000 || len(y) > 3000 {
		return 1 - float64(max(len(x), len(y)))/float64(n)
	}
	prev := make([]int, len(y)+1)
	cur := make([]int, len(y)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(x); i++ {
		cur[0] = i
		for j := 1; j <= len(y); j++ {
			c := prev[j-1]
			if x[i-1] != y[j-1] {
				c = 1 + min(c, prev[j], cur[j-1])
			}
			cur[j] = c
		}
		prev, cur = cur, prev
	}
	return 1 - float64(prev[len(y)])/float64(n)
}

var (
	rePinyinLeft = regexp.MustCompile(`\p{Han}[(（][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňǹ]+[)）]`)
	reASCIIPunct = regexp.MustCompile(`\p{Han}[,:;?!()]|[,:;?!()]\p{Han}`)
	reHanSpace   = regexp.MustCompile(`\p{Han} +\p{Han}`)
)

// residue counts what a perfect repair leaves none of.
type residue struct {
	mojibake, fffd, leaked, hanSpaces, breaks, asciiPunct, pinyin, wide int
	silent                                                              int // of mojibake: not near any unrepaired entry
}

func (r *residue) add(o residue) {
	r.mojibake += o.mojibake
	r.fffd += o.fffd
	r.leaked += o.leaked
	r.hanSpaces += o.hanSpaces
	r.breaks += o.breaks
	r.asciiPunct += o.asciiPunct
	r.pinyin += o.pinyin
	r.wide += o.wide
	r.silent += o.silent
}

func (r residue) String() string {
	return fmt.Sprintf("moji=%d (silent %d) fffd=%d leak=%d hanSp=%d breaks=%d ascii=%d pinyin=%d wide=%d",
		r.mojibake, r.silent, r.fffd, r.leaked, r.hanSpaces, r.breaks, r.asciiPunct, r.pinyin, r.wide)
}

func (r residue) zero() bool { return r == residue{} }

func measure(d damage.Doc, got normalize.Result) (float64, residue) {
	want := normalize.Normalize(d.Clean).Text
	if d.Class == "clean" {
		// the clean text itself, one paragraph a line, in the canonical
		// character forms (normalize.Chars: width, curly quotes and
		// full-width marks in Chinese context) and nothing else
		title, paras := damage.Split(d.Clean)
		want = normalize.Chars(strings.Join(append([]string{title}, paras...), "\n"))
	}
	var r residue
	for _, s := range d.Spans {
		if !strings.Contains(got.Text, normalize.Normalize(s).Text) {
			r.mojibake++
			if !reported(d.Clean, s, got) {
				r.silent++
			}
		}
	}
	r.fffd = strings.Count(got.Text, "\uFFFD")
	lines := strings.Split(got.Text, "\n")
	for _, f := range d.Furniture {
		nf := strings.TrimSpace(normalize.Normalize(f).Text)
		if nf == "" {
			continue
		}
		if slices.ContainsFunc(lines, func(l string) bool { return strings.Contains(l, nf) }) {
			r.leaked++
		}
	}
	wantLines := map[string]bool{}
	for _, l := range strings.Split(want, "\n") {
		wantLines[l] = true
	}
	for _, l := range lines {
		if !wantLines[l] {
			r.breaks++
		}
	}
	if d.Class == "page" || d.Class == "mojibake" {
		r.breaks = 0 // counted as leaks or spans there
	}
	r.hanSpaces = max(0, len(reHanSpace.FindAllString(got.Text, -1))-len(reHanSpace.FindAllString(want, -1)))
	r.asciiPunct = max(0, len(reASCIIPunct.FindAllString(got.Text, -1))-len(reASCIIPunct.FindAllString(want, -1)))
	r.pinyin = max(0, len(rePinyinLeft.FindAllString(got.Text, -1))-len(rePinyinLeft.FindAllString(want, -1)))
	for _, c := range got.Text {
		if c >= 0xFF10 && c <= 0xFF19 || c >= 0xFF21 && c <= 0xFF3A || c >= 0xFF41 && c <= 0xFF5A || c == 0x200B || c == 0x200C || c == 0x200D || c == 0xFEFF {
			r.wide++
		}
	}
	return similarity(got.Text, want), r
}

// reported: an unrepaired entry of got lies where the clean span s should
// be, found by the clean text just before or after it (within 40 bytes).
func reported(clean, s string, got normalize.Result) bool {
	ci := strings.Index(clean, s)
	if ci < 0 {
		return false
	}
	before, after := []rune(clean[:ci]), []rune(clean[ci+len(s):])
	var at []int
	if k := len(before); k >= 4 {
		ctx := normalize.Chars(string(before[max(0, k-6):]))
		if i := strings.Index(got.Text, ctx); i >= 0 {
			at = append(at, i+len(ctx))
		}
	}
	if len(after) >= 4 {
		ctx := normalize.Chars(string(after[:min(len(after), 6)]))
		if i := strings.Index(got.Text, ctx); i >= 0 {
			at = append(at, i)
		}
	}
	for _, e := range got.Unrepaired {
		e = normalize.Chars(e)
		for from := 0; e != ""; {
			j := strings.Index(got.Text[from:], e)
			if j < 0 {
				break
			}
			j += from
			for _, a := range at {
				if j <= a+40 && j+len(e) >= a-40-len(s) {
					return true
				}
			}
			from = j + 1
		}
	}
	return false
}

type tally struct {
	n                        int
	sim, minSim              float64
	res                      residue
	title, published, source int
	author, editor           [2]int // right, of pages that name one
}

func (t *tally) add(sim float64, r residue) {
	if t.n == 0 || sim < t.minSim {
		t.minSim = sim
	}
	t.n++
	t.sim += sim
	t.res.add(r)
}

// damageDocs builds every generated document of the evaluation.
func damageDocs(t *testing.T) (docs []damage.Doc, names []string) {
	rnames, texts, pool := referenceTexts(t)
	for _, n := range rnames {
		text := texts[n]
		docs = append(docs, damage.Doc{Class: "clean", Kind: "reference", Text: text, Clean: text})
		for _, p := range damage.Paths() {
			for _, post := range damage.Post() {
				if d, ok := damage.Mojibake(n, text, p, post); ok {
					docs = append(docs, d)
				}
			}
		}
		docs = append(docs, damage.OCR(n, text), damage.Pinyin(n, text))
		for v := range 4 {
			docs = append(docs, damage.Page(n, text, script.Classify(text).Script == "Hant", pool, v))
		}
		for range len(docs) - len(names) {
			names = append(names, n)
		}
	}
	return docs, names
}

// TestDamageReport runs the normalizer (and, for pages, the pipeline) over
// generated damage of every class, on the development and the held-out
// half of the reference texts, and logs per class: documents, mean and
// lowest character similarity to the clean text's normalization, residue
// and, for pages, title, published date and source accuracy. Run it with
// -v to read the table; it fails only where a clean text is harmed (comes
// out other than its paragraphs in the canonical character forms).
func TestDamageReport(t *testing.T) {
	docs, names := damageDocs(t)
	p := newPipeline(t)
	tallies := map[string]*tally{}
	var keys []string
	for i, d := range docs {
		half := "dev"
		if damage.Heldout(names[i]) {
			half = "held"
		}
		for _, k := range []string{d.Class + "/" + half, d.Class + ":" + d.Kind + "/" + half} {
			if d.Class == "clean" && strings.Contains(k, ":") || d.Class == "page" && strings.Contains(k, ":") {
				continue
			}
			tl := tallies[k]
			if tl == nil {
				tl = &tally{}
				tallies[k] = tl
				keys = append(keys, k)
			}
			got := normalize.Normalize(d.Text)
			sim, r := measure(d, got)
			tl.add(sim, r)
			if d.Class == "clean" && (sim < 1 || !r.zero()) && k == d.Class+"/"+half {
				// do no harm: a clean text comes out as its paragraphs in
				// the canonical character forms, nothing joined or lost
				t.Errorf("%s: clean text harmed: similarity %.4f, %v", names[i], sim, r)
			}
			if d.Class == "clean" {
				title, _ := damage.Split(d.Clean)
				if len(got.Articles) > 0 && got.Articles[0].Title == normalize.Normalize(title).Text {
					tl.title++
				}
			}
			if d.Class == "page" {
				res := p.Process(Source{Bucket: "b", Key: names[i]}, []byte(d.Text))
				if res.Doc.TitleOriginal == normalize.Normalize(d.Title).Text {
					tl.title++
				}
				if res.Doc.Published == d.Published {
					tl.published++
				}
				if res.Doc.Source == d.Source || slices.Contains(res.Doc.Agencies, d.Source) {
					tl.source++
				}
				if d.Author != "" {
					tl.author[1]++
					if res.Doc.Author == d.Author {
						tl.author[0]++
					}
				}
				if d.Editor != "" {
					tl.editor[1]++
					if res.Doc.Editor == d.Editor {
						tl.editor[0]++
					}
				}
			}
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		tl := tallies[k]
		line := fmt.Sprintf("%-34s n=%3d sim=%.4f min=%.4f %v", k, tl.n, tl.sim/float64(tl.n), tl.minSim, tl.res)
		if strings.HasPrefix(k, "page") || strings.HasPrefix(k, "clean") {
			line += fmt.Sprintf(" title=%d/%d", tl.title, tl.n)
		}
		if strings.HasPrefix(k, "page") {
			line += fmt.Sprintf(" published=%d/%d source=%d/%d author=%d/%d editor=%d/%d", tl.published, tl.n, tl.source, tl.n,
				tl.author[0], tl.author[1], tl.editor[0], tl.editor[1])
		}
		t.Log(line)
	}
}
