package extract

import (
	"os"
	"testing"

	"github.com/zhdoc/zhdoc/shared/extract/internal/uner"
	"github.com/zhdoc/zhdoc/shared/extract/tagger"
	"github.com/zhdoc/zhdoc/shared/testcorpus"
)

// TestUNER scores Entities on the parts of the UNER training file the tagger
// was not trained on (internal/uner.Split): the dev part options were chosen
// on, and the held-out part, reported and guarded here but never tuned on.
func TestUNER(t *testing.T) {
	path := testcorpus.Shared(t, "peers", "uner-zh", "train.jsonl")
	sents, err := uner.Read(path)
	if err != nil {
		t.Fatal(err)
	}
	e, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for _, part := range []struct {
		name  string
		part  int
		floor float64
	}{
		// The bar for the held-out part is 0.75; the tagger and
		// rules together reach 0.56 and the tagger alone 0.65 (see
		// data/ner/README.md): the floors guard the level reached.
		{"dev", uner.Dev, 0.55},
		{"held-out", uner.HeldOut, 0.53},
	} {
		var gold []uner.Sentence
		var got [][]uner.Mention
		for _, s := range sents {
			if uner.Split(s.Text) != part.part {
				continue
			}
			gold = append(gold, s)
			var ms []uner.Mention
			for _, m := range e.Entities(s.Text) {
				ms = append(ms, uner.Mention{Type: m.Type, Text: m.Text, Start: m.Start, End: m.End})
			}
			got = append(got, ms)
		}
		c := uner.Score(gold, got)
		for _, typ := range []string{PER, LOC, ORG, "all"} {
			x := c[typ]
			t.Logf("UNER %s %s (%d sentences): P=%.3f R=%.3f F1=%.3f (tp=%d fp=%d fn=%d)", part.name, typ, len(gold), x.P(), x.R(), x.F1(), x.TP, x.FP, x.FN)
		}
		r := rulesAlone(e, gold)
		t.Logf("UNER %s, rules alone: PER %.3f LOC %.3f ORG %.3f micro %.3f", part.name, r[PER].F1(), r[LOC].F1(), r[ORG].F1(), r["all"].F1())
		a := uner.Score(gold, taggerAlone(t, e, gold))
		t.Logf("UNER %s, tagger alone: PER %.3f LOC %.3f ORG %.3f micro %.3f", part.name, a[PER].F1(), a[LOC].F1(), a[ORG].F1(), a["all"].F1())
		if f := c["all"].F1(); f < part.floor && os.Getenv("NER_NO_FLOOR") == "" {
			t.Errorf("UNER %s micro F1 %.3f < %.2f", part.name, f, part.floor)
		}
	}
}

// rulesAlone scores the rules' mentions, no tagger mention admitted and
// none of theirs dropped.
func rulesAlone(e *Extractor, sents []uner.Sentence) map[string]uner.Counts {
	defer func(a, c float32, k [4][4]float32) { tagAdd, tagCover, ruleKeep = a, c, k }(tagAdd, tagCover, ruleKeep)
	tagAdd, tagCover, ruleKeep = 2, 2, [4][4]float32{}
	return scoreEntities(e, sents, -1)
}

// taggerAlone is what the tagger marks in each sentence, without the
// arbitration with the rules.
func taggerAlone(t *testing.T, e *Extractor, sents []uner.Sentence) [][]uner.Mention {
	m, err := nerModel()
	if err != nil || m == nil {
		t.Fatalf("embedded table: %v", err)
	}
	tg := m.New()
	var out [][]uner.Mention
	for _, s := range sents {
		var ms []uner.Mention
		rs := []rune(s.Text)
		for _, cs := range e.TagCells(s.Text) {
			for _, sp := range tagger.Spans(tg.Tag(cs, nil), nil) {
				ms = append(ms, uner.Mention{Type: sp.Type, Text: string(rs[sp.Start:sp.End]), Start: sp.Start, End: sp.End})
			}
		}
		out = append(out, ms)
	}
	return out
}

