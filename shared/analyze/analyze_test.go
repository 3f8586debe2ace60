package analyze

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/zhdoc/zhdoc/shared/analyze/analyzetest"
	"github.com/zhdoc/zhdoc/shared/encoding"
	"github.com/zhdoc/zhdoc/shared/normalize"
	"github.com/zhdoc/zhdoc/shared/script"
	"github.com/zhdoc/zhdoc/shared/testcorpus"
)

var (
	once   sync.Once
	shared *Analyzer
	err0   error
)

func analyzer(t *testing.T) *Analyzer {
	t.Helper()
	once.Do(func() { shared, err0 = New() })
	if err0 != nil {
		t.Fatal(err0)
	}
	return shared
}

// documents are texts as ingestion sees them: the seeds (damaged, several
// encodings) and, with ../shared, the reference texts in both scripts.
func documents(t *testing.T) map[string]string {
	t.Helper()
	globs := []string{testcorpus.Testdata(t, "seeds", "*.txt")}
	if ref, err := testcorpus.LookShared(t, "corpus", "reference"); err == nil {
		globs = append(globs, filepath.Join(ref, "*.txt"))
	} else {
		t.Logf("reference texts absent (%v): seeds only", err)
	}
	out := map[string]string{}
	for _, g := range globs {
		files, _ := filepath.Glob(g)
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			text, _, err := encoding.DecodeAuto(b)
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			out[filepath.Base(f)] = text
		}
	}
	if len(out) == 0 {
		t.Fatal("no documents found")
	}
	return out
}

// The contract search relies on: a line of a document, typed as a query,
// gives exactly the terms the document was indexed under for that line, in
// its own script and converted to the other one.
func TestQueryTermsEqualDocumentTerms(t *testing.T) {
	a := analyzer(t)
	ty, err := analyzetest.New()
	if err != nil {
		t.Fatal(err)
	}
	lines, mismatched, lossy := 0, 0, 0
	for name, raw := range documents(t) {
		norm := normalize.Normalize(raw)
		variant := script.Classify(norm.Text).Variant
		simplified, err := a.Simplified(norm.Text, variant)
		if err != nil {
			t.Fatal(err)
		}
		docLines := a.Lines(simplified)
		for i, line := range strings.Split(norm.Text, "\n") {
			want := Terms(docLines[i])
			if len(want) == 0 {
				continue
			}
			forms, lossyLine := ty.Forms(line)
			if lossyLine {
				lossy++
			}
			for form, q := range forms {
				lines++
				readings, err := a.Query(q)
				if err != nil {
					t.Fatal(err)
				}
				var got [][]string
				found := false
				for _, r := range readings {
					terms := Terms(a.Tokens(r))
					got = append(got, terms)
					found = found || reflect.DeepEqual(terms, want)
				}
				if !found {
					mismatched++
					if mismatched <= 10 {
						t.Errorf("%s line %d %s:\n query %q\n  got %v\n want %v", name, i+1, form, q, got, want)
					}
				}
			}
		}
	}
	t.Logf("%d lines compared; %d Simplified lines not typed in Traditional (s2t is not undone by t2s)", lines, lossy)
	if lines < 50 {
		t.Fatalf("only %d lines compared", lines)
	}
	if mismatched > 0 {
		t.Errorf("%d of %d lines give other terms as a query than in their document", mismatched, lines)
	}
}

// A query reads as every Simplified form a document holding it may have been
// indexed under.
func TestQueryReadings(t *testing.T) {
	a := analyzer(t)
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"意味着", []string{"意味着", "意味著"}},
		{"上海", []string{"上海"}},
		{"上海合作組織", []string{"上海合作组织"}},
		// t2s and hk2s keep 著 in 意味著, tw2s makes it 着
		{"意味著", []string{"意味著", "意味着"}},
		// a mainland query finds what a Hong Kong or generic Traditional
		// document was indexed under
		{"随着", []string{"随着", "随著"}},
	} {
		got, err := a.Query(tc.in)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Query(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestQueryScripts(t *testing.T) {
	a := analyzer(t)
	for _, tc := range []struct{ in, want string }{
		{"上海合作組織", "上海合作组织"},
		{"上海合作组织", "上海合作组织"},
		{"「一帶一路」", "“一带一路”"},
		{"ＡＢＣ１２３", "ABC123"},
	} {
		readings, err := a.Query(tc.in)
		if err != nil {
			t.Fatal(err)
		}
		if got := readings[0]; got != tc.want {
			t.Errorf("Query(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
