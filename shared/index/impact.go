package index

import (
	"math"

	"github.com/zhdoc/zhdoc/shared/segment"
)

// Scoring. A document's score for a query is the sum, over the query's
// terms, of IDF(term) × Impact(posting) / ImpactScale. Impact is BM25's
// term-frequency part, fixed when the document is written: it is what term
// postings are sorted by (descending), so a search reads the top of each
// list and stops when nothing below can enter the page (package search).
// Two choices make it fixed:
//   - the length normalization uses RefLength, a constant, instead of the
//     corpus's running average (which moves with every write);
//   - the IDF is gse's (jieba's) background table from a large general
//     corpus, not the document frequency here, which would need a counter
//     per term written with every document (as many writes again as the
//     postings themselves) or a read of the whole list at query time.
const (
	k1 = 1.2
	b  = 0.75
	// RefLength is the body length (indexed tokens) the length
	// normalization is relative to: a typical news article.
	RefLength = 400
	// ImpactScale is the fixed point of Impact: 1000 = 1.0.
	ImpactScale = 1000
	// MaxImpact bounds Impact (k1+1 = 2.2 at most).
	MaxImpact = 2200
)

// Impact is the quantized BM25 term-frequency part of a posting of weight
// w in a document of length dl.
func Impact(w, dl int) int {
	if w <= 0 {
		return 0
	}
	tf := float64(w)
	norm := 1 - b + b*float64(max(dl, 1))/RefLength
	return min(int(math.Round(ImpactScale*tf*(k1+1)/(tf+k1*norm))), MaxImpact)
}

// IDF is the weight of term in a query's score.
func IDF(term string) float64 { return segment.IDF().Weight(term) }
