package extract

import (
	"strings"
	"unicode/utf8"

	"github.com/zhdoc/zhdoc/shared/lexicon"
)

// Anchored regexps are tried only on lines whose first characters can start
// a match (most lines start with body text): a necessary condition each,
// checked against the regexps in TestLineGates.

// firstAfterSpace returns the first character of l after what \s matches,
// and the rest of l after it.
func firstAfterSpace(l string) (rune, string) {
	l = strings.TrimLeft(l, reSpace)
	r, n := utf8.DecodeRuneInString(l)
	return r, l[n:]
}

var (
	boilerFirst  = runeSet(initials(lexicon.MarkerTexts(lexicon.EndsArticle)) + "编→") // and reBoiler's own 编辑：, →联系我们
	boilerBullet = runeSet(`•·▪■□◆◇●○-*`)
	creditFirst  = runeSet(`资来作记编责本据`)
	dateLnFirst  = runeSet(" \t\n\f\r0123456789年月日号:：-/.时分秒")
)

// boilerLine is reBoiler.MatchString(l).
func boilerLine(l string) bool {
	r, rest := firstAfterSpace(l)
	if !boilerFirst.has(r) {
		if !boilerBullet.has(r) {
			return false
		}
		if r2, _ := firstAfterSpace(rest); !boilerFirst.has(r2) {
			return false
		}
	}
	return reBoiler.MatchString(l)
}

// creditLine is reCredit.MatchString(l).
func creditLine(l string) bool {
	if r, _ := firstAfterSpace(l); !creditFirst.has(r) {
		return false
	}
	return reCredit.MatchString(l)
}

// dateLine is reDateLn.MatchString(l).
func dateLine(l string) bool {
	if r, _ := utf8.DecodeRuneInString(l); !dateLnFirst.has(r) {
		return false
	}
	return reDateLn.MatchString(l)
}

// datelineStart is reDateline.MatchString(l).
func datelineStart(l string) bool {
	if r, _ := firstAfterSpace(l); !agencyFirst.has(r) && r != '本' {
		return false
	}
	return reDateline.MatchString(l)
}

// initials is the first character of each of words.
func initials(words []string) string {
	var b strings.Builder
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		b.WriteRune(r)
	}
	return b.String()
}
