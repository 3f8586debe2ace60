// Command gen builds shared/segment/data/segment.bin from gse: the Simplified
// dictionary exactly as gse loads it (LoadDictEmbed("zh_s"): keys, frequencies,
// tags, total frequency), gse's embedded IDF table and gse's HMM model (parsed
// from the gse module's hmm sources). Run it through `go generate
// ./shared/segment`. The output is a pointer-free image that the segment
// package reads in place (see format.go there for the layout).
package main

import (
	"github.com/zhdoc/zhdoc/shared/segment/internal/imagefmt"

	"bytes"
	"encoding/binary"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"log"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-ego/gse"
)

func main() {
	out := flag.String("o", "data/segment.bin", "output file")
	flag.Parse()
	log.SetFlags(0)

	var seg gse.Segmenter
	seg.SkipLog = true
	seg.NotLoadHMM = true
	if err := seg.LoadDictEmbed("zh_s"); err != nil {
		log.Fatal(err)
	}
	b := newBuilder()
	for i := range seg.Dict.Tokens {
		t := &seg.Dict.Tokens[i]
		key := t.Text()
		if !utf8.ValidString(key) || key == "" {
			log.Fatalf("dictionary key %q is not valid UTF-8", key)
		}
		f := t.Freq()
		if f != math.Trunc(f) || f < 1 || f > math.MaxUint32 {
			log.Fatalf("dictionary word %q has frequency %v (want a positive integer)", key, f)
		}
		b.addWord(key, uint32(f), t.Pos())
	}
	b.total = seg.Dict.TotalFreq()
	b.dictWords = seg.Dict.NumTokens()

	// IDF: the same parse the package used to do at run time.
	vals := make([]float64, 0, 280000)
	src := gse.ZhIdf
	for len(src) > 0 {
		var line string
		if i := strings.IndexByte(src, '\n'); i >= 0 {
			line, src = src[:i], src[i+1:]
		} else {
			line, src = src, ""
		}
		sp := strings.LastIndexByte(line, ' ')
		if sp <= 0 {
			continue
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(line[sp+1:]), 64)
		if err != nil {
			continue
		}
		if !utf8.ValidString(line[:sp]) {
			log.Fatalf("idf key %q is not valid UTF-8", line[:sp])
		}
		b.addIDF(line[:sp], float32(v))
		vals = append(vals, v)
	}
	sort.Float64s(vals)
	b.idfMedian = vals[len(vals)/2]

	m, err := loadHMM()
	if err != nil {
		log.Fatal(err)
	}
	b.hmm = m

	img := b.build()
	if err := os.WriteFile(*out, img, 0o644); err != nil {
		log.Fatal(err)
	}
	log.Printf("%s: %d bytes; %d dictionary words, %d IDF words (%d entries), %d trie nodes in %d slots, %d codes, %d tags",
		*out, len(img), b.dictWords, b.idfWords, len(b.entries), b.nodes, b.slots, b.codes, len(b.tags))
}

// node is one rune-level trie node while building.
type node struct {
	kids   map[rune]*node
	entry  int32 // index into entries, -1 for none
	inDict bool  // a prefix of some dictionary key (gse's trie holds it)
}

type entry struct {
	freq uint32
	tag  uint8
	idf  float32
}

type builder struct {
	root      *node
	entries   []entry
	tags      []string
	tagIndex  map[string]uint8
	total     float64
	dictWords int
	idfWords  int
	idfMedian float64
	hmm       *hmmModel

	nodes, slots, codes int
}

func newBuilder() *builder {
	b := &builder{root: &node{entry: -1}, tagIndex: map[string]uint8{}}
	b.tag("") // tag 0 is the empty tag
	return b
}

func (b *builder) tag(t string) uint8 {
	if i, ok := b.tagIndex[t]; ok {
		return i
	}
	if len(b.tags) == 255 {
		log.Fatal("too many tags")
	}
	b.tagIndex[t] = uint8(len(b.tags))
	b.tags = append(b.tags, t)
	return b.tagIndex[t]
}

func (b *builder) walk(key string, inDict bool) *node {
	n := b.root
	for _, r := range key {
		k := n.kids[r]
		if k == nil {
			if n.kids == nil {
				n.kids = map[rune]*node{}
			}
			k = &node{entry: -1}
			n.kids[r] = k
		}
		if inDict {
			k.inDict = true
		}
		n = k
	}
	return n
}

