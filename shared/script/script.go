// Package script tells Simplified from Traditional Chinese text and, where
// the text gives evidence, the regional variant (mainland, Hong Kong,
// Taiwan).
//
// Classify counts characters that exist in only one script; the sets are
// derived from the OpenCC 1.4.2 character tables at go generate time (see
// gen_tables.go), together with Hong Kong and Taiwan variant characters and
// regional words. The decision uses proportions, so a Traditional article
// quoting a Simplified name stays Traditional; "mixed" needs both scripts to
// be substantial.
package script

//go:generate go run gen_tables.go -opencc /tmp/opencc/package/data/dictionary -o tables_gen.go

import (
	"strings"
	"sync"
	"unicode/utf8"
)

// Result is the outcome of Classify.
type Result struct {
	Script  string `json:"script"`  // "Hans" | "Hant" | "mixed" | "none"
	Variant string `json:"variant"` // "cn" | "hk" | "tw" | ""

	Han         int `json:"han"`          // Han characters
	Simplified  int `json:"simplified"`   // Simplified-only characters
	Traditional int `json:"traditional"`  // Traditional-only characters
	HK          int `json:"hk,omitempty"` // Hong Kong evidence (variant characters, words)
	TW          int `json:"tw,omitempty"` // Taiwan evidence
	CornerQuote int `json:"corner_quotes,omitempty"`
}

// Script names.
const (
	Hans  = "Hans"
	Hant  = "Hant"
	Mixed = "mixed"
	None  = "none"
)

const (
	fHan uint8 = 1 << iota
	fHans
	fHant
	fHK
	fTW
	fWord
)

// mixedShare is the minority share (of the script-specific characters) from
// which a text is "mixed"; mixedMin the minority count it also needs.
const (
	mixedShare = 0.2
	mixedMin   = 3
)

type tables struct {
	flags [0x10000]uint8
	words map[rune][]regionWord
}

type regionWord struct {
	w  string
	hk bool
}

var (
	once sync.Once
	tab  *tables
)

func get() *tables {
	once.Do(func() {
		t := &tables{words: map[rune][]regionWord{}}
		for r := 0x3400; r <= 0x4DBF; r++ {
			t.flags[r] = fHan
		}
		for r := 0x4E00; r <= 0x9FFF; r++ {
			t.flags[r] = fHan
		}
		for r := 0xF900; r <= 0xFAFF; r++ {
			t.flags[r] = fHan
		}
		set := func(s string, f uint8) {
			for _, r := range s {
				if r < 0x10000 {
					t.flags[r] |= f
				}
			}
		}
		set(hantOnly, fHant)
		set(hansOnly, fHans)
		set(hkChars, fHK)
		set(twChars, fTW)
		for _, hk := range []bool{true, false} {
			list := twWords
			if hk {
				list = hkWords
			}
			for _, w := range strings.Fields(list) {
				r, _ := utf8.DecodeRuneInString(w)
				t.words[r] = append(t.words[r], regionWord{w, hk})
				t.flags[r] |= fWord
			}
		}
		tab = t
	})
	return tab
}

// Classify reports the script and variant of text.
func Classify(text string) Result {
	t := get()
	var res Result
	var hk, tw, quotes, dquotes int
	for i := 0; i < len(text); {
		c := text[i]
		if c < 0x80 {
			i++
			continue
		}
		var r rune
		var size int
		if c >= 0xE0 && c < 0xF0 && i+2 < len(text) && text[i+1]&0xC0 == 0x80 && text[i+2]&0xC0 == 0x80 {
			// Three-byte sequence (all of the BMP Han): decode inline.
			r = rune(c&0x0F)<<12 | rune(text[i+1]&0x3F)<<6 | rune(text[i+2]&0x3F)
			size = 3
			if r < 0x800 || (r >= 0xD800 && r <= 0xDFFF) {
				r = utf8.RuneError // overlong or surrogate: invalid UTF-8
			}
		} else {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		if r >= 0x10000 {
			if r >= 0x20000 && r <= 0x3FFFF {
				res.Han++
			}
			i += size
			continue
		}
		f := t.flags[r]
		if f == 0 {
			switch r {
			case '「', '」', '『', '』':
				quotes++
			case '“', '”':
				dquotes++
			}
			i += size
			continue
		}
		if f&fHan != 0 {
			res.Han++
		}
		if f&fHans != 0 {
			res.Simplified++
		}
		if f&fHant != 0 {
			res.Traditional++
		}
		if f&fHK != 0 {
			hk++
		}
		if f&fTW != 0 {
			tw++
		}
		if f&fWord != 0 {
			for _, w := range t.words[r] {
				if strings.HasPrefix(text[i:], w.w) {
					if w.hk {
						hk += 2
					} else {
						tw += 2
					}
					break
				}
			}
		}
		i += size
	}
	res.HK, res.TW, res.CornerQuote = hk, tw, quotes
	s, tr := res.Simplified, res.Traditional
	minority := min(s, tr)
	switch {
	case res.Han == 0:
		res.Script = None
		return res
	case minority >= mixedMin && float64(minority) >= mixedShare*float64(s+tr):
		res.Script = Mixed
		return res
	case tr > s:
		res.Script = Hant
	case s > tr:
		res.Script = Hans
	case hk+tw > 0 || quotes > dquotes:
		// No (or balanced) script-specific characters: regional evidence.
		res.Script = Hant
	default:
		res.Script = Hans
	}
	if res.Script == Hans {
		res.Variant = "cn"
		return res
	}
	switch {
	case hk > tw:
		res.Variant = "hk"
	case tw > hk:
		res.Variant = "tw"
	}
	return res
}
