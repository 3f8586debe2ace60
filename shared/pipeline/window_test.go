package pipeline

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/zhdoc/zhdoc/shared/doc"
	"github.com/zhdoc/zhdoc/shared/extract"
)

func TestWindows(t *testing.T) {
	// lines of 9 bytes each (10 with the line break)
	cum := func(n int, long map[int]int) []int {
		out := []int{0}
		for i := 0; i < n; i++ {
			out = append(out, out[i]+10+long[i])
		}
		return out
	}
	for _, tc := range []struct {
		name     string
		cum      []int
		articles []int
		limit    int
		want     []span
	}{
		{"one window", cum(5, nil), nil, 100, []span{{0, 5}}},
		{"exact fit", cum(4, nil), nil, 20, []span{{0, 2}, {2, 4}}},
		{"by lines", cum(5, nil), nil, 25, []span{{0, 2}, {2, 4}, {4, 5}}},
		{"a long line alone", cum(4, map[int]int{1: 100}), nil, 30, []span{{0, 1}, {1, 2}, {2, 4}}},
		{"cut at an article start past half", cum(10, nil), []int{0, 4}, 60, []span{{0, 4}, {4, 10}}},
		{"an article start before half is not used", cum(10, nil), []int{0, 2}, 60, []span{{0, 6}, {6, 10}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := windows(tc.cum, tc.articles, tc.limit)
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("windows = %v, want %v", got, tc.want)
			}
		})
	}
}

// bigSeed is seed prefix repeated n times, each copy an article of its own.
func bigSeed(t *testing.T, prefix string, n int) []byte {
	t.Helper()
	for name, body := range seeds(t) {
		if strings.HasPrefix(name, prefix) {
			var b strings.Builder
			for i := 0; i < n; i++ {
				fmt.Fprintf(&b, "%s\n\n", body)
			}
			return []byte(b.String())
		}
	}
	t.Fatalf("no seed %s", prefix)
	return nil
}

// TestOneWindowEqualsWhole: the windowed path, given a text that fits one
// window, gives the record, texts and index entries of the whole-text path.
func TestOneWindowEqualsWhole(t *testing.T) {
	p := newPipeline(t)
	w := newPipeline(t)
	w.alwaysWindow = true
	for name, body := range seeds(t) {
		want := p.Process(Source{Bucket: "b", Key: name}, body)
		got := w.Process(Source{Bucket: "b", Key: name}, body)
		want.Stages, got.Stages = Stages{}, Stages{}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: one window differs from the whole text:\n got %+v\nwant %+v", name, got.Doc, want.Doc)
		}
	}
}

// TestWindowedInvariants: a document of many windows gives the texts,
// statistics, lead fields, fingerprint and index length of the whole-text
// path; its lists stay bounded, and every mention's offsets point at its
// text in the canonical text.
func TestWindowedInvariants(t *testing.T) {
	whole := newPipeline(t)
	whole.WindowBytes = 0 // never windowed
	win := newPipeline(t)
	win.WindowBytes = 8 << 10
	for _, tc := range []struct{ seed string }{{"001"}, {"000"}, {"003"}} {
		t.Run(tc.seed, func(t *testing.T) {
			body := bigSeed(t, tc.seed, 12)
			want := whole.Process(Source{Bucket: "b", Key: "k"}, body)
			got := win.Process(Source{Bucket: "b", Key: "k"}, body)
			if n := len(got.Simplified) / win.WindowBytes; n < 4 {
				t.Fatalf("the text is %d bytes: too few windows (%d) to test", len(got.Simplified), n)
			}
			g, w := got.Doc, want.Doc
			if got.Normalized != want.Normalized || got.Simplified != want.Simplified {
				t.Fatal("the texts differ")
			}
			if g.Stats != w.Stats {
				t.Errorf("stats %+v, want %+v", g.Stats, w.Stats)
			}
			if g.Title != w.Title || g.TitleOriginal != w.TitleOriginal || g.Summary != w.Summary || g.Published != w.Published || g.Dateline != w.Dateline {
				t.Errorf("lead fields %q %q %q %q, want %q %q %q %q", g.Title, g.Summary, g.Published, g.Dateline, w.Title, w.Summary, w.Published, w.Dateline)
			}
			if !reflect.DeepEqual(g.Fingerprint, w.Fingerprint) || got.Index.Length != want.Index.Length {
				t.Errorf("fingerprint or index length differ (%d vs %d)", got.Index.Length, want.Index.Length)
			}
			if len(g.Keywords) == 0 || len(g.Keywords) > maxKeywords || len(g.Entities) > doc.MaxEntities || len(g.People) > maxNames {
				t.Errorf("lists out of bounds: %d keywords, %d entities, %d people", len(g.Keywords), len(g.Entities), len(g.People))
			}
			if len(got.Index.Terms) == 0 || len(got.Index.Terms) > len(want.Index.Terms)+len(g.Keywords)+len(g.Entities) {
				t.Errorf("index terms %d, whole text %d", len(got.Index.Terms), len(want.Index.Terms))
			}
			runes := []rune(got.Simplified)
			mentions := 0
			for _, e := range g.Entities {
				if len(e.Mentions) > doc.MaxMentions {
					t.Errorf("%s: %d mentions", e.Name, len(e.Mentions))
				}
				for _, m := range e.Mentions {
					mentions++
					if m.Start < 0 || m.End > len(runes) || string(runes[m.Start:m.End]) != m.Text {
						t.Fatalf("%s: mention %+v does not point at its text", e.Name, m)
					}
				}
			}
			if mentions == 0 {
				t.Error("no mentions to check")
			}
			// the repeated article's names are found in every window: the
			// whole text's most mentioned are among the merged ones
			names := map[string]bool{}
			for _, e := range g.Entities {
				names[e.Name] = true
			}
			for _, e := range w.Entities[:min(5, len(w.Entities))] {
				if !names[e.Name] {
					t.Errorf("entity %s (%d mentions in the whole text) lost", e.Name, e.Count)
				}
			}
			if !utf8.ValidString(strings.Join(g.Keywords, "")) {
				t.Error("keywords are not valid UTF-8")
			}
		})
	}
}

