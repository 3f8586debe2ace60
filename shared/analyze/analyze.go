// Package analyze is the one chain that turns text into search terms:
// character normalization → canonical Simplified → segmentation → term
// filter. Ingestion runs it over a document's normalized text and search
// over the words a user types, so a query in either script finds the words
// of documents in either script. There is no other place that does this.
package analyze

import (
	"fmt"
	"slices"
	"strings"

	"github.com/zhdoc/zhdoc/shared/canonical"
	"github.com/zhdoc/zhdoc/shared/extract"
	"github.com/zhdoc/zhdoc/shared/index"
	"github.com/zhdoc/zhdoc/shared/normalize"
	"github.com/zhdoc/zhdoc/shared/script"
	"github.com/zhdoc/zhdoc/shared/segment"
	"github.com/zhdoc/zhdoc/shared/zhconv"
)

// Cutter segments one line of canonical Simplified text. The extractor's
// cut is the one both sides use: the shared segmenter extended by the
// gazetteers, so 上海合作组织 is one word in a document and in a query.
type Cutter interface {
	Tokens(line string) []segment.Token
}

// Analyzer is safe for concurrent use.
type Analyzer struct {
	simplify *canonical.Simplifier
	cut      Cutter
}

// New returns an analyzer over the process-wide extractor's cut and the
// OpenCC-exact conversions.
func New() (*Analyzer, error) {
	simplify, err := canonical.New()
	if err != nil {
		return nil, err
	}
	ext, err := extract.New()
	if err != nil {
		return nil, err
	}
	return With(simplify, ext), nil
}

// With returns an analyzer over the given conversion and cut.
func With(simplify *canonical.Simplifier, cut Cutter) *Analyzer {
	return &Analyzer{simplify: simplify, cut: cut}
}

// Simplified is the canonical Simplified form of text, which is already
// normalized (normalize.Normalize for a document, normalize.Chars for a
// query) and written in variant (script.Classify's: "cn", "hk", "tw", ...).
func (a *Analyzer) Simplified(text, variant string) (string, error) {
	s, err := a.simplify.Convert(text, variant)
	if err != nil {
		return "", fmt.Errorf("convert to Simplified: %w", err)
	}
	return normalize.Canonical(s), nil
}

// variants are the conversions a document may have been simplified with;
// back are the conversions that write Simplified text as each variant's
// documents write it.
var (
	variants = [...]string{"cn", "hk", "tw"}
	back     = [...]string{"s2t", "s2hk", "s2tw"}
)

// Query returns the canonical Simplified readings of text a user typed:
// the same character normalization a document gets, then the conversion of
// the variant the text itself shows, first, and the other readings where
// they differ. A document was simplified with the variant its whole text
// shows, and the conversions disagree on some words (隨著 is 随著 under t2s
// and hk2s, 随着 under tw2s), which a few words typed as a query cannot
// settle, so search matches a document by any reading:
//   - Traditional text: its conversion under each variant;
//   - and any text: its Simplified form written back in each variant's
//     Traditional and simplified again, which is what a Traditional
//     document holding these words was indexed under (a query 随着 finds a
//     Hong Kong document's 随著).
func (a *Analyzer) Query(text string) ([]string, error) {
	text = normalize.Chars(text)
	own := script.Classify(text).Variant
	first, err := a.Simplified(text, own)
	if err != nil {
		return nil, err
	}
	out := []string{first}
	add := func(t, variant string) error {
		r, err := a.Simplified(t, variant)
		if err != nil {
			return err
		}
		if !slices.Contains(out, r) {
			out = append(out, r)
		}
		return nil
	}
	for _, v := range variants {
		if v == own || own == "" && v == "cn" {
			continue
		}
		if err := add(text, v); err != nil {
			return nil, err
		}
	}
	for _, cfg := range back {
		c, err := zhconv.New(cfg) // loaded once per process, then cached
		if err != nil {
			return nil, fmt.Errorf("load %s conversion: %w", cfg, err)
		}
		trad, err := c.Convert(first)
		if err != nil {
			return nil, fmt.Errorf("convert query to Traditional: %w", err)
		}
		// any writing under any variant: s2tw alone writes 隨著, which
		// t2s keeps as 随著
		for _, v := range variants {
			if err := add(trad, v); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// Tokens cuts one line of canonical Simplified text.
func (a *Analyzer) Tokens(line string) []segment.Token { return a.cut.Tokens(line) }

// Lines cuts canonical Simplified text line by line (the unit documents are
// indexed and positions counted in).
func (a *Analyzer) Lines(simplified string) [][]segment.Token {
	lines := strings.Split(simplified, "\n")
	out := make([][]segment.Token, len(lines))
	for i, l := range lines {
		out[i] = a.cut.Tokens(l)
	}
	return out
}

// Terms are the index terms of tokens, in order (index.Term decides what is
// one).
func Terms(tokens []segment.Token) []string {
	var out []string
	for _, t := range tokens {
		if term, ok := index.Term(t.Text); ok {
			out = append(out, term)
		}
	}
	return out
}
