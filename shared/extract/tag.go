package extract

//go:generate go run ./internal/train -out data/ner/model.bin -extra pud

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/zhdoc/zhdoc/shared/extract/tagger"
)

// The trained entity tagger (tagger package; provenance in
// data/ner/README.md). It is read in place: loading checks a header.
//
//go:embed data/ner/model.bin
var nerTable []byte

var (
	modelOnce sync.Once
	model     *tagger.Model
	modelErr  error
)

func nerModel() (*tagger.Model, error) {
	modelOnce.Do(func() {
		if len(nerTable) == 0 {
			return // bootstrapping: the trainer runs before a table exists
		}
		model, modelErr = tagger.Load(nerTable)
		if modelErr != nil {
			modelErr = fmt.Errorf("load entity tagger table: %w", modelErr)
		}
	})
	return model, modelErr
}

// coarsePOS maps gse's tags to the tagger's few classes.
func coarsePOS(p string) uint8 {
	switch {
	case p == "":
		return tagger.PosNone
	case strings.HasPrefix(p, "nr"):
		return tagger.PosNR
	case strings.HasPrefix(p, "ns"):
		return tagger.PosNS
	case strings.HasPrefix(p, "nt"):
		return tagger.PosNT
	case p[0] == 'n':
		return tagger.PosNoun
	case p[0] == 'v':
		return tagger.PosVerb
	case p[0] == 'm' || p[0] == 'q':
		return tagger.PosNum
	case p[0] == 'p' || p[0] == 'u' || p[0] == 'c' || p[0] == 'r' || p[0] == 'd' || p[0] == 'f':
		return tagger.PosFunc
	case p[0] == 'x' || p[0] == 'w':
		return tagger.PosPunct
	}
	return tagger.PosOther
}

// cells describes the characters of one line's words (ts) for the tagger,
// with the rules' mentions (offsets shifted by base) as a feature.
func cells(ts []tok, rules []Mention, base int, out []tagger.Cell) []tagger.Cell {
	out = out[:0]
	for i := range ts {
		t := &ts[i]
		wh := t.w.th
		pos := coarsePOS(t.pos)
		next := tagger.PosNone
		wl := wordLex(t.w.fl)
		if i > 0 {
			if ts[i-1].w.fl&fTitle != 0 {
				wl |= tagger.WLexPrevTitle
			}
		}
		if i+1 < len(ts) {
			next = coarsePOS(ts[i+1].pos)
			if ts[i+1].w.fl&fOrgHead != 0 {
				wl |= tagger.WLexNextOrgHead
			}
			if ts[i+1].w.fl&fPlaceSuffix != 0 {
				wl |= tagger.WLexNextPlaceSuffix
			}
		}
		var gz uint8
		if t.w != nil && t.w.gaz != nil {
			gz = uint8(t.w.gaz.kind)
		}
		n := utf8.RuneCountInString(t.text)
		j := 0
		for _, r := range t.text {
			wp := tagger.WM
			switch {
			case n == 1:
				wp = tagger.WS
			case j == 0:
				wp = tagger.WB
			case j == n-1:
				wp = tagger.WE
			}
			out = append(out, tagger.Cell{R: r, Word: wh, WPos: wp, WLen: uint8(min(n, 8)), POS: pos, NextPOS: next, Gaz: gz, WLex: wl})
			j++
		}
	}
	for _, m := range rules {
		if m.nested {
			continue
		}
		s, e := m.Start-base, m.End-base
		if s < 0 || e > len(out) || s >= e {
			continue
		}
		b := tagger.Begin(m.Type)
		if out[s].Rule != tagger.O {
			continue
		}
		out[s].Rule = b
		for k := s + 1; k < e; k++ {
			out[k].Rule = b + 1
		}
	}
	return out
}

// tagWordHash is FNV-1a of a word: the tagger's feature value for it.
func tagWordHash(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}

// wordLex is a word's lexicon classes, from its flags (titles, organization heads, place
// suffixes: the rules' word lists, as features).
func wordLex(fl uint32) uint8 {
	var l uint8
	if fl&fTitle != 0 {
		l |= tagger.WLexTitle
	}
	if fl&fOrgHead != 0 {
		l |= tagger.WLexOrgHead
	}
	if fl&fPlaceSuffix != 0 {
		l |= tagger.WLexPlaceSuffix
	}
	return l
}