func (b *builder) entryOf(n *node) *entry {
	if n.entry < 0 {
		n.entry = int32(len(b.entries))
		b.entries = append(b.entries, entry{idf: float32(math.NaN())})
	}
	return &b.entries[n.entry]
}

func (b *builder) addWord(key string, freq uint32, pos string) {
	n := b.walk(key, true)
	e := b.entryOf(n)
	if e.freq != 0 {
		log.Fatalf("duplicate dictionary key %q", key)
	}
	e.freq, e.tag = freq, b.tag(pos)
}

func (b *builder) addIDF(key string, v float32) {
	n := b.walk(key, false)
	e := b.entryOf(n)
	if math.IsNaN(float64(e.idf)) {
		b.idfWords++
	}
	e.idf = v // a later line wins, as in a map
}

// build lays the trie out as a double array over dense rune codes and writes
// the image.
func (b *builder) build() []byte {
	// Codes: runes on trie edges by descending edge count (dense low codes
	// pack the double array tightly), then runes only the HMM knows.
	count := map[rune]int{}
	var countEdges func(n *node)
	countEdges = func(n *node) {
		for r, k := range n.kids {
			count[r]++
			countEdges(k)
		}
	}
	countEdges(b.root)
	runes := make([]rune, 0, len(count))
	for r := range count {
		runes = append(runes, r)
	}
	sort.Slice(runes, func(i, j int) bool {
		if count[runes[i]] != count[runes[j]] {
			return count[runes[i]] > count[runes[j]]
		}
		return runes[i] < runes[j]
	})
	var extra []rune
	for r := range b.hmm.emitRunes() {
		if _, ok := count[r]; !ok {
			extra = append(extra, r)
		}
	}
	sort.Slice(extra, func(i, j int) bool { return extra[i] < extra[j] })
	runes = append(runes, extra...)
	if len(runes) >= math.MaxUint16 {
		log.Fatalf("%d runes do not fit 16-bit codes", len(runes))
	}
	code := make(map[rune]uint32, len(runes))
	for i, r := range runes {
		code[r] = uint32(i + 1)
	}
	b.codes = len(runes)

	// Double array: breadth first, first fit.
	var base, check []int32
	var used []bool
	grow := func(n int) {
		for len(used) < n {
			used = append(used, false)
			base = append(base, 0)
			check = append(check, -1)
		}
	}
	grow(1)
	used[0] = true
	slotOf := map[*node]int32{b.root: 0}
	type item struct {
		n    *node
		slot int32
	}
	queue := []item{{b.root, 0}}
	firstFree := 1
	var val []uint32
	for len(queue) > 0 {
		it := queue[0]
		queue = queue[1:]
		b.nodes++
		if len(it.n.kids) == 0 {
			continue
		}
		cs := make([]uint32, 0, len(it.n.kids))
		for r := range it.n.kids {
			cs = append(cs, code[r])
		}
		sort.Slice(cs, func(i, j int) bool { return cs[i] < cs[j] })
		for firstFree < len(used) && used[firstFree] {
			firstFree++
		}
		var bs int
		for p := firstFree; ; p++ {
			grow(p + 1)
			if used[p] || p < int(cs[0]) {
				continue
			}
			bs = p - int(cs[0])
			ok := true
			for _, c := range cs[1:] {
				grow(bs + int(c) + 1)
				if used[bs+int(c)] {
					ok = false
					break
				}
			}
			if ok {
				break
			}
		}
		base[it.slot] = int32(bs)
		byCode := make(map[uint32]*node, len(it.n.kids))
		for r, k := range it.n.kids {
			byCode[code[r]] = k
		}
		for _, c := range cs {
			s := int32(bs + int(c))
			used[s] = true
			check[s] = it.slot
			slotOf[byCode[c]] = s
			queue = append(queue, item{byCode[c], s})
		}
	}
	// Pad so that base+code never leaves the arrays.
	maxBase := 0
	for _, v := range base {
		maxBase = max(maxBase, int(v))
	}
	grow(maxBase + len(runes) + 2)
	b.slots = len(used)
	val = make([]uint32, len(used))
	for n, s := range slotOf {
		var v uint32
		if n.entry >= 0 {
			v = uint32(n.entry) + 1
		}
		if n.inDict {
			v |= 1 << 31
		}
		val[s] = v
	}

	// Image.
	var h header
	w := &imgWriter{}
	w.buf.Write(make([]byte, headerSize))
	bmp := make([]uint16, 65536)
	type pair struct{ r, c uint32 }
	var supp []pair
	for r, c := range code {
		if r < 65536 {
			bmp[r] = uint16(c)
		} else {
			supp = append(supp, pair{uint32(r), c})
		}
	}
	sort.Slice(supp, func(i, j int) bool { return supp[i].r < supp[j].r })
	h.BMP = w.section(bmp)
	suppFlat := make([]uint32, 0, 2*len(supp))
	for _, p := range supp {
		suppFlat = append(suppFlat, p.r, p.c)
	}
	h.Supp = w.section(suppFlat)
	// Frequencies: few distinct values (about 5,000), so a word holds an
	// index into a table of values and their logarithms (what the route
	// search adds up), computed here once.
	freqVals := []float64{0}
	logVals := []float64{math.Inf(-1)}
	freqIndex := map[uint32]uint32{0: 0}
	idfs := make([]float32, len(b.entries))
	for i, e := range b.entries {
		idfs[i] = e.idf
		if _, ok := freqIndex[e.freq]; !ok {
			if len(freqVals) == math.MaxUint16 {
				log.Fatal("too many distinct frequencies")
			}
			freqIndex[e.freq] = uint32(len(freqVals))
			freqVals = append(freqVals, float64(e.freq))
			logVals = append(logVals, math.Log(float64(e.freq)))
		}
	}
	// Slots: base, check, entry+1 | in-dictionary bit, frequency index |
	// tag<<16 — one 16-byte record, so that a step of a walk reads one
	// cache line.
	slots := make([]uint32, 4*len(base))
	for i := range base {
		slots[4*i], slots[4*i+1] = uint32(base[i]), uint32(check[i])
		slots[4*i+2] = val[i]
	}
	for n, s := range slotOf {
		if n.entry >= 0 {
			e := b.entries[n.entry]
			if e.freq > 0 {
				slots[4*s+3] = freqIndex[e.freq] | uint32(e.tag)<<16
			}
		}
	}
	h.Slots = w.section(slots)
	h.FreqVal = w.section(freqVals)
	h.LogVal = w.section(logVals)
	h.Idf = w.section(idfs)
	var tagBytes []byte
	tagOff := []uint32{0}
	for _, t := range b.tags {
		tagBytes = append(tagBytes, t...)
		tagOff = append(tagOff, uint32(len(tagBytes)))
	}
	h.TagOff = w.section(tagOff)
	h.TagBytes = w.section(tagBytes)
	emit := make([]float64, 4*(len(runes)+1))
	for i := range emit {
		emit[i] = minFloat
	}
	for s := 0; s < 4; s++ {
		for r, p := range b.hmm.emit[s] {
			emit[4*int(code[r])+s] = p
		}
	}
	h.Emit = w.section(emit)
	h.Magic = magic
	h.MaxBase = uint32(maxBase)
	h.Codes = uint32(len(runes))
	h.Entries = uint32(len(b.entries))
	h.DictWords = uint32(b.dictWords)
	h.IDFWords = uint32(b.idfWords)
	h.TotalFreq = b.total
	h.IDFMedian = b.idfMedian
	h.Start = b.hmm.start
	h.Trans = b.hmm.trans
	img := w.buf.Bytes()
	var hb bytes.Buffer
	if err := binary.Write(&hb, binary.LittleEndian, &h); err != nil {
		log.Fatal(err)
	}
	if hb.Len() > headerSize {
		log.Fatalf("header is %d bytes, more than %d", hb.Len(), headerSize)
	}
	copy(img, hb.Bytes())
	return img
}

