// Package lexicon holds the facts about Chinese text that several packages
// need and must agree on: character classes (Han, CJK punctuation, sentence
// ends) and the news agencies that head datelines and credit lines.
//
// The rune classes are small functions of comparisons, without maps, so
// that the compiler inlines them in the per-character loops of the
// segmenter, the extractor and the normalizer.
package lexicon
