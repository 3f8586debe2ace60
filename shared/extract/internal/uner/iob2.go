package uner

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"unicode/utf8"
)

// ReadIOB2 parses a Universal NER .iob2 file (one token a line: index,
// token, B-/I-/O label, …; blank lines end sentences; # lines are
// comments). conv, when not nil, rewrites each token (Traditional to
// Simplified): a sentence where it changes a token's length in runes is
// left out, since the labels are per token. Labels other than PER, LOC and
// ORG are read as O.
func ReadIOB2(path string, conv func(string) (string, error)) ([]Sentence, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open entity data: %w", err)
	}
	defer f.Close()
	var out []Sentence
	var b strings.Builder
	var cur Sentence
	n, start, typ, bad := 0, -1, "", false
	closeSpan := func() {
		if start >= 0 {
			cur.Mentions = append(cur.Mentions, Mention{Type: typ, Start: start, End: n})
			start = -1
		}
	}
	flush := func() {
		closeSpan()
		if n > 0 && !bad {
			cur.Text = b.String()
			rs := []rune(cur.Text)
			for i := range cur.Mentions {
				m := &cur.Mentions[i]
				m.Text = string(rs[m.Start:m.End])
			}
			out = append(out, cur)
		}
		cur, n, bad = Sentence{}, 0, false
		b.Reset()
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for line := 1; sc.Scan(); line++ {
		l := sc.Text()
		if strings.HasPrefix(l, "#") {
			continue
		}
		if strings.TrimSpace(l) == "" {
			flush()
			continue
		}
		fs := strings.Split(l, "\t")
		if len(fs) < 3 {
			return nil, fmt.Errorf("%s:%d: want index, token and label", path, line)
		}
		tok, lab := fs[1], fs[2]
		if conv != nil {
			c, err := conv(tok)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: convert %q: %w", path, line, tok, err)
			}
			if utf8.RuneCountInString(c) != utf8.RuneCountInString(tok) {
				bad = true
			}
			tok = c
		}
		t := ""
		if len(lab) > 2 && (lab[0] == 'B' || lab[0] == 'I') && lab[1] == '-' {
			switch lab[2:] {
			case "PER", "LOC", "ORG":
				t = lab[2:]
			}
		}
		if t == "" || lab[0] == 'B' || t != typ {
			closeSpan()
		}
		if t != "" && start < 0 {
			start, typ = n, t
		}
		b.WriteString(tok)
		n += utf8.RuneCountInString(tok)
	}
	flush()
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return out, nil
}
