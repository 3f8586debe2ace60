package pipeline

import (
	"cmp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/zhdoc/zhdoc/shared/doc"
	"github.com/zhdoc/zhdoc/shared/extract"
	"github.com/zhdoc/zhdoc/shared/fingerprint"
	"github.com/zhdoc/zhdoc/shared/index"
	"github.com/zhdoc/zhdoc/shared/lexicon"
)

// DefaultWindowBytes bounds the canonical text segmented, extracted and
// indexed at once. The words of a window and the extractor's view of them
// take ~100 bytes per byte of text; cut into windows, a document at the
// size limit needs the memory of one window for them, not of the whole.
// A document within one window (nearly all: news pages are tens of KB) is
// processed whole, exactly as before windows existed.
const DefaultWindowBytes = 1 << 20

// span is a window: lines [start, end) of the canonical text.
type span struct{ start, end int }

// windows cuts lines into spans of at most limit bytes (with their line
// breaks) where it can: a longer line is a window by itself. A cut falls
// at an article's start when one lies in the second half of the window,
// so that articles stay whole where they can. cum[i] is the byte offset of
// line i in the text (cum[len(lines)] its length plus one).
func windows(cum []int, articleStarts []int, limit int) []span {
	n := len(cum) - 1
	var out []span
	for start := 0; start < n; {
		end := start + 1
		for end < n && cum[end+1]-cum[start] <= limit {
			end++
		}
		if end < n {
			// the latest article start past half the window
			i, _ := slices.BinarySearch(articleStarts, end+1)
			for i--; i >= 0 && articleStarts[i] > start; i-- {
				if cum[articleStarts[i]]-cum[start] >= limit/2 {
					end = articleStarts[i]
					break
				}
			}
		}
		out = append(out, span{start, end})
		start = end
	}
	return out
}

// part is what one window holds: lines [start, end) of the canonical text,
// bytes [a, b) of it and [oa, ob) of the original-script text. A line
// longer than a window is cut in parts: first is false for the parts that
// continue it, last false for those it continues after.
type part struct {
	start, end, a, b, oa, ob int
	first, last              bool
}

// linePartDiv: a long line's parts are a quarter of a window. One line is
// the extractor's unit (tagging, rules, the line's runes), and its cost
// in time and memory grows faster than the line: a 1 MiB line takes about
// twice the memory of 1 MiB of paragraphs.
const linePartDiv = 4

// parts turns the windows into parts, cutting each line longer than limit
// (a window by itself) in parts of limit/linePartDiv at sentence ends
// where it can (cutLine).
func parts(text, orig string, cum, ocum []int, ws []span, limit int) []part {
	var out []part
	for _, w := range ws {
		a, b, oa, ob := cum[w.start], cum[w.end]-1, ocum[w.start], ocum[w.end]-1
		if w.end-w.start > 1 || b-a <= limit {
			out = append(out, part{w.start, w.end, a, b, oa, ob, true, true})
			continue
		}
		line, oline := text[a:b], orig[oa:ob]
		// the original line is cut at the same characters when the two
		// have as many (conversion is nearly always one to one); else each
		// part sees all of it (extraction reads it only for a headline)
		sameRunes := utf8.RuneCountInString(line) == utf8.RuneCountInString(oline)
		oi, prev := 0, 0
		for i, cut := range cutLine(line, max(limit/linePartDiv, 8)) {
			p := part{start: w.start, end: w.end, a: a + prev, b: a + cut, oa: oa, ob: ob, first: i == 0, last: cut == len(line)}
			if sameRunes {
				oj := oi
				for n := utf8.RuneCountInString(line[prev:cut]); n > 0; n-- {
					_, size := utf8.DecodeRuneInString(oline[oj:])
					oj += size
				}
				p.oa, p.ob = oa+oi, oa+oj
				oi = oj
			}
			out = append(out, p)
			prev = cut
		}
	}
	return out
}

// cutLine returns the ends of the parts of line, each at most limit bytes
// (limit ≥ 8): after the last sentence end in the second half of the part,
// else after a comma there, else at a character boundary. The last end is
// len(line).
func cutLine(line string, limit int) []int {
	var ends []int
	for from := 0; len(line)-from > limit; {
		seg := line[from : from+limit]
		cut := -1
		for _, set := range []string{"。！？!?；;", "，、,"} {
			if i := strings.LastIndexAny(seg, set); i >= limit/2 {
				_, size := utf8.DecodeRuneInString(seg[i:])
				cut = i + size
				break
			}
		}
		if cut < 0 {
			cut = limit // line[from+limit] exists: the rest is longer
			for cut > 1 && !utf8.RuneStart(line[from+cut]) {
				cut--
			}
		}
		from += cut
		ends = append(ends, from)
	}
	return append(ends, len(line))
}