// tagClauses labels the cells of a line clause by clause, skipping the
// clauses where there is nothing for the tagger to find or weigh: no word
// the dictionary tags as a name or does not know, no gazetteer word, no
// rule mention, no Latin letter (most clauses of news text have one; the
// rest cost nothing). A tagged range reaches two cells into its
// neighbours, the context the features read. conf holds the tagger's
// confidence in its label for the cells in a mention or a rule mention,
// 1 (sure of O) elsewhere.
func (e *Extractor) tagClauses(sc *scratch, cs []tagger.Cell) (labels []uint8, conf []float32) {
	n := len(cs)
	labels, conf = sc.labels[:0], sc.conf[:0]
	for range n {
		labels = append(labels, tagger.O)
		conf = append(conf, 1)
	}
	sc.labels, sc.conf = labels, conf
	tagRange := func(a, b int) {
		a, b = max(0, a-2), min(n, b+2)
		lab := sc.tagger.Tag(cs[a:b], sc.clause)
		sc.clause = lab
		for k := a; k < b; k++ {
			labels[k] = lab[k-a]
			if lab[k-a] != tagger.O || cs[k].Rule != tagger.O {
				conf[k] = sc.tagger.Confidence(lab, k-a)
			}
		}
	}
	from, worth := 0, false // the clause being read
	lo, hi := -1, -1        // the range to tag, adjacent worthy clauses merged
	for k := range cs {
		c := &cs[k]
		if !worth {
			switch {
			case c.Rule != tagger.O, c.Gaz != 0,
				c.POS == tagger.PosNR, c.POS == tagger.PosNS, c.POS == tagger.PosNT,
				c.POS == tagger.PosNone && c.R >= 0x3400 && c.R <= 0x9FFF, // gse has no tag for punctuation either
				c.R < 0x80 && (c.R|0x20 >= 'a' && c.R|0x20 <= 'z'):
				worth = true
			}
		}
		if k == n-1 || clauseEnd(c.R) {
			if worth {
				if lo >= 0 && from > hi+4 {
					tagRange(lo, hi)
					lo = -1
				}
				if lo < 0 {
					lo = from
				}
				hi = k + 1
			}
			from, worth = k+1, false
		}
	}
	if lo >= 0 {
		tagRange(lo, hi)
	}
	return labels, conf
}

// clauseEnd: punctuation no name runs across.
func clauseEnd(r rune) bool {
	switch r {
	case '，', '。', '；', '！', '？', '：', '、', ',', ';', '!', '?', '…':
		return true
	}
	return false
}

// TagCells returns, per line of text, the tagger's view of its characters
// (cut and rules as Entities runs them). It is the trainer's input
// (internal/train), so that training sees exactly what tagging sees.
func (e *Extractor) TagCells(text string) [][]tagger.Cell {
	var out [][]tagger.Cell
	var sc scratch
	for _, line := range strings.Split(text, "\n") {
		ts := e.cutLine(line, nil)
		ms := e.ruleLine(&sc, ts, 0, false, nil)
		out = append(out, cells(ts, ms, 0, nil))
	}
	return out
}

