package extract

// Legacy helpers kept for the current pipeline until it switches to
// Extractor.Extract; they will be removed then.

import (
	"sort"
	"strings"

	"unicode/utf8"

	"github.com/zhdoc/zhdoc/shared/segment"
)

const (
	legacyTitleRunes   = 60
	legacySummaryRunes = 120
	legacyKeywords     = 10
)

// Title returns the first line that reads like a headline: short, not a
// sentence, and containing Han characters. Empty when there is none.
func Title(text string) string {
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		n := utf8.RuneCountInString(line)
		if n > legacyTitleRunes || strings.HasSuffix(line, "。") || hanCount(line) < 4 {
			return ""
		}
		return line
	}
	return ""
}

// Summary returns the lead sentences of the body (after the title), cut at a
// sentence end, at most legacySummaryRunes runes.
func Summary(text, title string) string {
	body := strings.TrimSpace(text)
	if title != "" {
		body = strings.TrimSpace(strings.TrimPrefix(body, title))
	}
	var b strings.Builder
	n := 0
	for _, r := range body {
		if r == '\n' {
			if n > 0 {
				break
			}
			continue
		}
		if n >= legacySummaryRunes {
			break
		}
		b.WriteRune(r)
		n++
		if r == '。' || r == '！' || r == '？' {
			if n > legacySummaryRunes/2 {
				break
			}
		}
	}
	return b.String()
}

// Keywords ranks content nouns by frequency (ties by first appearance).
func Keywords(tokens []segment.Token) []string {
	type kw struct {
		word  string
		count int
		first int
	}
	seen := map[string]*kw{}
	var order []*kw
	for i, t := range tokens {
		if !strings.HasPrefix(t.Pos, "n") || utf8.RuneCountInString(t.Text) < 2 || hanCount(t.Text) == 0 {
			continue
		}
		k, ok := seen[t.Text]
		if !ok {
			k = &kw{word: t.Text, first: i}
			seen[t.Text] = k
			order = append(order, k)
		}
		k.count++
	}
	sort.SliceStable(order, func(i, j int) bool {
		if order[i].count != order[j].count {
			return order[i].count > order[j].count
		}
		return order[i].first < order[j].first
	})
	if len(order) > legacyKeywords {
		order = order[:legacyKeywords]
	}
	out := make([]string, len(order))
	for i, k := range order {
		out[i] = k.word
	}
	return out
}
