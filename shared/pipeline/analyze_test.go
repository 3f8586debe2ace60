package pipeline

import (
	"strings"
	"testing"

	"github.com/zhdoc/zhdoc/shared/analyze"
	"github.com/zhdoc/zhdoc/shared/analyze/analyzetest"
)

// What search relies on, end to end: any line of a processed document,
// typed as a query as written or in the other script (analyzetest.Forms),
// reads as terms the document was indexed under.
func TestQueryTermsAreIndexed(t *testing.T) {
	p := newPipeline(t)
	an, err := analyze.New()
	if err != nil {
		t.Fatal(err)
	}
	ty, err := analyzetest.New()
	if err != nil {
		t.Fatal(err)
	}
	queries, missed := 0, 0
	for name, body := range snapshotInputs(t) {
		r := p.Process(Source{Bucket: "b", Key: name}, body)
		if len(r.Index.Terms) >= 2000 { // index.MaxTerms kept the rarest only
			continue
		}
		for i, line := range strings.Split(r.Normalized, "\n") {
			typed, _ := ty.Forms(line)
			for _, q := range typed {
				readings, err := an.Query(q)
				if err != nil {
					t.Fatal(err)
				}
				found := false
				for _, rd := range readings {
					terms := analyze.Terms(an.Tokens(rd))
					all := len(terms) > 0
					for _, term := range terms {
						if r.Index.Terms[term] == nil {
							all = false
							break
						}
					}
					found = found || all
				}
				queries++
				if !found && len(analyze.Terms(an.Tokens(readings[0]))) > 0 {
					missed++
					if missed <= 5 {
						t.Errorf("%s line %d typed as %q: no reading is all indexed terms", name, i+1, q)
					}
				}
			}
		}
	}
	t.Logf("%d lines typed as queries", queries)
	if queries < 100 {
		t.Fatalf("only %d lines tried", queries)
	}
	if missed > 0 {
		t.Errorf("%d of %d lines typed as queries miss their own document", missed, queries)
	}
}
