package extract

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/zhdoc/zhdoc/shared/canonical"
	"github.com/zhdoc/zhdoc/shared/normalize"
	"github.com/zhdoc/zhdoc/shared/script"
	"github.com/zhdoc/zhdoc/shared/testcorpus"
)

type gold struct {
	Seed          string   `json:"seed"`
	Title         string   `json:"title"`
	TitleOriginal string   `json:"titleOriginal"`
	Published     string   `json:"published"`
	Dateline      string   `json:"dateline"`
	Agencies      []string `json:"agencies"`
	People        []string `json:"people"`
	Places        []string `json:"places"`
	Organizations []string `json:"organizations"`
	Keywords      []string `json:"keywords"` // terms the keywords must include
}

// seedInput prepares a seed the way the pipeline does: normalize (original
// script), convert to canonical Simplified through the chain that fits the
// variant, apply the Simplified-side finishing touches; articles and their
// headlines come from the normalizer.
func seedInput(t testing.TB, name string) Input {
	raw, err := os.ReadFile(testcorpus.Testdata(t, "seeds", name))
	if err != nil {
		t.Fatal(err)
	}
	return prepare(t, string(raw))
}

var (
	simpOnce sync.Once
	simp     *canonical.Simplifier
	simpErr  error
)

func prepare(t testing.TB, raw string) Input {
	simpOnce.Do(func() { simp, simpErr = canonical.New() })
	if simpErr != nil {
		t.Fatal(simpErr)
	}
	norm := normalize.Normalize(raw)
	variant := script.Classify(norm.Text).Variant
	text, err := simp.Convert(norm.Text, variant)
	if err != nil {
		t.Fatal(err)
	}
	in := Input{Text: normalize.Canonical(text), Original: norm.Text}
	for _, a := range norm.Articles {
		title, err := simp.Convert(a.Title, variant)
		if err != nil {
			t.Fatal(err)
		}
		in.Articles = append(in.Articles, Article{Title: normalize.Canonical(title), StartLine: a.StartLine, EndLine: a.EndLine})
	}
	return in
}

func set(l []string) map[string]bool {
	m := map[string]bool{}
	for _, s := range l {
		m[s] = true
	}
	return m
}

// TestSeeds compares extraction on the five seeds with the hand annotation in
// testdata/gold: micro F1 ≥ 0.9 over people+places+organizations, title and
// published right for every seed, 8 to 12 keywords that include the terms
// the gold file lists.
func TestSeeds(t *testing.T) {
	e, err := New()
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(testcorpus.Testdata(t, "gold", "*.json"))
	if len(files) == 0 {
		t.Fatal("no gold files")
	}
	var total prf
	per := map[string]*prf{"people": {}, "places": {}, "organizations": {}, "agencies": {}}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var g gold
		if err := json.Unmarshal(b, &g); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		md := e.Extract(seedInput(t, g.Seed))
		// Spaces inside headlines are the normalizer's call (an OCR gap or a
		// separator); the comparison ignores them.
		nosp := func(s string) string { return strings.Join(strings.Fields(s), "") }
		if nosp(md.Title) != nosp(g.Title) {
			t.Errorf("%s: title %q, want %q", g.Seed, md.Title, g.Title)
		}
		if g.TitleOriginal != "" && nosp(md.TitleOriginal) != nosp(g.TitleOriginal) {
			t.Errorf("%s: titleOriginal %q, want %q", g.Seed, md.TitleOriginal, g.TitleOriginal)
		}
		if md.Published != g.Published {
			t.Errorf("%s: published %q, want %q", g.Seed, md.Published, g.Published)
		}
		if md.Dateline != g.Dateline {
			t.Errorf("%s: dateline %q, want %q", g.Seed, md.Dateline, g.Dateline)
		}
		if n := len(md.Keywords); n < minKeywords || n > maxKeywords {
			t.Errorf("%s: %d keywords %v, want %d to %d", g.Seed, n, md.Keywords, minKeywords, maxKeywords)
		}
		kws := set(md.Keywords)
		for _, k := range g.Keywords {
			if !kws[k] {
				t.Errorf("%s: keywords %v lack %q", g.Seed, md.Keywords, k)
			}
		}
		for _, c := range []struct {
			name      string
			gold, got []string
		}{{"people", g.People, md.People}, {"places", g.Places, md.Places}, {"organizations", g.Organizations, md.Organizations}, {"agencies", g.Agencies, md.Agencies}} {
			gs, ss := set(c.gold), set(c.got)
			per[c.name].add(gs, ss)
			if c.name != "agencies" {
				total.add(gs, ss)
			}
			var miss, extra []string
			for x := range gs {
				if !ss[x] {
					miss = append(miss, x)
				}
			}
			for x := range ss {
				if !gs[x] {
					extra = append(extra, x)
				}
			}
			sort.Strings(miss)
			sort.Strings(extra)
			if len(miss)+len(extra) > 0 {
				t.Logf("%s %s: missing %v, extra %v", g.Seed[:3], c.name, miss, extra)
			}
		}
		t.Logf("%s: title=%q published=%s dateline=%q dates=%v agencies=%v keywords=%v summary=%q stats=%+v",
			g.Seed[:3], md.Title, md.Published, md.Dateline, md.Dates, md.Agencies, md.Keywords, md.Summary, md.Stats)
	}
	for _, k := range []string{"people", "places", "organizations", "agencies"} {
		p, r, f1 := per[k].scores()
		t.Logf("seeds %s: P=%.3f R=%.3f F1=%.3f", k, p, r, f1)
	}
	p, r, f1 := total.scores()
	t.Logf("seeds people+places+organizations micro: P=%.3f R=%.3f F1=%.3f", p, r, f1)
	if f1 < 0.9 {
		t.Errorf("seed entity micro F1 %.3f < 0.9", f1)
	}
}
