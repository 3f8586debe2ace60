// Package mojibaketest generates the damage the mojibake repairer undoes,
// for the tests of mojibake and of the normalizer that calls it.
package mojibaketest

import (
	"fmt"
	"strings"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/unicode/norm"
)

// DamageSpan replaces runes [a,b) of p with f(those runes) and returns the
// damaged paragraph and the original span.
func DamageSpan(p string, a, b int, f func(string) (string, bool)) (string, string, bool) {
	rs := []rune(p)
	span := string(rs[a:b])
	d, ok := f(span)
	if !ok {
		return "", "", false
	}
	return string(rs[:a]) + d + string(rs[b:]), span, true
}

// A Damage is a named corruption of a span of text; F reports false when
// it cannot apply to the span.
type Damage struct {
	Name string
	F    func(string) (string, bool)
}

// Damages are the corruptions the generated tests apply to spans of clean
// paragraphs: misreadings one byte out of step, lost private-use
// characters, UTF-8 read as GB18030 or Latin-1.
func Damages() []Damage {
	gb, big5 := simplifiedchinese.GB18030, traditionalchinese.Big5
	shift := func(e func(string) ([]byte, error), d func([]byte) ([]byte, error), nfkc bool) func(string) (string, bool) {
		return func(s string) (string, bool) {
			b, err := e(s)
			if err != nil {
				return "", false
			}
			out, err := d(b[1:])
			if err != nil || strings.ContainsRune(string(out), 0xFFFD) {
				return "", false
			}
			r := string(out)
			if nfkc {
				r = norm.NFKC.String(r)
			}
			return r, true
		}
	}
	gbEnc := func(s string) ([]byte, error) { return gb.NewEncoder().Bytes([]byte(s)) }
	gbDec := func(b []byte) ([]byte, error) { return gb.NewDecoder().Bytes(b) }
	b5Enc := func(s string) ([]byte, error) { return big5.NewEncoder().Bytes([]byte(s)) }
	b5Dec := func(b []byte) ([]byte, error) { return big5.NewDecoder().Bytes(b) }
	return []Damage{
		{"gb18030 lost byte", shift(gbEnc, gbDec, false)},
		{"gb18030 lost byte + nfkc", shift(gbEnc, gbDec, true)},
		{"big5 lost byte", shift(b5Enc, b5Dec, false)},
		{"gb18030 lost byte, private use dropped", func(s string) (string, bool) {
			d, ok := shift(gbEnc, gbDec, false)(s)
			return strings.Map(func(r rune) rune {
				if r >= 0xE000 && r <= 0xF8FF {
					return -1
				}
				return r
			}, d), ok
		}},
		{"utf8 as gb18030", func(s string) (string, bool) {
			if len(s)%2 != 0 {
				return "", false
			}
			out, err := gb.NewDecoder().Bytes([]byte(s))
			return string(out), err == nil && !strings.ContainsRune(string(out), 0xFFFD)
		}},
		{"utf8 as latin1", func(s string) (string, bool) {
			var b strings.Builder
			for i := 0; i < len(s); i++ {
				b.WriteRune(rune(s[i]))
			}
			return b.String(), true
		}},
	}
}

// DamagedParagraphs damages every paragraph of ps at two offsets by every
// Damage, keyed damage/<name>/<paragraph>/<offset>: the repair inputs the
// mojibake and normalize suites both check.
func DamagedParagraphs(ps []string) map[string]string {
	out := map[string]string{}
	for _, dm := range Damages() {
		for i, p := range ps {
			rs := []rune(p)
			for k, a := range []int{20 + i%15, 3 + i%7} {
				b := a + 8 + (i+k)%10
				if b >= len(rs) {
					continue
				}
				if dp, _, ok := DamageSpan(p, a, b, dm.F); ok {
					out[fmt.Sprintf("damage/%s/%04d/%d", dm.Name, i, k)] = dp
				}
			}
		}
	}
	return out
}
