package normalize

import "strings"

// Chars applies the character-level steps Normalize applies to every line of
// a document — Unicode hygiene (NFC, controls, spaces), width folding, space
// collapsing and Chinese punctuation — and nothing that needs a document's
// context (pinyin, mojibake, OCR joins, boilerplate). Search runs it on
// queries so that they are written as the documents they should find.
func Chars(text string) string {
	c := counter{}
	s := foldWidth(hygiene(text, c), c)
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		l = strings.Trim(l, " \t")
		if strings.Contains(l, "\t") || strings.Contains(l, "  ") {
			l = collapseSpaces(l)
		}
		lines[i] = chinesePunct(l, c)
	}
	return strings.Join(lines, "\n")
}