// lineOffsets returns the byte offset of each line of text and, last, the
// text's length plus one (where a line after the last would start).
func lineOffsets(text string) []int {
	cum := make([]int, 0, strings.Count(text, "\n")+2)
	cum = append(cum, 0)
	for i := 0; i < len(text); {
		k := strings.IndexByte(text[i:], '\n')
		if k < 0 {
			break
		}
		i += k + 1
		cum = append(cum, i)
	}
	return append(cum, len(text)+1)
}

// windowed is extraction and indexing of a text too long for one window:
// each window is segmented, extracted and indexed alone, its tokens dropped
// before the next, and the results merged (mergeMeta). It returns ok false
// when the texts are not line-aligned (the caller then processes the
// document whole).
func (p *Pipeline) windowed(simplified, normalized string, articles []extract.Article, st *Stages, clock *time.Time) (extract.Metadata, *index.Accumulator, bool) {
	cum, ocum := lineOffsets(simplified), lineOffsets(normalized)
	if len(cum) != len(ocum) {
		return extract.Metadata{}, nil, false
	}
	starts := make([]int, 0, len(articles))
	for _, a := range articles {
		starts = append(starts, a.StartLine)
	}
	slices.Sort(starts)
	acc := index.NewAccumulator()
	var mm metaMerger
	runeBase := 0
	cuts := 0    // lines cut in parts, less one per line: paragraphs counted twice
	endless := 0 // parts that end a line's part without ending a sentence
	for _, w := range parts(simplified, normalized, cum, ocum, windows(cum, starts, p.WindowBytes), p.WindowBytes) {
		text, orig := simplified[w.a:w.b], normalized[w.oa:w.ob]
		// the articles' parts in this window, lines counted from its start
		var arts []extract.Article
		for _, a := range articles {
			s, e := max(a.StartLine, w.start), min(a.EndLine, w.end)
			if s >= e {
				continue
			}
			if s != a.StartLine || !w.first {
				a.Title = "" // the headline is in an earlier window
			}
			arts = append(arts, extract.Article{Title: a.Title, StartLine: s - w.start, EndLine: e - w.start})
		}
		lines := p.analyze.Lines(text)
		st.Segment += lap(clock)
		m := p.extract.Extract(extract.Input{Text: text, Original: orig, Articles: arts, Lines: lines})
		st.Extract += lap(clock)
		if w.first {
			acc.Add(lines, text)
		} else {
			acc.AddContinued(lines, text)
		}
		st.Index += lap(clock)
		mm.add(m, runeBase, len(text))
		runeBase += utf8.RuneCountInString(text)
		if w.last {
			runeBase++ // the line break
		} else {
			cuts++
			if r, _ := utf8.DecodeLastRuneInString(strings.TrimSpace(text)); !lexicon.IsSentenceEnd(r) && !strings.ContainsRune("”」』）)", r) {
				endless++
			}
		}
	}
	md := mm.result()
	md.Stats.Articles = max(1, len(articles))
	// a line cut in parts is one paragraph, and a part that ends without
	// a sentence end was counted as a sentence of its own
	md.Stats.Paragraphs -= cuts
	md.Stats.Sentences -= endless
	// the sketch of the whole text, as for a document of one window
	md.Fingerprint = fingerprint.Of(simplified)
	return md, acc, true
}

// metaMerger merges the metadata of a document's windows, in order. The
// lead article's fields (title, published, dateline, summary) are the first
// window's; dates and agencies are the union in order of appearance;
// statistics are summed; entities are merged by name with their counts
// summed and their mentions moved to the whole text's offsets. Keywords
// are each window's ranked lists combined: a keyword scores its window's
// length times its rank's weight (maxKeywords for the first, down to 1),
// summed over windows — so for a document of many windows they may differ
// from what one pass over the whole text would choose.
type metaMerger struct {
	n        int
	first    extract.Metadata // the first window's, as it came
	md       extract.Metadata
	seen     map[string]bool // dates and agencies
	ents     map[entityKey]*mergedEntity
	order    int
	names    [3]map[string]*mergedName // people, places, organizations
	keywords map[string]*mergedKeyword
}

type entityKey struct{ typ, name string }

type mergedEntity struct {
	e     doc.Entity
	first int
}

type mergedName struct {
	name         string
	count, first int
}

type mergedKeyword struct {
	word         string
	score, first int
}

// maxKeywords is extract's upper bound on a document's keywords.
const maxKeywords = 12

