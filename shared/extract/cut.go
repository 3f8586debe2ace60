package extract

import "unicode/utf8"

// tok is one word of a cut line: its text (a substring of the line), the
// dictionary tag and frequency (empty/0 for words the dictionary does not
// know) and rune offsets into the line.
type tok struct {
	text       string
	pos        string
	freq       float64
	start, end int
}

// cutLine appends the words of one line (segment.Tokens: gse's DAG+HMM cut,
// done by shared/segment). Lines are cut one by one, as MSRA sentences are:
// gse's route search over a whole text lets one character that the
// dictionary holds only as a prefix (a, x) change the words of every
// earlier paragraph.
func (e *Extractor) cutLine(line string, out []tok) []tok {
	if line == "" {
		return out
	}
	r := 0
	for _, t := range e.tokens(line) {
		n := utf8.RuneCountInString(t.Text)
		out = append(out, tok{text: t.Text, pos: t.Pos, freq: t.Freq, start: r, end: r + n})
		r += n
	}
	return out
}
