// Package article is the unit the normalizer finds in a text and the
// extractor reads: one article of a normalized text, as a range of its lines.
// It is a package of its own so that both can use the one type without the
// extractor importing the normalizer (and its repair models) or the reverse.
package article

// Span is the lines [StartLine, EndLine) of a text, one paragraph a line,
// that make one article, and its headline (empty when it has none).
type Span struct {
	Title              string
	StartLine, EndLine int
}
