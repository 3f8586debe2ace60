package extract

import (
	"bufio"
	"encoding/json"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/zhdoc/zhdoc/shared/extract/internal/uner"
	"github.com/zhdoc/zhdoc/shared/testcorpus"
)

// prf accumulates precision/recall counts.
type prf struct{ tp, fp, fn int }

func (c prf) scores() (p, r, f float64) {
	if c.tp+c.fp > 0 {
		p = float64(c.tp) / float64(c.tp+c.fp)
	}
	if c.tp+c.fn > 0 {
		r = float64(c.tp) / float64(c.tp+c.fn)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return
}

func (c *prf) add(gold, got map[string]bool) {
	for g := range gold {
		if got[g] {
			c.tp++
		} else {
			c.fn++
		}
	}
	for g := range got {
		if !gold[g] {
			c.fp++
		}
	}
}

// TestMSRA scores entity recognition on the MSRA NER test split (evaluation
// only: nothing is tuned or built from it). Per sentence, distinct surface
// strings per type are compared; micro F1 over PER+LOC+ORG must reach 0.75.
func TestMSRA(t *testing.T) {
	path := testcorpus.Shared(t, "peers", "ner-zh", "test.jsonl")
	e, err := New()
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	counts := map[string]*prf{PER: {}, LOC: {}, ORG: {}}
	errs := map[string]map[string]int{}
	note := func(kind, s string) {
		if errs[kind] == nil {
			errs[kind] = map[string]int{}
		}
		errs[kind][s]++
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	n := 0
	for sc.Scan() {
		var rec struct {
			Text     string  `json:"text"`
			Entities [][]any `json:"entities"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		n++
		rs := []rune(rec.Text)
		gold := map[string]map[string]bool{PER: {}, LOC: {}, ORG: {}}
		for _, en := range rec.Entities {
			s, e2, typ := int(en[0].(float64)), int(en[1].(float64)), en[2].(string)
			gold[typ][string(rs[s:e2])] = true
		}
		got := map[string]map[string]bool{PER: {}, LOC: {}, ORG: {}}
		for _, m := range e.Entities(rec.Text) {
			got[m.Type][m.Text] = true
		}
		for typ, c := range counts {
			c.add(gold[typ], got[typ])
			for g := range gold[typ] {
				if !got[typ][g] {
					note("fn-"+typ, g)
				}
			}
			for g := range got[typ] {
				if !gold[typ][g] {
					note("fp-"+typ, g)
				}
			}
		}
	}
	var all prf
	for _, typ := range []string{PER, LOC, ORG} {
		c := counts[typ]
		p, r, f1 := c.scores()
		t.Logf("MSRA %s: P=%.3f R=%.3f F1=%.3f (tp=%d fp=%d fn=%d)", typ, p, r, f1, c.tp, c.fp, c.fn)
		all.tp += c.tp
		all.fp += c.fp
		all.fn += c.fn
	}
	p, r, f1 := all.scores()
	t.Logf("MSRA micro (%d sentences): P=%.3f R=%.3f F1=%.3f", n, p, r, f1)
	if ms, err := uner.Read(path); err == nil {
		a := uner.Score(ms, taggerAlone(t, e, ms))
		t.Logf("MSRA, tagger alone: PER %.3f LOC %.3f ORG %.3f micro %.3f", a[PER].F1(), a[LOC].F1(), a[ORG].F1(), a["all"].F1())
	}
	if os.Getenv("MSRA_ERRORS") != "" {
		for kind, m := range errs {
			type kv struct {
				k string
				v int
			}
			var l []kv
			for k, v := range m {
				l = append(l, kv{k, v})
			}
			sort.Slice(l, func(i, j int) bool { return l[i].v > l[j].v })
			var b strings.Builder
			for i, x := range l {
				if i >= 80 {
					break
				}
				b.WriteString(x.k)
				b.WriteString(" ")
			}
			t.Logf("%s: %s", kind, b.String())
		}
	}
	// The rules alone reach 0.796, the shipped combination 0.786 (issue
	// 13's bar, 0.84, is not reached: see data/ner/README.md). The
	// assertion guards the level reached, with a little room.
	const floor = 0.77
	if f1 < floor {
		t.Errorf("MSRA micro F1 %.3f < %.2f", f1, floor)
	}
}