const (
	magic      = imagefmt.Magic
	headerSize = imagefmt.HeaderSize
	minFloat   = -3.14e100
)

type (
	section = imagefmt.Section
	header  = imagefmt.Header
)

type imgWriter struct{ buf bytes.Buffer }

func (w *imgWriter) section(data any) section {
	for w.buf.Len()%8 != 0 {
		w.buf.WriteByte(0)
	}
	off := w.buf.Len()
	if err := binary.Write(&w.buf, binary.LittleEndian, data); err != nil {
		log.Fatal(err)
	}
	n := 0
	switch d := data.(type) {
	case []uint16:
		n = len(d)
	case []uint32:
		n = len(d)
	case []int32:
		n = len(d)
	case []float32:
		n = len(d)
	case []float64:
		n = len(d)
	case []uint8:
		n = len(d)
	default:
		log.Fatalf("section of %T", data)
	}
	return section{Off: uint32(off), Len: uint32(n)}
}

// hmmModel is gse's character HMM (states B, E, M, S in byte order).
type hmmModel struct {
	emit  [4]map[rune]float64
	start [4]float64
	trans [4][4]float64
}

func (m *hmmModel) emitRunes() map[rune]bool {
	out := map[rune]bool{}
	for _, e := range m.emit {
		for r := range e {
			out[r] = true
		}
	}
	return out
}