// TestUNERDump prints gold and found mentions of dev sentences (error
// analysis; NER_DUMP=1).
func TestUNERDump(t *testing.T) {
	if os.Getenv("NER_DUMP") == "" {
		t.Skip("set NER_DUMP=1 to print dev sentences with their mentions")
	}
	sents, _ := uner.Read(testcorpus.Shared(t, "peers", "uner-zh", "train.jsonl"))
	e, _ := New()
	n := 0
	for _, s := range sents {
		if uner.Split(s.Text) != uner.Dev || n > 40 {
			continue
		}
		n++
		var g, h []string
		for _, m := range s.Mentions {
			g = append(g, m.Type+":"+m.Text)
		}
		for _, m := range e.Entities(s.Text) {
			h = append(h, m.Type+":"+m.Text)
		}
		t.Logf("%s\n  gold %v\n  got  %v", s.Text, g, h)
	}
}

// scoreEntities scores Entities over sentences (all of them, or one UNER part).
func scoreEntities(e *Extractor, sents []uner.Sentence, part int) map[string]uner.Counts {
	var gold []uner.Sentence
	var got [][]uner.Mention
	for _, s := range sents {
		if part >= 0 && uner.Split(s.Text) != part {
			continue
		}
		gold = append(gold, s)
		var ms []uner.Mention
		for _, m := range e.Entities(s.Text) {
			ms = append(ms, uner.Mention{Type: m.Type, Text: m.Text, Start: m.Start, End: m.End})
		}
		got = append(got, ms)
	}
	return uner.Score(gold, got)
}

// TestArbitrationGrid prints dev and MSRA F1 over the arbitration
// thresholds (NER_GRID=1): how tagOverride and tagAdd were chosen.
func TestArbitrationGrid(t *testing.T) {
	if os.Getenv("NER_GRID") == "" {
		t.Skip("set NER_GRID=1 to print the arbitration grid")
	}
	sents, _ := uner.Read(testcorpus.Shared(t, "peers", "uner-zh", "train.jsonl"))
	msra, _ := uner.Read(testcorpus.Shared(t, "peers", "ner-zh", "test.jsonl"))
	e, _ := New()
	defer func(a, b, c float32, k [4][4]float32) { tagOverride, tagAdd, tagCover, ruleKeep = a, b, c, k }(tagOverride, tagAdd, tagCover, ruleKeep)
	for _, cv := range []float32{0.4, 0.5, 0.6} {
		for _, ov := range []float32{2} {
			for _, ad := range []float32{0.5, 0.6, 0.7} {
				for _, rk := range []float32{0, 0.3} {
					tagOverride, tagAdd, tagCover = ov, ad, cv
					ruleKeep = [4][4]float32{{0, rk, 2, 0}, {}, {}, {0, 2, 0, 0}}
					d := scoreEntities(e, sents, uner.Dev)
					m := scoreEntities(e, msra, -1)
					t.Logf("cover %.2f override %.2f add %.2f keep %.2f: dev %.3f (P %.3f L %.3f O %.3f)  msra %.3f (P %.3f L %.3f O %.3f)", cv, ov, ad, rk, d["all"].F1(), d["PER"].F1(), d["LOC"].F1(), d["ORG"].F1(), m["all"].F1(), m["PER"].F1(), m["LOC"].F1(), m["ORG"].F1())
				}
			}
		}
	}
}

