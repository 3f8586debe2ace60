package formattest

import "strings"

// Lines are a text's non-blank lines, trimmed: what the similarity
// figures compare (paragraph breaks count, blank-line counts do not).
func Lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// CharSimilarity is 1 − edit distance / the longer length, over the
// characters of the two texts' lines joined by "\n".
func CharSimilarity(got, want string) float64 {
	a := []rune(strings.Join(Lines(got), "\n"))
	b := []rune(strings.Join(Lines(want), "\n"))
	n := max(len(a), len(b))
	if n == 0 {
		return 1
	}
	return 1 - float64(levenshtein(a, b))/float64(n)
}

func levenshtein(a, b []rune) int {
	prev := make([]int32, len(b)+1)
	cur := make([]int32, len(b)+1)
	for j := range prev {
		prev[j] = int32(j)
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = int32(i)
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			c = min(c, prev[j]+1, cur[j-1]+1)
			cur[j] = c
		}
		prev, cur = cur, prev
	}
	return int(prev[len(b)])
}

// LineF1 is the F1 of the two texts' line multisets: a line counts when
// it is exactly a line of the other.
func LineF1(got, want string) float64 {
	g, w := Lines(got), Lines(want)
	if len(g) == 0 || len(w) == 0 {
		if len(g) == len(w) {
			return 1
		}
		return 0
	}
	count := map[string]int{}
	for _, l := range w {
		count[l]++
	}
	hit := 0
	for _, l := range g {
		if count[l] > 0 {
			count[l]--
			hit++
		}
	}
	p, r := float64(hit)/float64(len(g)), float64(hit)/float64(len(w))
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// LeaksIn lists the leak strings found in text, and any markup.
func LeaksIn(text string, leaks []string) []string {
	var found []string
	for _, l := range leaks {
		if strings.Contains(text, l) {
			found = append(found, l)
		}
	}
	for _, tag := range []string{"<p", "<div", "<script", "<style", "</", "<w:", "&nbsp;", "&amp;"} {
		if strings.Contains(text, tag) {
			found = append(found, tag)
		}
	}
	return found
}