func stateIndex(b byte) int {
	switch b {
	case 'B':
		return 0
	case 'E':
		return 1
	case 'M':
		return 2
	case 'S':
		return 3
	}
	log.Fatalf("unknown HMM state %q", b)
	return -1
}

// loadHMM reads gse's HMM model from the hmm package sources of the gse module
// this module requires: assignments probEmit['X'] = map[rune]float64{...},
// probTrans['X'] = map[byte]float64{...} and probStart['X'] = v.
func loadHMM() (*hmmModel, error) {
	dir, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/go-ego/gse").Output()
	if err != nil {
		return nil, fmt.Errorf("locate gse: %w", err)
	}
	hdir := filepath.Join(strings.TrimSpace(string(dir)), "hmm")
	m := &hmmModel{}
	for i := range m.emit {
		m.emit[i] = map[rune]float64{}
	}
	for i := range m.trans {
		for j := range m.trans[i] {
			m.trans[i][j] = minFloat
		}
		m.start[i] = minFloat
	}
	seen := map[string]int{}
	fset := token.NewFileSet()
	for _, name := range []string{"prob_emit.go", "prob_trans.go", "viterbi.go"} {
		f, err := parser.ParseFile(fset, filepath.Join(hdir, name), nil, 0)
		if err != nil {
			return nil, err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			as, ok := n.(*ast.AssignStmt)
			if !ok || len(as.Lhs) != 1 || len(as.Rhs) != 1 {
				return true
			}
			ix, ok := as.Lhs[0].(*ast.IndexExpr)
			if !ok {
				return true
			}
			id, ok := ix.X.(*ast.Ident)
			if !ok || (id.Name != "probStart" && id.Name != "probTrans" && id.Name != "probEmit") {
				return true
			}
			st := stateIndex(byte(charLit(ix.Index)))
			switch id.Name {
			case "probStart":
				m.start[st] = number(as.Rhs[0])
				seen["start"]++
			case "probTrans":
				for _, el := range as.Rhs[0].(*ast.CompositeLit).Elts {
					kv := el.(*ast.KeyValueExpr)
					m.trans[st][stateIndex(byte(charLit(kv.Key)))] = number(kv.Value)
					seen["trans"]++
				}
			case "probEmit":
				for _, el := range as.Rhs[0].(*ast.CompositeLit).Elts {
					kv := el.(*ast.KeyValueExpr)
					m.emit[st][charLit(kv.Key)] = number(kv.Value)
					seen["emit"]++
				}
			}
			return true
		})
	}
	if seen["start"] != 4 || seen["trans"] != 8 || seen["emit"] < 20000 {
		return nil, fmt.Errorf("unexpected gse HMM sources in %s: %v", hdir, seen)
	}
	return m, nil
}

func charLit(e ast.Expr) rune {
	bl, ok := e.(*ast.BasicLit)
	if !ok || bl.Kind != token.CHAR {
		log.Fatalf("want a character literal, got %T", e)
	}
	s, err := strconv.Unquote(bl.Value)
	if err != nil {
		log.Fatal(err)
	}
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

func number(e ast.Expr) float64 {
	sign := ""
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.SUB {
		sign, e = "-", u.X
	}
	bl, ok := e.(*ast.BasicLit)
	if !ok || (bl.Kind != token.FLOAT && bl.Kind != token.INT) {
		log.Fatalf("want a number, got %T", e)
	}
	v, err := strconv.ParseFloat(sign+bl.Value, 64)
	if err != nil {
		log.Fatal(err)
	}
	return v
}