func (mm *metaMerger) add(m extract.Metadata, runeBase, size int) {
	// What is kept of a window is copied: its strings may be slices of the
	// window's lower-cased or converted copies, which would stay alive.
	m = cloneMeta(m)
	if mm.n == 0 {
		mm.first = m
		mm.md = extract.Metadata{
			Title: m.Title, TitleOriginal: m.TitleOriginal, Published: m.Published,
			Dateline: m.Dateline, Summary: m.Summary,
		}
		mm.seen = map[string]bool{}
		mm.ents = map[entityKey]*mergedEntity{}
		mm.keywords = map[string]*mergedKeyword{}
		for i := range mm.names {
			mm.names[i] = map[string]*mergedName{}
		}
	}
	mm.n++
	for _, d := range m.Dates {
		if !mm.seen["d"+d] {
			mm.seen["d"+d] = true
			mm.md.Dates = append(mm.md.Dates, d)
		}
	}
	for _, a := range m.Agencies {
		if !mm.seen["a"+a] {
			mm.seen["a"+a] = true
			mm.md.Agencies = append(mm.md.Agencies, a)
		}
	}
	s := &mm.md.Stats
	s.Chars += m.Stats.Chars
	s.HanChars += m.Stats.HanChars
	s.Paragraphs += m.Stats.Paragraphs
	s.Sentences += m.Stats.Sentences
	s.Tokens += m.Stats.Tokens
	for _, e := range m.Entities {
		k := entityKey{e.Type, e.Name}
		me := mm.ents[k]
		if me == nil {
			me = &mergedEntity{e: doc.Entity{Type: e.Type, Name: e.Name}, first: mm.order}
			mm.ents[k] = me
			mm.order++
		}
		me.e.Count += e.Count
		for _, x := range e.Mentions {
			if len(me.e.Mentions) < doc.MaxMentions {
				x.Start, x.End = x.Start+runeBase, x.End+runeBase
				me.e.Mentions = append(me.e.Mentions, x)
			}
		}
	}
	for i, list := range [][]string{m.People, m.Places, m.Organizations} {
		typ := [...]string{extract.PER, extract.LOC, extract.ORG}[i]
		for _, name := range list {
			mn := mm.names[i][name]
			if mn == nil {
				mn = &mergedName{name: name, first: mm.order}
				mm.names[i][name] = mn
				mm.order++
			}
			// names beyond the window's entity list count as seen once
			c := 1
			for _, e := range m.Entities {
				if e.Type == typ && e.Name == name {
					c = e.Count
					break
				}
			}
			mn.count += c
		}
	}
	for rank, w := range m.Keywords {
		k := mm.keywords[w]
		if k == nil {
			k = &mergedKeyword{word: w, first: mm.order}
			mm.keywords[w] = k
			mm.order++
		}
		k.score += size * (maxKeywords - min(rank, maxKeywords-1))
	}
}

// maxNames bounds each of the merged people, places and organizations
// lists (a DynamoDB item holds 400 KB); most mentioned first.
const maxNames = 500

func (mm *metaMerger) result() extract.Metadata {
	if mm.n == 1 {
		return mm.first // one window: nothing to merge
	}
	md := mm.md
	ents := make([]*mergedEntity, 0, len(mm.ents))
	for _, e := range mm.ents {
		ents = append(ents, e)
	}
	slices.SortFunc(ents, func(a, b *mergedEntity) int {
		return cmp.Or(cmp.Compare(b.e.Count, a.e.Count), cmp.Compare(a.first, b.first))
	})
	for _, e := range ents[:min(len(ents), doc.MaxEntities)] {
		md.Entities = append(md.Entities, e.e)
	}
	lists := [3]*[]string{&md.People, &md.Places, &md.Organizations}
	for i, names := range mm.names {
		all := make([]*mergedName, 0, len(names))
		for _, n := range names {
			all = append(all, n)
		}
		slices.SortFunc(all, func(a, b *mergedName) int {
			return cmp.Or(cmp.Compare(b.count, a.count), cmp.Compare(a.first, b.first))
		})
		for _, n := range all[:min(len(all), maxNames)] {
			*lists[i] = append(*lists[i], n.name)
		}
	}
	kws := make([]*mergedKeyword, 0, len(mm.keywords))
	for _, k := range mm.keywords {
		kws = append(kws, k)
	}
	slices.SortFunc(kws, func(a, b *mergedKeyword) int {
		return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(a.first, b.first))
	})
	for _, k := range kws[:min(len(kws), maxKeywords)] {
		md.Keywords = append(md.Keywords, k.word)
	}
	return md
}

// cloneMeta returns m with copies of its strings.
func cloneMeta(m extract.Metadata) extract.Metadata {
	c := strings.Clone
	m.Title, m.TitleOriginal, m.Published, m.Dateline, m.Summary = c(m.Title), c(m.TitleOriginal), c(m.Published), c(m.Dateline), c(m.Summary)
	for _, l := range []*[]string{&m.Dates, &m.Agencies, &m.People, &m.Places, &m.Organizations, &m.Keywords} {
		*l = cloned(*l)
	}
	ents := make([]doc.Entity, len(m.Entities))
	for i, e := range m.Entities {
		e.Name, e.Type = c(e.Name), c(e.Type)
		ms := make([]doc.EntityMention, len(e.Mentions))
		for j, x := range e.Mentions {
			x.Text = c(x.Text)
			ms[j] = x
		}
		e.Mentions = ms
		ents[i] = e
	}
	m.Entities = ents
	return m
}
