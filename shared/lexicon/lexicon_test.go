package lexicon

import (
	"strings"
	"testing"
	"unicode"
)

func TestIsHan(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if got, want := IsHan(r), unicode.Is(unicode.Han, r); got != want {
			t.Fatalf("IsHan(%U) = %v, want %v", r, got, want)
		}
	}
}

// TestIdeographWithinHan: every assigned character IsIdeograph holds is
// \p{Han}; the ones \p{Han} adds are the radicals and marks named in the
// doc comments.
func TestIdeographWithinHan(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		id, han := IsIdeograph(r), IsHan(r)
		if id && !han && unicode.In(r, unicode.L, unicode.N) {
			t.Fatalf("IsIdeograph(%U) but not Han", r)
		}
		if han && !id && !(r >= 0x2E80 && r <= 0x2FDF || r == 0x3005 || r >= 0x3021 && r <= 0x3029 ||
			r >= 0x3038 && r <= 0x303B || r >= 0x16FE2 && r <= 0x16FF1 || r >= 0x40000) {
			t.Fatalf("%U is Han but neither an ideograph nor a named exception", r)
		}
	}
}

// TestAgencyUses pins the names each reader sees; they are the lists the
// readers held before the lexicon, so a change here is a change of output.
func TestAgencyUses(t *testing.T) {
	for _, c := range []struct {
		got  []string
		want string
	}{
		{AgencyNames(Recognized), "新华社|中新社|中新网|中国新闻社|人民网|新华网|央视网|央视新闻|中央社|路透社|美联社|法新社|塔斯社|俄新社|共同社|韩联社|彭博社|安莎社|埃菲社|德新社|中通社|香港中通社|人民日报|光明日报|经济日报|解放军报|中国日报"},
		{AgencyNames(Self), "本报|本刊"},
		{AgencySpellings(Credit), "新华社|新華社|中新社|央视网|央視網|中央社|人民日报|人民日報|本报|本報"},
		{AgencySpellings(Dateline), "新华社|新華社|中新社|中新网|中新網|人民网|人民網|央视网|央視網|中央社|路透社|法新社|本报|本報"},
		{AgencySpellings(SpacedDateline), "新华社|新華社|中新社|中新网|中新網|人民网|人民網|央视网|央視網|中央社|本报|本報"},
		{AgencySpellings(Caption), "新华社|新華社|中新社|路透社|美联社|美聯社|法新社|本报|本報"},
	} {
		if got := strings.Join(c.got, "|"); got != c.want {
			t.Errorf("got  %s\nwant %s", got, c.want)
		}
	}
}

// TestAgencyOrder: no Recognized name opens a later one (the extractor keeps
// the first alternative that matches), and every name is listed once.
func TestAgencyOrder(t *testing.T) {
	seen := map[string]bool{}
	for i, a := range Agencies {
		if seen[a.Hans] {
			t.Errorf("%s listed twice", a.Hans)
		}
		seen[a.Hans] = true
		for _, b := range Agencies[i+1:] {
			if a.Uses&Recognized != 0 && b.Uses&Recognized != 0 && strings.HasPrefix(b.Hans, a.Hans) {
				t.Errorf("%s comes before %s, which it opens", a.Hans, b.Hans)
			}
		}
	}
}

func TestAgencyHas(t *testing.T) {
	for _, c := range []struct {
		name string
		u    Use
		want bool
	}{
		{"本报", Self, true}, {"本報", Self, true}, {"本刊", Self, true}, {"新华社", Self, false},
		{"新華社", Caption, true}, {"路透社", SpacedDateline, false}, {"", Self, false}, {"", Recognized, false},
	} {
		if got := AgencyHas(c.name, c.u); got != c.want {
			t.Errorf("AgencyHas(%q, %b) = %v", c.name, c.u, got)
		}
	}
}
