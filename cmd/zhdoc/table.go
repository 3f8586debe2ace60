package main

import (
	"io"
	"strings"
	"unicode"

	"golang.org/x/text/width"
)

// runeWidth is how many terminal columns r takes: 2 for East Asian Wide and
// Fullwidth characters (Han, kana, fullwidth punctuation such as "，" and
// "（"), 0 for combining marks, format and control characters, 1 otherwise.
// Ambiguous-width characters count as 1, as most terminals draw them.
func runeWidth(r rune) int {
	if r == 0 || unicode.IsControl(r) || unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf) {
		return 0
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}

// displayWidth is the number of terminal columns s takes.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		n += runeWidth(r)
	}
	return n
}

// clipWidth shortens s to at most max columns, ending it with "…" when it
// had to cut. A wide character never gets split: the result may be one
// column narrower than max.
func clipWidth(s string, max int) string {
	if max <= 0 {
		return ""
	}
	if displayWidth(s) <= max {
		return s
	}
	var b strings.Builder
	used := 0
	for _, r := range s {
		w := runeWidth(r)
		if used+w > max-1 { // keep a column for "…"
			break
		}
		b.WriteRune(r)
		used += w
	}
	b.WriteString("…")
	return b.String()
}

// oneLine turns runs of whitespace (newlines included) into single spaces,
// so that a cell never breaks the table's rows.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// table lays out rows in columns aligned by display width, not bytes or
// runes, so that columns of Chinese text line up on a terminal.
type table struct {
	header []string
	rows   [][]string
	// right marks columns aligned right (numbers).
	right map[int]bool
	// max caps a column's width in columns (0: no cap); longer cells are
	// clipped with "…".
	max map[int]int
}

func newTable(header ...string) *table {
	return &table{header: header, right: map[int]bool{}, max: map[int]int{}}
}

func (t *table) add(cells ...string) { t.rows = append(t.rows, cells) }

// write prints the header and rows, columns separated by two spaces; the
// last column is not padded, so lines carry no trailing blanks.
func (t *table) write(w io.Writer) error {
	all := make([][]string, 0, len(t.rows)+1)
	if len(t.header) > 0 {
		all = append(all, t.header)
	}
	all = append(all, t.rows...)
	ncol := 0
	for _, r := range all {
		ncol = max(ncol, len(r))
	}
	cells := make([][]string, len(all))
	widths := make([]int, ncol)
	for i, r := range all {
		cells[i] = make([]string, ncol)
		for j := 0; j < ncol; j++ {
			c := ""
			if j < len(r) {
				c = oneLine(r[j])
			}
			if m := t.max[j]; m > 0 {
				c = clipWidth(c, m)
			}
			cells[i][j] = c
			widths[j] = max(widths[j], displayWidth(c))
		}
	}
	var b strings.Builder
	for _, r := range cells {
		b.Reset()
		for j, c := range r {
			pad := strings.Repeat(" ", widths[j]-displayWidth(c))
			last := j == ncol-1
			switch {
			case t.right[j]:
				b.WriteString(pad)
				b.WriteString(c)
			case last:
				b.WriteString(c)
			default:
				b.WriteString(c)
				b.WriteString(pad)
			}
			if !last {
				b.WriteString("  ")
			}
		}
		b.WriteString("\n")
		if _, err := io.WriteString(w, strings.TrimRight(b.String(), " \n")+"\n"); err != nil {
			return err
		}
	}
	return nil
}