// TestUNERRecord scores the record's entities (Extract, mentions' text) on
// the dev and held-out parts: what a reader of the record sees, after the
// list filters (one-character people, unlisted two-character places and
// organizations, agencies).
func TestUNERRecord(t *testing.T) {
	path := testcorpus.Shared(t, "peers", "uner-zh", "train.jsonl")
	sents, err := uner.Read(path)
	if err != nil {
		t.Fatal(err)
	}
	e, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for _, part := range []struct {
		name string
		part int
	}{{"dev", uner.Dev}, {"held-out", uner.HeldOut}} {
		var gold []uner.Sentence
		var got [][]uner.Mention
		for _, s := range sents {
			if uner.Split(s.Text) != part.part {
				continue
			}
			gold = append(gold, s)
			var ms []uner.Mention
			for _, en := range e.Extract(Input{Text: s.Text, Original: s.Text}).Entities {
				for _, m := range en.Mentions {
					ms = append(ms, uner.Mention{Type: en.Type, Text: m.Text, Start: m.Start, End: m.End})
				}
			}
			got = append(got, ms)
		}
		c := uner.Score(gold, got)
		t.Logf("UNER %s, record entities: PER %.3f LOC %.3f ORG %.3f micro %.3f", part.name, c[PER].F1(), c[LOC].F1(), c[ORG].F1(), c["all"].F1())
	}
}

// TestRuleAblation prints, on the dev part and MSRA (NER_ABLATION=1), the
// precision of the rules' mentions by kind of rule and type (rules alone),
// and the shipped F1 when each kind's gate is flipped: kept only where the
// tagger marks the same mention, or, for a kind shipped gated, always.
func TestRuleAblation(t *testing.T) {
	if os.Getenv("NER_ABLATION") == "" {
		t.Skip("set NER_ABLATION=1 to print the ablation table")
	}
	sents, _ := uner.Read(testcorpus.Shared(t, "peers", "uner-zh", "train.jsonl"))
	msra, _ := uner.Read(testcorpus.Shared(t, "peers", "ner-zh", "test.jsonl"))
	e, _ := New()
	defer func(a, b float32, k [4][4]float32) { tagOverride, tagAdd, ruleKeep = a, b, k }(tagOverride, tagAdd, ruleKeep)
	names := []string{"heuristic", "gazetteer", "abbreviation", "transliterated"}
	for _, set := range []struct {
		name string
		part int
		s    []uner.Sentence
	}{{"dev", uner.Dev, sents}, {"msra", -1, msra}} {
		// precision of each kind, rules alone
		var tp, fp [4][4]int
		for _, s := range set.s {
			if set.part >= 0 && uner.Split(s.Text) != set.part {
				continue
			}
			gold := map[string]bool{}
			for _, m := range s.Mentions {
				gold[m.Type+m.Text] = true
			}
			saveAdd, saveCover, saveKeep := tagAdd, tagCover, ruleKeep
			tagAdd, tagCover, ruleKeep = 2, 2, [4][4]float32{}
			seen := map[string]bool{}
			ms := e.Entities(s.Text)
			tagAdd, tagCover, ruleKeep = saveAdd, saveCover, saveKeep
			for _, m := range ms {
				k := m.Type + m.Text
				if seen[k] {
					continue
				}
				seen[k] = true
				if gold[k] {
					tp[m.src][typeIndex(m.Type)]++
				} else {
					fp[m.src][typeIndex(m.Type)]++
				}
			}
		}
		base := scoreEntities(e, set.s, set.part)["all"].F1()
		t.Logf("%s: shipped %.3f", set.name, base)
		for s := range 4 {
			for ty := 1; ty <= 3; ty++ {
				save := ruleKeep[s][ty]
				ruleKeep[s][ty] = 2 - save // kept only where the tagger agrees, or (for a kind shipped so) always
				f := scoreEntities(e, set.s, set.part)["all"].F1()
				ruleKeep[s][ty] = save
				p := float64(tp[s][ty]) / float64(max(1, tp[s][ty]+fp[s][ty]))
				flip := "kept only where the tagger agrees"
				if save != 0 {
					flip = "always kept (shipped: only where the tagger agrees)"
				}
				t.Logf("%s %-12s %s: rules alone tp %4d fp %4d P %.3f; %s: F1 %.3f (%+.3f)", set.name, names[s], []string{"", PER, LOC, ORG}[ty], tp[s][ty], fp[s][ty], p, flip, f, f-base)
			}
		}
	}
}
