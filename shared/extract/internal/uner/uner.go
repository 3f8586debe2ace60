// Package uner reads the Universal NER JSONL files (../shared/peers), splits
// the training file deterministically and scores mentions the way the
// project's evaluations do: distinct surface strings per sentence and type.
package uner

import (
	"bufio"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"os"
)

// Mention is one labelled span: rune offsets into the sentence, end
// exclusive.
type Mention struct {
	Type       string
	Text       string
	Start, End int
}

// Sentence is one line of a JSONL file.
type Sentence struct {
	Text     string
	Mentions []Mention
}

// Read parses a file of {"text": …, "entities": [[start, end, type], …]}
// lines.
func Read(path string) ([]Sentence, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open entity data: %w", err)
	}
	defer f.Close()
	var out []Sentence
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		var rec struct {
			Text     string               `json:"text"`
			Entities [][3]json.RawMessage `json:"entities"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		rs := []rune(rec.Text)
		s := Sentence{Text: rec.Text}
		for _, en := range rec.Entities {
			var m Mention
			if err := json.Unmarshal(en[0], &m.Start); err != nil {
				return nil, fmt.Errorf("%s:%d: start: %w", path, n, err)
			}
			if err := json.Unmarshal(en[1], &m.End); err != nil {
				return nil, fmt.Errorf("%s:%d: end: %w", path, n, err)
			}
			if err := json.Unmarshal(en[2], &m.Type); err != nil {
				return nil, fmt.Errorf("%s:%d: type: %w", path, n, err)
			}
			if m.Start < 0 || m.End > len(rs) || m.Start >= m.End {
				return nil, fmt.Errorf("%s:%d: span [%d,%d) outside the text", path, n, m.Start, m.End)
			}
			m.Text = string(rs[m.Start:m.End])
			s.Mentions = append(s.Mentions, m)
		}
		out = append(out, s)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return out, nil
}

// Parts of the training file.
const (
	Train = iota
	Dev
	HeldOut
)

// Split assigns a sentence to a part by a hash of its text: 10% held out
// (report only), 10% dev (for choosing options), 80% training.
func Split(text string) int {
	h := fnv.New32a()
	h.Write([]byte(text))
	switch h.Sum32() % 10 {
	case 0:
		return HeldOut
	case 1:
		return Dev
	}
	return Train
}

// Counts are true positives, false positives and false negatives.
type Counts struct{ TP, FP, FN int }

// F1 is the harmonic mean of precision and recall (0 when undefined).
func (c Counts) F1() float64 {
	p, r := c.P(), c.R()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// P is precision.
func (c Counts) P() float64 {
	if c.TP+c.FP == 0 {
		return 0
	}
	return float64(c.TP) / float64(c.TP+c.FP)
}

// R is recall.
func (c Counts) R() float64 {
	if c.TP+c.FN == 0 {
		return 0
	}
	return float64(c.TP) / float64(c.TP+c.FN)
}

// Score compares, sentence by sentence, the distinct (type, text) pairs of
// gold and got. The result has PER, LOC, ORG and "all" (micro).
func Score(gold []Sentence, got [][]Mention) map[string]Counts {
	out := map[string]Counts{"PER": {}, "LOC": {}, "ORG": {}, "all": {}}
	type key struct{ typ, text string }
	for i, s := range gold {
		g, h := map[key]bool{}, map[key]bool{}
		for _, m := range s.Mentions {
			g[key{m.Type, m.Text}] = true
		}
		if i < len(got) {
			for _, m := range got[i] {
				h[key{m.Type, m.Text}] = true
			}
		}
		for k := range g {
			c, a := out[k.typ], out["all"]
			if h[k] {
				c.TP++
				a.TP++
			} else {
				c.FN++
				a.FN++
			}
			out[k.typ], out["all"] = c, a
		}
		for k := range h {
			if !g[k] {
				c, a := out[k.typ], out["all"]
				c.FP++
				a.FP++
				out[k.typ], out["all"] = c, a
			}
		}
	}
	return out
}
