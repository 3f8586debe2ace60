// Package lexicon holds the facts about Chinese text that several packages
// need and must agree on: character classes (Han, CJK punctuation, sentence
// ends), the news agencies that head datelines and credit lines, and the
// markers of boilerplate lines. Each list is one list: where its readers
// use entries differently, the entry says how (an attribute), so that a
// name added for one reader is seen next to the others.
//
// The rune classes are small functions of comparisons, without maps, so
// that the compiler inlines them in the per-character loops of the
// segmenter, the extractor and the normalizer.
package lexicon
