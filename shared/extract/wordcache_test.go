package extract

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// TestWordOf: a cached entry tells what the functions it stands for tell,
// on a miss and on a hit, for words in the lists, gazetteer names and
// other words, and keeps no part of the text it was asked with.
func TestWordOf(t *testing.T) {
	e, err := New()
	if err != nil {
		t.Fatal(err)
	}
	words := []string{"", " ", "上海合作组织成员国", "上海合作组织成员国元首", "abcdefghijklmnop", "abcdefghijklmnoq", "abcdefghijklmnopq", "    ", "中国", "上合组织", "上海合作组织", "习近平", "主席", "的", "、", "表示", "委员会", "阿斯塔纳", "蒙古国", "a", "2024年", "\xe4\xb8", "我们"}
	for _, in := range referenceInputs(t) {
		words = append(words, strings.Fields(in.Text)...)
	}
	for pass := 0; pass < 2; pass++ {
		for _, w := range words {
			buf := []byte(w)
			p := e.wordOf(string(buf))
			for i := range buf {
				buf[i] = 'x' // the entry must not share the caller's bytes
			}
			f, n := featOf(w)
			wi := e.word(w)
			idf := e.idfWeight(w)
			if wi.fl&fGaz != 0 {
				idf = e.idfWeight(wi.gaz.Canonical)
			}
			if p.text != w || !p.is(w) || p.feat != f || int(p.n) != n || p.fl != wi.fl || (p.gaz == nil) != (wi.fl&fGaz == 0) || p.gaz != nil && *p.gaz != wi.gaz || p.idf != idf {
				t.Errorf("wordOf(%q) = %+v; want feat %+v n %d flags %x gaz %+v idf %v", w, *p, f, n, wi.fl, wi.gaz, idf)
			}
			if len(w) > 0 && p.is(w[:len(w)-1]) || p.is(w+"x") || len(w) > 0 && w[0] != 'x' && p.is("x"+w[1:]) {
				t.Errorf("wordOf(%q) is another word", w)
			}
			k := e.newTok(w, "n", 7, 3)
			if k.text != w || k.pos != "n" || k.freq != 7 || k.start != 3 || k.end != 3+n || k.w != e.wordOf(w) {
				t.Errorf("newTok(%q) = %+v", w, k)
			}
		}
	}
}

// TestTextFlags: each text flag answers the test it stands for.
func TestTextFlags(t *testing.T) {
	e, err := New()
	if err != nil {
		t.Fatal(err)
	}
	words := []string{"", "中", "美", "西", "华", "访", "王", "王毅", "上海", "上海合作组织", "上", "中美关系", "访华", "一二三四五六七八九", "中国人民", "·", "a", "外交部", "澳", "文化部", "东北部", "十五大", "第一", "十五", "届", "委员会", "联合国", "北京大学", "大学", "中共中央", "全国代表大会", "中国共产党全国代表大会", "中国共产党第十五次全国代表大会", "林业局", "大", "·", "•", "··", "司马义·艾买提"}
	for _, in := range referenceInputs(t) {
		for _, w := range strings.Fields(in.Text) {
			words = append(words, w)
			for _, r := range w {
				words = append(words, string(r))
			}
		}
	}
	for _, w := range words {
		f, n := featOf(w)
		tf := e.textFlags(w, f, n)
		gaz := w != "" && e.gazFirst.has(f.r0) && (f.r1 < 0 || e.gazPrefix[[2]rune{f.r0, f.r1}])
		r0 := f.r0
		gate := n <= 8 && abbrStart.has(r0) && !(abbrPlace(r0) == "" && !abbrVerbs.has(r0) && !(surnames.has(r0) && n >= 2))
		one := n == 1 && abbrPlace(r0) != "" && !noPairAbbr.has(r0)
		strongEnd := false
		for _, s := range strongOrgEnd {
			strongEnd = strongEnd || n >= 3 && f.han && strings.HasSuffix(w, s)
		}
		k := &ntok{n: n}
		e.setText(k, w)
		min1 := ministry(k) // the tag is "": only the characters count
		congress := n >= 2 && strings.HasSuffix(w, "大") && ordinalText(strings.TrimSuffix(w, "大"), "m")
		for _, c := range []struct {
			flag uint16
			want bool
		}{{tStrongEnd, strongEnd}, {tStrongTail, strongOrgTail(w)}, {tNtOrg, ntOrg(w)}, {tMinistry, min1}, {tCongress, congress}, {tOrdinal, ordinalText(w, "m")}, {tDot, w == "·" || w == "•"}} {
			if (tf&c.flag != 0) != c.want {
				t.Errorf("textFlags(%q) = %b: flag %b should be %v", w, tf, c.flag, c.want)
			}
		}
		if tf&tKnown == 0 || (tf&tGazStart != 0) != gaz || (tf&tAbbrGate != 0) != gate || (tf&tAbbr1 != 0) != one {
			t.Errorf("textFlags(%q) = %b; want gazStart %v abbrGate %v abbr1 %v", w, tf, gaz, gate, one)
		}
		p := e.wordOf(w)
		if p.tf != tf {
			t.Errorf("wordOf(%q).tf = %b, want %b", w, p.tf, tf)
		}
		var abbr []sub
		if gate {
			abbr = e.abbrInWord([]rune(w))
		}
		if !reflect.DeepEqual(p.abbr, abbr) {
			t.Errorf("wordOf(%q).abbr = %v, want %v", w, p.abbr, abbr)
		}
	}
}

// TestWordAbbrShared: Macao (澳 next to 港) is set on a copy of the
// abbreviations the word cache shares, never on the cache's own.
func TestWordAbbrShared(t *testing.T) {
	e, err := New()
	if err != nil {
		t.Fatal(err)
	}
	shared := []sub{{0, 1, kLOC, countryAbbr['澳']}, {1, 1, kLOC, "中国"}}
	w := &wordEntry{text: "澳中", n: 2, tf: tKnown | tAbbrGate, abbr: shared}
	w.feat, _ = featOf(w.text)
	mk := func(s string) *ntok {
		k := &ntok{n: len([]rune(s))}
		e.setText(k, s)
		return k
	}
	k := mk("澳中")
	k.w = w
	toks := []*ntok{mk("港"), k, mk("关系")}
	e.markAbbr(toks)
	if shared[0].canon != countryAbbr['澳'] {
		t.Errorf("the cached abbreviations were changed: %v", shared)
	}
	if len(k.subs) != 2 || k.subs[0].canon != regionAbbr['澳'] {
		t.Errorf("subs %v, want 澳 as %s", k.subs, regionAbbr['澳'])
	}
}

// TestWordCacheConcurrent: goroutines that look up many more words than
// the cache holds (so entries are evicted while others read them) always
// get the entry of the word they asked for, and documents extracted at the
// same time come out as when extracted alone.
func TestWordCacheConcurrent(t *testing.T) {
	e, err := New()
	if err != nil {
		t.Fatal(err)
	}
	ins := referenceInputs(t)
	want := map[string]Metadata{}
	for name, in := range ins {
		want[name] = e.Extract(in)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 16)
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 40000; i++ {
				w := strconv.Itoa((i*7919 + g*104729) % 90000)
				if p := e.wordOf(w); p.text != w || int(p.n) != len(w) {
					errs <- fmt.Sprintf("wordOf(%q) gave %q", w, p.text)
					return
				}
			}
			for name, in := range ins {
				if md := e.Extract(in); !reflect.DeepEqual(md, want[name]) {
					errs <- name + ": metadata differ when extracted concurrently"
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for s := range errs {
		t.Error(s)
	}
}
