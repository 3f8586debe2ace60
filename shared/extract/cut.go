package extract

import (
	"strings"
	"unicode/utf8"

	"github.com/zhdoc/zhdoc/shared/extract/tagger"
	"github.com/zhdoc/zhdoc/shared/segment"
)

// tok is one word of a cut line: its text (a substring of the line), the
// dictionary tag and frequency (empty/0 for words the dictionary does not
// know) and rune offsets into the line.
type tok struct {
	text       string
	pos        string
	freq       float64
	start, end int
	w          *wordEntry // of text: features, flags, gazetteer entry, IDF
}

// scratch holds buffers reused from line to line of one document.
type scratch struct {
	// the tagger's buffers (tag.go)
	tagger    *tagger.Tagger
	cells     []tagger.Cell
	labels    []uint8
	clause    []uint8 // labels of one tagged range
	conf      []float32
	spans     []tagger.Span
	rules     []Mention
	lineRunes []rune
	spanScore []float32
	admit     []bool

	store  []ntok
	ptrs   []*ntok
	toks   []tok // the words of a document
	live   []*ntok
	ents   map[entKey]int // entity counts of a document
	counts []entCount
	runs   []*ntok

	// keywords
	kwCands     map[string]*kwCand
	kwPairs     map[kwPair]int
	kwPairOrder []kwPair // pairs in order of first occurrence
	kwArena     []kwCand
	kwMade      []*kwCand // the candidates in order of creation
}

// cutLine appends the words of one line (the segmenter's Tokens: gse's
// DAG+HMM cut, done by shared/segment). Lines are cut one by one, as MSRA
// sentences are: gse's route search over a whole text lets one character that the
// dictionary holds only as a prefix (a, x) change the words of every
// earlier paragraph.
func (e *Extractor) cutLine(line string, out []tok) []tok {
	if line == "" {
		return out
	}
	r := 0
	for _, t := range e.seg.Tokens(line) {
		out = append(out, e.newTok(t.Text, t.Pos, t.Freq, r))
		r = out[len(out)-1].end
	}
	return out
}

// spaces backs the text of blanked words (credits removed before
// recognition).
const spaces = "                                                                "

func spaceText(n int) string {
	if n <= len(spaces) {
		return spaces[:n]
	}
	return strings.Repeat(" ", n)
}

// bodyWords appends the words of a body line: l is full with surrounding
// space trimmed, nl is l with credit text blanked (the same runes, some
// turned into spaces). ts are the words of full (Extractor.Tokens, as
// Input.Lines gives them; nil: full is cut here). Words outside l are
// dropped, words cut by its ends are trimmed, and blanked runes become one
// space word per blanked run, so the words of the rest of the line stay
// those of the whole line: nothing is cut twice.
func (e *Extractor) bodyWords(full string, ts []segment.Token, l, nl string, out []tok) []tok {
	if l == "" {
		return out
	}
	if ts == nil {
		ts = e.seg.Tokens(full)
	}
	n := 0
	for i := range ts {
		n += len(ts[i].Text)
	}
	lo := strings.Index(full, l)
	if n != len(full) || lo < 0 {
		return e.cutLine(nl, out) // words that do not tile the line (never with Extractor.Tokens)
	}
	hi := lo + len(l)
	var mask []bool // blanked runes of l
	if nl != l {
		mask = make([]bool, 0, len(l)/2)
		j := 0
		for _, r := range l {
			r2, size := utf8.DecodeRuneInString(nl[j:])
			j += size
			mask = append(mask, r2 != r)
		}
	}
	r := 0        // rune offset in l
	blankAt := -1 // index in out of the current blank word
	off := 0      // byte offset of the word in full
	for i := range ts {
		t := &ts[i]
		a, b := off, off+len(t.Text)
		off = b
		if b <= lo || a >= hi {
			continue
		}
		text, pos, freq := t.Text, t.Pos, t.Freq
		if a < lo || b > hi {
			text = text[max(lo, a)-a : min(hi, b)-a]
			freq, pos, _ = e.lookup(text)
		}
		if mask == nil {
			out = append(out, e.newTok(text, pos, freq, r))
			r = out[len(out)-1].end
			continue
		}
		k := int(e.wordOf(text).n)
		// pieces of the word, blanked or not
		bi := 0
		for x := 0; x < k; {
			y := x + 1
			for y < k && mask[r+y] == mask[r+x] {
				y++
			}
			pieceBytes := 0
			for z := x; z < y; z++ {
				_, size := utf8.DecodeRuneInString(text[bi+pieceBytes:])
				pieceBytes += size
			}
			piece := text[bi : bi+pieceBytes]
			bi += pieceBytes
			switch {
			case mask[r+x] && blankAt >= 0 && out[blankAt].end == r+x:
				out[blankAt].end = r + y
				out[blankAt] = e.newTok(spaceText(out[blankAt].end-out[blankAt].start), "", 0, out[blankAt].start)
			case mask[r+x]:
				blankAt = len(out)
				out = append(out, e.newTok(spaceText(y-x), "", 0, r+x))
			case x == 0 && y == k:
				out = append(out, e.newTok(piece, pos, freq, r+x))
			default:
				fr, p, _ := e.lookup(piece)
				out = append(out, e.newTok(piece, p, fr, r+x))
			}
			x = y
		}
		r += k
	}
	return out
}
