package pdf_test

import (
	"errors"
	"os"
	"sort"
	"testing"

	"github.com/zhdoc/zhdoc/shared/format/formattest"
	"github.com/zhdoc/zhdoc/shared/format/pdf"
)

// TestCorpus reads the Chromium-printed corpus and reports per layout
// and half: title right, character similarity of the text to the
// article, files leaking furniture; scanned pages must fail with
// ErrNoText. The bar is checked per half over all layouts.
func TestCorpus(t *testing.T) {
	type agg struct {
		n, title, leaks int
		sim, minSim     float64
	}
	rows := map[string]*agg{}
	for _, c := range formattest.PDF(t) {
		d, err := pdf.Extract(c.Bytes, pdf.DefaultLimits)
		if c.Layout == "pdf-scan" {
			if !errors.Is(err, pdf.ErrNoText) {
				t.Errorf("%s: error %v, want no text layer", c.Name, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.Name, err)
			continue
		}
		half := "dev"
		if c.HeldOut {
			half = "held-out"
		}
		sim := formattest.CharSimilarity(d.Text, c.Want)
		leaks := formattest.LeaksIn(d.Text, c.Leaks)
		for _, k := range []string{half + " " + c.Layout, half + " all"} {
			a := rows[k]
			if a == nil {
				a = &agg{minSim: 1}
				rows[k] = a
			}
			a.n++
			if d.Meta.Title == c.Title {
				a.title++
			}
			a.sim += sim
			a.minSim = min(a.minSim, sim)
			if len(leaks) > 0 {
				a.leaks++
			}
		}
		if d.Meta.Title != c.Title {
			t.Logf("%s: title %q, want %q", c.Name, d.Meta.Title, c.Title)
		}
		if sim < 0.98 || len(leaks) > 0 {
			t.Logf("%s: similarity %.4f, leaks %q", c.Name, sim, leaks)
			if os.Getenv("PDF_SHOW") != "" {
				t.Logf("%s", d.Text)
			}
		}
	}
	var keys []string
	for k := range rows {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		a := rows[k]
		t.Logf("%-22s %3d title %5.1f%% charSim %.4f min %.4f leaks %d", k, a.n, 100*float64(a.title)/float64(a.n), a.sim/float64(a.n), a.minSim, a.leaks)
	}
	for _, k := range keys {
		a := rows[k]
		if k != "dev all" && k != "held-out all" {
			continue
		}
		if f := float64(a.title) / float64(a.n); f < 0.95 {
			t.Errorf("%s: title right %.3f < 0.95", k, f)
		}
		if s := a.sim / float64(a.n); s < 0.98 {
			t.Errorf("%s: similarity %.4f < 0.98", k, s)
		}
		if a.leaks > 0 {
			t.Errorf("%s: %d files leak furniture", k, a.leaks)
		}
	}
}
