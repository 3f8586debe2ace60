package segment

import (
	"math"
	"sort"
	"unicode/utf8"
)

// overlay holds the words added at run time (Extend): gse would insert them
// into its trie; the image is read-only, so they live beside it. An overlay
// is immutable once published; Extend publishes a new one.
type overlay struct {
	words    map[string]ovWord // gse key → word
	prefixes map[string]bool   // every rune prefix of every key
	first    []uint64          // bit per code: some key starts with it
	firstRaw map[rune]bool     // first runes without a code
	total    float64           // gse's total frequency after the additions
	logTotal float64

	// The keys of words as a rune trie (node 0 is the root), which the
	// cutter walks instead of hashing every substring it tries. Node k's
	// edges are edges[kid[k]:kid[k+1]], sorted by rune. It holds only the
	// valid UTF-8 rune prefixes of the keys: bytes from an invalid one on
	// never equal text, which is valid UTF-8 by the time it is cut.
	kid     []int32
	edges   []ovEdge
	nodes   []ovNode
	rootKid []int32 // the root's child by code (0: none), for coded runes

	// Filters for the cutter, over codes: pair has bit pairHash(c1, c2)
	// for the first two runes of every key of two runes or more (a rune
	// without a code counting as 0), single the codes of one-rune words
	// with a frequency. A position whose two codes pass neither starts no
	// added word.
	pair, single []uint64
}

// pairHash spreads two codes over pair's 1<<16 bits.
func pairHash(c1, c2 uint32) uint32 { return (c1<<16 | c2) * 0x9e3779b1 >> 16 }

// mayStart reports whether an added word may start with codes c1 c2 (or
// with c1 alone); false positives are possible, not false negatives for c1
// != 0.
func (o *overlay) mayStart(c1, c2 uint32) bool {
	h := pairHash(c1, c2)
	return o.pair[h>>6]&(1<<(h&63)) != 0 || o.single[c1>>6]&(1<<(c1&63)) != 0
}

type ovEdge struct {
	r  rune
	to int32
}

// ovNode is a trie node: word tells whether its key is in words (with
// freq and pos, which may be 0 and ""; logf is log(freq) when freq > 0).
type ovNode struct {
	word bool
	ovWord
	logf float64
}

type ovWord struct {
	freq float64
	pos  string
}

func (o *overlay) empty() bool { return len(o.words) == 0 }

// starts reports whether some added word starts with rune r (code c).
func (o *overlay) starts(r rune, c uint32) bool {
	if len(o.words) == 0 {
		return false
	}
	if c != 0 {
		return int(c>>6) < len(o.first) && o.first[c>>6]&(1<<(c&63)) != 0
	}
	return o.firstRaw[r]
}

// index builds the trie of o.words; Extend calls it before publishing o.
func (o *overlay) index(d *dict) {
	kids := []map[rune]int32{nil}
	o.nodes = []ovNode{{}}
	for key, w := range o.words {
		n := int32(0)
		valid := true
		for rest := key; rest != ""; {
			r, size := utf8.DecodeRuneInString(rest)
			if r == utf8.RuneError && size == 1 {
				valid = false
				break
			}
			rest = rest[size:]
			if kids[n] == nil {
				kids[n] = map[rune]int32{}
			}
			k, ok := kids[n][r]
			if !ok {
				k = int32(len(o.nodes))
				kids[n][r] = k
				kids = append(kids, nil)
				o.nodes = append(o.nodes, ovNode{})
			}
			n = k
		}
		if valid && n != 0 {
			o.nodes[n] = ovNode{word: true, ovWord: w}
			if w.freq > 0 {
				o.nodes[n].logf = math.Log(w.freq)
			}
		}
	}
	o.kid = make([]int32, len(o.nodes)+1)
	o.edges = make([]ovEdge, 0, len(o.nodes)-1)
	for n, m := range kids {
		o.kid[n] = int32(len(o.edges))
		start := len(o.edges)
		for r, k := range m {
			o.edges = append(o.edges, ovEdge{r: r, to: k})
		}
		e := o.edges[start:]
		sort.Slice(e, func(i, j int) bool { return e[i].r < e[j].r })
	}
	o.kid[len(o.nodes)] = int32(len(o.edges))
	o.rootKid = make([]int32, d.hdr.Codes+1)
	for _, e := range o.edges[o.kid[0]:o.kid[1]] {
		if c := d.code(e.r); c != 0 {
			o.rootKid[c] = e.to
		}
	}
	o.pair = make([]uint64, 1<<16/64)
	o.single = make([]uint64, (d.hdr.Codes+64)/64)
	for _, e := range o.edges[o.kid[0]:o.kid[1]] {
		c1 := d.code(e.r)
		if nd := &o.nodes[e.to]; nd.word && nd.freq > 0 {
			o.single[c1>>6] |= 1 << (c1 & 63)
		}
		for _, e2 := range o.edges[o.kid[e.to]:o.kid[e.to+1]] {
			h := pairHash(c1, d.code(e2.r))
			o.pair[h>>6] |= 1 << (h & 63)
		}
	}
}

