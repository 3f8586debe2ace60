package htmldoc_test

import (
	"fmt"
	"sort"
	"testing"

	"github.com/zhdoc/zhdoc/shared/format"
	"github.com/zhdoc/zhdoc/shared/format/formattest"
	"github.com/zhdoc/zhdoc/shared/format/htmldoc"
)

// TestCorpus reads every generated page and reports, per half and layout,
// title right, date right, text similarity (character-level and line F1)
// and leaks; the held-out half must meet the same bar as the development
// half.
func TestCorpus(t *testing.T) {
	type agg struct {
		n, title, dated, date int
		sim, f1, minSim       float64
		leaks                 int
	}
	rows := map[string]*agg{}
	for _, c := range formattest.HTML(t) {
		if got := format.Detect(c.Bytes); got != format.HTML {
			t.Errorf("%s: detected as %q", c.Name, got)
		}
		d, err := htmldoc.Extract(c.Bytes, "")
		if err != nil {
			t.Errorf("%s: %v", c.Name, err)
			continue
		}
		half := "dev"
		if c.HeldOut {
			half = "held-out"
		}
		for _, key := range []string{half + " " + c.Layout, half + " all"} {
			a := rows[key]
			if a == nil {
				a = &agg{minSim: 1}
				rows[key] = a
			}
			a.n++
			if d.Meta.Title == c.Title {
				a.title++
			} else if key == half+" all" {
				t.Logf("%s: title %q, want %q", c.Name, d.Meta.Title, c.Title)
			}
			if c.Date != "" {
				a.dated++
				if d.Meta.Published == c.Date {
					a.date++
				} else if key == half+" all" {
					t.Logf("%s: date %q, want %q", c.Name, d.Meta.Published, c.Date)
				}
			}
			s := formattest.CharSimilarity(d.Text, c.Want)
			a.sim += s
			a.minSim = min(a.minSim, s)
			a.f1 += formattest.LineF1(d.Text, c.Want)
			if l := formattest.LeaksIn(d.Text, c.Leaks); len(l) > 0 {
				a.leaks++
				if key == half+" all" {
					t.Logf("%s: leaks %q", c.Name, l)
				}
			}
			if s < 0.98 && key == half+" all" {
				t.Logf("%s: similarity %.3f\n%s", c.Name, s, d.Text)
			}
		}
	}
	var keys []string
	for k := range rows {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	t.Logf("%-24s %4s %7s %7s %8s %8s %7s %5s", "half layout", "n", "title", "date", "charSim", "minSim", "lineF1", "leaks")
	for _, k := range keys {
		a := rows[k]
		t.Logf("%-24s %4d %6.1f%% %6.1f%% %8.4f %8.4f %7.4f %5d", k, a.n, pct(a.title, a.n), pct(a.date, a.dated),
			a.sim/float64(a.n), a.minSim, a.f1/float64(a.n), a.leaks)
	}
	for _, half := range []string{"dev all", "held-out all"} {
		a := rows[half]
		if a == nil {
			t.Fatalf("no %s cases", half)
		}
		check := func(what string, got, floor float64) {
			if got < floor {
				t.Errorf("%s: %s %.4f below %.2f", half, what, got, floor)
			}
		}
		check("title right", pct(a.title, a.n)/100, 0.95)
		check("date right", pct(a.date, a.dated)/100, 0.95)
		check("char similarity", a.sim/float64(a.n), 0.98)
		if a.leaks > 0 {
			t.Errorf("%s: %d pages leak furniture, script or style", half, a.leaks)
		}
	}
	_ = fmt.Sprint
}

func pct(k, n int) float64 {
	if n == 0 {
		return 100
	}
	return 100 * float64(k) / float64(n)
}