// TestMergeKeywords: keywords of several windows are ranked by length
// times rank weight, summed; the first window's lead fields are kept.
func TestMergeKeywords(t *testing.T) {
	var mm metaMerger
	mm.add(extract.Metadata{Title: "甲", Keywords: []string{"a", "b", "c"}, Dates: []string{"2024-01-01"}}, 0, 100)
	mm.add(extract.Metadata{Title: "乙", Keywords: []string{"c", "d"}, Dates: []string{"2024-01-01", "2024-02-02"}}, 50, 300)
	md := mm.result()
	// c: 100*10 + 300*12; d: 300*11; a: 100*12; b: 100*11
	if want := []string{"c", "d", "a", "b"}; !reflect.DeepEqual(md.Keywords, want) {
		t.Errorf("keywords %v, want %v", md.Keywords, want)
	}
	if md.Title != "甲" || !reflect.DeepEqual(md.Dates, []string{"2024-01-01", "2024-02-02"}) {
		t.Errorf("title %q dates %v", md.Title, md.Dates)
	}
}

func TestCutLine(t *testing.T) {
	for _, tc := range []struct {
		name, line string
		limit      int
		want       []int
	}{
		{"fits", "一二三。", 12, []int{12}},
		{"after a sentence end", "一二三。四五六", 12, []int{12, 21}},
		{"after a sentence end, then at a character", "一二三。四五六七八九", 12, []int{12, 24, 30}},
		{"after the last one in the second half", "一。二三。四五六七八", 18, []int{15, 30}},
		{"a comma when no sentence end", "一二三，四五六", 12, []int{12, 21}},
		{"at a character boundary", "一二三四五六七八", 10, []int{9, 18, 24}},
		{"a sentence end in the first half is not used", "一。二三四五六七八", 16, []int{15, 27}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := cutLine(tc.line, tc.limit)
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("cutLine = %v, want %v", got, tc.want)
			}
			for i, e := range got {
				if !utf8.ValidString(tc.line[:e]) || i > 0 && e-got[i-1] > tc.limit {
					t.Fatalf("part ending at %d is not whole characters or is too long", e)
				}
			}
		})
	}
}

// TestLongLine: a document of one line many windows long (a page without
// paragraph breaks) is cut in parts, and gives the texts, statistics,
// fingerprint and index length of the whole-text path, with mentions that
// point at their text.
func TestLongLine(t *testing.T) {
	whole := newPipeline(t)
	whole.WindowBytes = 0
	win := newPipeline(t)
	win.WindowBytes = 8 << 10
	var b strings.Builder
	for name, body := range seeds(t) {
		if strings.HasPrefix(name, "001") || strings.HasPrefix(name, "004") {
			for range 4 {
				b.WriteString(strings.ReplaceAll(string(body), "\n", ""))
			}
		}
	}
	body := []byte(b.String())
	want := whole.Process(Source{Bucket: "b", Key: "k"}, body)
	got := win.Process(Source{Bucket: "b", Key: "k"}, body)
	if strings.Count(got.Simplified, "\n") > 2 || len(got.Simplified) < 4*win.WindowBytes {
		t.Fatalf("not one long line: %d lines, %d bytes", strings.Count(got.Simplified, "\n")+1, len(got.Simplified))
	}
	if got.Simplified != want.Simplified || got.Normalized != want.Normalized {
		t.Fatal("the texts differ")
	}
	g, w := got.Doc, want.Doc
	// Tokens are left out: on one line this long, extraction of the whole
	// text counts far fewer words than the segmenter gives (1,441 of
	// ~10,000 here), the parts count them all.
	gs, ws := g.Stats, w.Stats
	gs.Tokens, ws.Tokens = 0, 0
	if gs != ws {
		t.Errorf("stats %+v, want %+v", g.Stats, w.Stats)
	}
	// a cut may join or split one word at its edge: at most a position
	// per part
	parts := len(got.Simplified)/(win.WindowBytes/linePartDiv) + 1
	if d := got.Index.Length - want.Index.Length; !reflect.DeepEqual(g.Fingerprint, w.Fingerprint) || d > parts || d < -parts {
		t.Errorf("fingerprint or index length differ (%d vs %d)", got.Index.Length, want.Index.Length)
	}
	runes := []rune(got.Simplified)
	n := 0
	for _, e := range g.Entities {
		for _, m := range e.Mentions {
			n++
			if m.Start < 0 || m.End > len(runes) || string(runes[m.Start:m.End]) != m.Text {
				t.Fatalf("%s: mention %+v does not point at its text", e.Name, m)
			}
		}
	}
	if n == 0 || len(g.Keywords) == 0 {
		t.Errorf("%d mentions, %d keywords", n, len(g.Keywords))
	}
}