// root returns the root's child by rune r (code c): the first node of the
// added words that start with r (0: none).
func (o *overlay) root(r rune, c uint32) int32 {
	if !o.starts(r, c) {
		return 0
	}
	if c != 0 {
		return o.rootKid[c]
	}
	return o.child(0, r)
}

// child returns node n's child by r (0: none; the root is nobody's child).
func (o *overlay) child(n int32, r rune) int32 {
	e := o.edges[o.kid[n]:o.kid[n+1]]
	lo, hi := 0, len(e)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if e[m].r < r {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(e) && e[lo].r == r {
		return e[lo].to
	}
	return 0
}

// find returns the node of the word spelt by runes, c being the code of
// runes[0] (0: no such prefix).
func (o *overlay) find(runes []rune, c uint32) int32 {
	if len(runes) == 0 {
		return 0
	}
	n := o.root(runes[0], c)
	for _, r := range runes[1:] {
		if n == 0 {
			return 0
		}
		n = o.child(n, r)
	}
	return n
}

func (o *overlay) clone(d *dict) *overlay {
	n := &overlay{
		words:    make(map[string]ovWord, len(o.words)),
		prefixes: make(map[string]bool, len(o.prefixes)),
		first:    make([]uint64, (d.hdr.Codes+64)/64+1),
		firstRaw: map[rune]bool{},
		total:    o.total,
	}
	for k, v := range o.words {
		n.words[k] = v
	}
	for k := range o.prefixes {
		n.prefixes[k] = true
	}
	copy(n.first, o.first)
	for k := range o.firstRaw {
		n.firstRaw[k] = true
	}
	return n
}

func (o *overlay) add(d *dict, key string, freq float64, pos string) {
	o.words[key] = ovWord{freq: freq, pos: pos}
	// By the bytes each character really takes: an invalid byte is one
	// byte, though utf8.RuneLen of the RuneError it decodes to is three.
	for i := 0; i < len(key); {
		_, size := utf8.DecodeRuneInString(key[i:])
		i += size
		o.prefixes[key[:i]] = true
	}
	r, _ := utf8.DecodeRuneInString(key)
	if c := d.code(r); c != 0 {
		o.first[c>>6] |= 1 << (c & 63)
	} else {
		o.firstRaw[r] = true
	}
	o.total += freq
}

// gseKey is the trie key gse stores for text: ASCII letters lowercased (its
// SplitTextToWords lowercases alphanumeric runs, which hold every ASCII
// letter).
func gseKey(text string) string {
	for i := 0; i < len(text); i++ {
		if c := text[i]; 'A' <= c && c <= 'Z' {
			b := []byte(text)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return text
}

// lookupKey is gse's Dictionary.Find on the raw bytes of word: frequency and
// tag of a word, and whether gse's trie holds it at all (a prefix counts).
func (g *Segmenter) lookupKey(word string) (freq float64, pos string, inTrie bool) {
	o := g.ov.Load()
	if w, ok := o.words[word]; ok {
		return w.freq, w.pos, true
	}
	s := g.d.find(word)
	if s != 0 && g.d.inDict(s) {
		f, p := g.d.word(s)
		return f, p, true
	}
	return 0, "", o.prefixes[word]
}

// Extend adds words (word → part-of-speech tag) with frequency freq, as the
// package-level Extend does on gse: words the dictionary lacks are added,
// words it knows more rarely or under another tag are re-added with
// max(known, freq) and the new tag, and gse's total frequency grows by each
// added frequency. It returns how many words were (re-)added. Extend may run
// while other goroutines cut: they see the dictionary before or after it.
func (g *Segmenter) Extend(words map[string]string, freq float64) int {
	g.extendMu.Lock()
	defer g.extendMu.Unlock()
	keys := make([]string, 0, len(words))
	for w := range words {
		keys = append(keys, w)
	}
	sort.Strings(keys)
	o := g.ov.Load().clone(g.d)
	n := 0
	for _, w := range keys {
		pos := words[w]
		key := gseKey(w)
		if key == "" {
			continue
		}
		if f, p, ok := g.lookupIn(o, w); ok {
			if f >= freq && p == pos {
				continue
			}
			// Known but rare or mistagged (普京/ns, 莱西/ns): re-add.
			o.add(g.d, key, math.Max(f, freq), pos)
			n++
			continue
		}
		if f, _, _ := g.lookupIn(o, key); f > 0 {
			n++ // gse's AddToken keeps the word it has and reports success
			continue
		}
		o.add(g.d, key, freq, pos)
		n++
	}
	o.logTotal = math.Log(o.total)
	o.index(g.d)
	g.ov.Store(o)
	return n
}

// lookupIn is Lookup against an overlay that is being built.
func (g *Segmenter) lookupIn(o *overlay, word string) (float64, string, bool) {
	if w, ok := o.words[word]; ok {
		return w.freq, w.pos, w.freq > 0
	}
	f, p := g.d.word(g.d.find(word))
	return f, p, f > 0
}