// lineEntities appends the mentions found in the words of one line (rune
// offsets shifted by base): the tagger's, read over the rules' as features,
// plus the rules' where the tagger found nothing overlapping them. nested:
// also the known places inside organization names (see ruleLine).
// line is the text the words were cut from: mentions quote it (the
// segmenter's words are lower-cased).
func (e *Extractor) lineEntities(sc *scratch, line string, ts []tok, base int, nested bool, out []Mention) []Mention {
	from := len(out)
	out = e.ruleLine(sc, ts, base, nested, out)
	m, _ := nerModel()
	if m == nil || len(ts) == 0 || rulesOnly {
		return out
	}
	if sc.tagger == nil {
		sc.tagger = m.New()
	}
	sc.rules = append(sc.rules[:0], out[from:]...)
	out = out[:from]
	cs := cells(ts, sc.rules, base, sc.cells)
	sc.cells = cs
	labels, conf := e.tagClauses(sc, cs)
	sc.spans = tagger.Spans(labels, sc.spans[:0])
	rs := sc.lineRunes[:0]
	for _, r := range line {
		rs = append(rs, r)
	}
	sc.lineRunes = rs
	text := func(s, e int) string {
		if len(rs) == len(cs) {
			return string(rs[s:e])
		}
		var b strings.Builder
		for k := s; k < e; k++ {
			b.WriteRune(cs[k].R)
		}
		return b.String()
	}
	score := func(s, e int, inverse bool) float32 {
		var sum float32
		for k := s; k < e; k++ {
			if inverse {
				sum += 1 - conf[k]
			} else {
				sum += conf[k]
			}
		}
		return sum / float32(e-s)
	}
	overlaps := func(a, b, c, d int) bool { return a < d && c < b }
	// Arbitration, per mention: a rule mention the tagger marks the same
	// way stands; one inside (or equal to, with another type) a tagger
	// mention of confidence ≥ tagCover gives way to it; one of a kind the
	// tagger must confirm (ruleKeep) falls without its support; the
	// tagger's mentions fill in where no rule mention stands and it is
	// sure enough (tagAdd). See README (Entity recognition).
	spanScore := sc.spanScore[:0]
	admit := sc.admit[:0]
	for _, sp := range sc.spans {
		spanScore = append(spanScore, score(sp.Start, sp.End, false))
		admit = append(admit, false)
	}
	sc.spanScore, sc.admit = spanScore, admit
	for _, r := range sc.rules {
		if r.nested {
			continue
		}
		rs, re := r.Start-base, r.End-base
		keep, agreed := true, float32(-1)
		for k, sp := range sc.spans {
			if !overlaps(rs, re, sp.Start, sp.End) {
				continue
			}
			switch {
			case sp.Start == rs && sp.End == re && sp.Type == r.Type:
				agreed = spanScore[k]
			case sp.Start <= rs && re <= sp.End && spanScore[k] >= tagCover:
				// a longer name (or another type) the tagger is sure
				// of: the annotation keeps the longest name, and the
				// rules cut long names apart
				keep = false
				admit[k] = true
			case spanScore[k] >= tagOverride:
				keep = false
			}
		}
		support := score(rs, re, true)
		if !keep || agreed < 0 && support < ruleKeep[r.src][typeIndex(r.Type)] {
			continue
		}
		r.Score = ruleScore(agreed, support)
		out = append(out, r)
	}
	kept := len(out)
	for k, sp := range sc.spans {
		if spanScore[k] < tagAdd && !admit[k] {
			continue
		}
		clash := false
		for _, r := range out[from:kept] {
			if overlaps(r.Start-base, r.End-base, sp.Start, sp.End) {
				clash = true
				break
			}
		}
		if clash {
			continue
		}
		mt := Mention{Text: text(sp.Start, sp.End), Type: sp.Type, Start: base + sp.Start, End: base + sp.End, Score: spanScore[k], tagged: true}
		if g, ok := e.gaz[mt.Text]; ok && g.Type == mt.Type {
			mt.Canonical = g.Canonical
		} else {
			mt.Canonical = mt.Text
		}
		out = append(out, mt)
	}
	if nested {
		n := len(out)
		for _, r := range sc.rules {
			if !r.nested {
				continue
			}
			for _, o := range out[from:n] {
				if o.Type == ORG && r.Start >= o.Start && r.End <= o.End {
					r.Score = ruleScore(-1, score(r.Start-base, r.End-base, true))
					out = append(out, r)
					break
				}
			}
		}
	}
	// In text order, as the rules alone gave them (Extract ranks ties by
	// first occurrence).
	slices.SortStableFunc(out[from:], func(a, b Mention) int { return a.Start - b.Start })
	return out
}

// rulesOnly skips the tagger (BenchmarkExtractSeedsRules and
// BenchmarkExtractSeedsVsRules: the extractor as it was before the tagger,
// measured in the same run).
var rulesOnly bool

// ruleScore is the score of a mention the rules found: 0.5 (the rules are
// right about four times in five on news) plus half the tagger's support,
// its confidence in the same mention (agreed ≥ 0) or, when it marked
// something else there, the share of its belief off O.
func ruleScore(agreed, support float32) float32 {
	if agreed >= 0 {
		support = agreed
	}
	return 0.5 + support/2
}

// Arbitration thresholds on a tagger mention's confidence (chosen on the
// UNER dev split among the settings that keep the seeds ≥ 0.95; MSRA
// reported: see README): tagOverride drops a rule mention the tagger
// contradicts (off), tagAdd admits a mention the rules did not find.
var tagOverride, tagAdd float32 = 2, 0.6

// tagCover: a tagger mention of at least this confidence replaces the
// rule mentions inside it.
var tagCover float32 = 0.7

// ruleKeep, per kind of rule and type, is the least support (see
// ruleScore) a rule mention the tagger did not mark the same way needs to
// stand.
// The heuristics' places (gse place tags, place suffixes) stand only where
// the tagger marks them too: they are wrong more often than right in both
// genres (dev P .30, MSRA P .40; TestRuleAblation); so do the runs of
// transliteration characters read as people (dev P .47, MSRA P .59: places
// and organizations as often as people in Wikipedia).
var ruleKeep = [4][4]float32{srcRule: {iLOC: 2}, srcTranslit: {iPER: 2}}

// Indexes of the types (typeIndex).
const (
	iPER = 1 + iota
	iLOC
	iORG
)

// typeIndex is the index of PER, LOC or ORG, 0 for another.
func typeIndex(typ string) int {
	switch typ {
	case PER:
		return iPER
	case LOC:
		return iLOC
	case ORG:
		return iORG
	}
	return 0
}
