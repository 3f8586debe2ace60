package extract

import "strings"

// Lists of names written without separators (…李鹏乔石李瑞环彭真朱镕基…)
// are cut by the segmenter into names and chance words (谷/牧马/文瑞,
// 丁衡/高于/珍). nameRuns finds such runs, where recognised names already
// dominate, and cuts their characters again into surname + given name.

// Surname strength: the surname list is written most frequent first.
var surnameRank = func() map[rune]int {
	m := map[rune]int{}
	i := 0
	for _, r := range surnameOrder {
		if _, ok := m[r]; !ok {
			m[r] = i
			i++
		}
	}
	return m
}()

func surnameWeight(r rune) float64 {
	switch i, ok := surnameRank[r]; {
	case !ok:
		return 0
	case i < 100:
		return 0.3
	}
	return 0.1
}

// runWord: a word that can sit in a run of names.
func (e *Extractor) runWord(t *ntok) bool {
	return !t.dead && t.subs == nil && (t.typ == kNone || t.typ == kPER && !strings.Contains(t.text, "·")) &&
		t.n <= 4 && t.w.han && !e.isTitle(t) && !t.is(fSpeech|fListEnd|fRunStop)
}

var runStop = wordSet(`的 了 是 在 为 对 向 从 把 被 将 也 都 还 又 就 并 而 但 或 等等 以下 以上 其中 包括 名单 委员 成员 同志 们`)

func (e *Extractor) nameRuns(sc *scratch, toks []*ntok) []*ntok {
	names := 0
	for _, t := range toks {
		if !t.dead && t.typ == kPER {
			names++
		}
	}
	if names < 3 {
		return toks
	}
	// The slices are the scratch's, valid until the next line.
	live := sc.live[:0]
	for _, t := range toks {
		if !t.dead {
			live = append(live, t)
		}
	}
	toks = live
	sc.live = live
	out := sc.runs[:0]
	defer func() { sc.runs = out }()
	changed := false
	for i := 0; i < len(toks); {
		if !e.runWord(toks[i]) {
			out = append(out, toks[i])
			i++
			continue
		}
		j := i
		for j+1 < len(toks) && e.runWord(toks[j+1]) {
			j++
		}
		names, nameChars, chars := 0, 0, 0
		for k := i; k <= j; k++ {
			chars += toks[k].n
			if toks[k].typ == kPER && toks[k].chineseName() {
				names++
				nameChars += toks[k].n
			}
		}
		if names >= 3 && nameChars*5 >= chars*2 {
			if cut := e.cutNames(toks[i : j+1]); cut != nil {
				out = append(out, cut...)
				changed = true
				i = j + 1
				continue
			}
		}
		out = append(out, toks[i:j+1]...)
		i = j + 1
	}
	if !changed {
		return toks
	}
	return out
}

// cutNames cuts the characters of a run of words into names (surname and a
// given name of one or two characters) and words kept as they are, with the
// best score: names that the rules already found weigh most, then words
// the segmenter tags as names, three-character names and frequent surnames;
// a name that starts with a common word (高于 in 高于珍) weighs less, and so
// does a word kept as it is. nil: no cut.
func (e *Extractor) cutNames(run []*ntok) []*ntok {
	var rs []rune
	tokAt := map[int]*ntok{} // rune offset → word starting there
	for _, t := range run {
		tokAt[len(rs)] = t
		rs = append(rs, []rune(t.text)...)
	}
	n := len(rs)
	known := func(p, l int) float64 {
		switch t := tokAt[p]; {
		case t == nil || t.n != l:
			return 0
		case t.typ == kPER:
			return 0.6
		case strings.HasPrefix(t.pos, "nr"):
			return 0.3
		}
		return 0
	}
	best := make([]float64, n+1)
	step := make([]int, n+1) // length of the first piece from p; negative: a kept word
	const none = -1e9
	for p := n - 1; p >= 0; p-- {
		best[p] = none
		try := func(l int, sc float64, kept bool) {
			if p+l > n || best[p+l] == none {
				return
			}
			if v := sc + best[p+l]; v > best[p] {
				best[p] = v
				if kept {
					step[p] = -l
				} else {
					step[p] = l
				}
			}
		}
		if t := tokAt[p]; t != nil && !(t.typ == kPER) {
			keep := -0.2
			if t.n == 1 {
				keep = -0.6 // a lone character in a list of names
			}
			try(t.n, keep, true)
		}
		sn := 0
		if p+1 < n && compoundSurnames[string(rs[p:p+2])] {
			sn = 2
		} else if surnames.has(rs[p]) {
			sn = 1
		}
		if sn == 0 {
			continue
		}
		for g := 1; g <= 2; g++ {
			l := sn + g
			if p+l > n {
				break
			}
			sc := 1.0 + surnameWeight(rs[p])
			if g == 2 {
				sc += 0.5
			}
			sc += known(p, l)
			if f, pos, ok := e.lookup(string(rs[p : p+2])); ok && f > 100 && !strings.HasPrefix(pos, "nr") {
				sc -= 0.3
			}
			try(l, sc, false)
		}
	}
	if best[0] == none {
		return nil
	}
	var out []*ntok
	base := run[0].start
	for p := 0; p < n; {
		l := step[p]
		if l < 0 {
			out = append(out, tokAt[p])
			p -= l
			continue
		}
		t := tokAt[p]
		if t == nil || t.n != l || t.typ != kPER {
			t = &ntok{n: l, start: base + p, end: base + p + l, typ: kPER}
			e.setText(t, string(rs[p:p+l]))
		}
		out = append(out, t)
		p += l
	}
	return out
}
