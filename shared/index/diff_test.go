package index

import (
	"reflect"
	"testing"

	"github.com/zhdoc/zhdoc/shared/doc"
)

func TestReplaceAndRemove(t *testing.T) {
	e := Entries{
		Terms:  map[string]*Posting{"上海": {Weight: 1}, "合作": {Weight: 2}},
		Facets: map[string][]string{FieldPerson: {"王毅", "李强"}, FieldStatus: {"processed"}},
		Length: 7,
		Sketch: []uint32{3, 5},
	}
	old := Prior{
		Owned: Owned{
			Facets: []FacetValue{{FieldPerson, "习近平"}, {FieldPerson, "王毅"}, {FieldStatus, "processed"}},
			Terms:  []string{"北京", "上海"},
			Sketch: []uint32{1, 3},
		},
		HasRecord: true, Length: 10,
	}
	for _, c := range []struct {
		name string
		got  Diff
		want Diff
	}{
		{"new document", Replace(Prior{}, e), Diff{
			AddFacets:   []FacetValue{{FieldPerson, "李强"}, {FieldPerson, "王毅"}, {FieldStatus, "processed"}},
			DeltaDocs:   1,
			DeltaTokens: 7,
		}},
		{"same again", Replace(Prior{Owned: e.Owned(), HasRecord: true, Length: 7}, e), Diff{
			KeepFacets: []FacetValue{{FieldPerson, "李强"}, {FieldPerson, "王毅"}, {FieldStatus, "processed"}},
		}},
		{"changed", Replace(old, e), Diff{
			AddFacets:    []FacetValue{{FieldPerson, "李强"}},
			RemoveFacets: []FacetValue{{FieldPerson, "习近平"}},
			KeepFacets:   []FacetValue{{FieldPerson, "王毅"}, {FieldStatus, "processed"}},
			DropTerms:    []string{"北京"},
			DropSketch:   []uint32{1},
			DeltaTokens:  -3,
		}},
		{"index without record (an interrupted write)", Replace(Prior{Owned: old.Owned}, e), Diff{
			AddFacets:    []FacetValue{{FieldPerson, "李强"}},
			RemoveFacets: []FacetValue{{FieldPerson, "习近平"}},
			KeepFacets:   []FacetValue{{FieldPerson, "王毅"}, {FieldStatus, "processed"}},
			DropTerms:    []string{"北京"},
			DropSketch:   []uint32{1},
			DeltaDocs:    1,
			DeltaTokens:  7,
		}},
		{"remove", Remove(old), Diff{
			RemoveFacets: []FacetValue{{FieldPerson, "习近平"}, {FieldPerson, "王毅"}, {FieldStatus, "processed"}},
			DropTerms:    []string{"上海", "北京"},
			DropSketch:   []uint32{1, 3},
			DeltaDocs:    -1,
			DeltaTokens:  -10,
		}},
		{"remove again", Remove(Prior{}), Diff{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.got.Moves, c.got.Under = nil, "" // TestMoves checks them
			if !reflect.DeepEqual(c.got, c.want) {
				t.Errorf("got  %+v\nwant %+v", c.got, c.want)
			}
		})
	}
}

func TestDriver(t *testing.T) {
	for _, c := range []struct {
		f    doc.Filter
		want FacetValue
		ok   bool
	}{
		{doc.Filter{}, FacetValue{}, false},
		{doc.Filter{From: "2024-01-01"}, FacetValue{}, false},
		{doc.Filter{Agency: "新华社", Person: "王毅"}, FacetValue{FieldPerson, "王毅"}, true},
		{doc.Filter{Status: "failed", Script: "Hans"}, FacetValue{FieldScript, "Hans"}, true},
	} {
		got, ok := Driver(c.f)
		if got != c.want || ok != c.ok {
			t.Errorf("Driver(%+v) = %v %v, want %v %v", c.f, got, ok, c.want, c.ok)
		}
	}
}

// Each facet posting moves its whole-corpus counter when it comes or goes,
// and one counter per filter value it is counted under when those change:
// a document that turns Traditional moves its people from the Hans counters
// to the Hant ones and nothing else.
func TestMoves(t *testing.T) {
	hans := Entries{Facets: map[string][]string{FieldPerson: {"王毅"}, FieldScript: {"Hans"}, FieldAgency: {"新华社"}}}
	hant := Entries{Facets: map[string][]string{FieldPerson: {"王毅"}, FieldScript: {"Hant"}, FieldAgency: {"新华社"}}}
	whole := FacetValue{}
	agency, sHans, sHant := FacetValue{FieldAgency, "新华社"}, FacetValue{FieldScript, "Hans"}, FacetValue{FieldScript, "Hant"}
	person := FacetValue{FieldPerson, "王毅"}
	written := func(e Entries) Prior {
		p := Prior{Owned: e.Owned(), HasRecord: true, Under: map[FacetValue]string{}}
		for _, fv := range p.Facets {
			p.Under[fv] = EncodeUnder(e.Under())
		}
		return p
	}
	moves := func(d Diff) map[FacetValue][]CounterDelta {
		out := map[FacetValue][]CounterDelta{}
		for _, m := range d.Moves {
			out[m.FacetValue] = m.Deltas
		}
		return out
	}
	for _, c := range []struct {
		name string
		got  Diff
		want map[FacetValue][]CounterDelta
	}{
		{"new", Replace(Prior{}, hans), map[FacetValue][]CounterDelta{
			person: {{whole, 1}, {agency, 1}, {sHans, 1}},
			agency: {{whole, 1}, {agency, 1}, {sHans, 1}},
			sHans:  {{whole, 1}, {agency, 1}, {sHans, 1}},
		}},
		{"same again", Replace(written(hans), hans), map[FacetValue][]CounterDelta{}},
		{"script changes", Replace(written(hans), hant), map[FacetValue][]CounterDelta{
			person: {{sHans, -1}, {sHant, 1}},
			agency: {{sHans, -1}, {sHant, 1}},
			sHans:  {{whole, -1}, {agency, -1}, {sHans, -1}},
			sHant:  {{whole, 1}, {agency, 1}, {sHant, 1}},
		}},
		{"counted before filters existed", Replace(Prior{Owned: hans.Owned(), HasRecord: true}, hans), map[FacetValue][]CounterDelta{
			person: {{agency, 1}, {sHans, 1}},
			agency: {{agency, 1}, {sHans, 1}},
			sHans:  {{agency, 1}, {sHans, 1}},
		}},
		{"remove", Remove(written(hant)), map[FacetValue][]CounterDelta{
			person: {{whole, -1}, {agency, -1}, {sHant, -1}},
			agency: {{whole, -1}, {agency, -1}, {sHant, -1}},
			sHant:  {{whole, -1}, {agency, -1}, {sHant, -1}},
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := moves(c.got); !reflect.DeepEqual(got, c.want) {
				t.Errorf("got  %v\nwant %v", got, c.want)
			}
		})
	}
}

func TestCounterFilter(t *testing.T) {
	for _, c := range []struct {
		f    doc.Filter
		want FacetValue
		ok   bool
	}{
		{doc.Filter{}, FacetValue{}, true},
		{doc.Filter{Script: "Hant"}, FacetValue{FieldScript, "Hant"}, true},
		{doc.Filter{Agency: "新华社"}, FacetValue{FieldAgency, "新华社"}, true},
		{doc.Filter{Agency: "新华社", Script: "Hant"}, FacetValue{}, false},
		{doc.Filter{Person: "王毅"}, FacetValue{}, false},
		{doc.Filter{Status: "processed", From: "2024-01-01"}, FacetValue{}, false},
	} {
		got, ok := CounterFilter(c.f)
		if got != c.want || ok != c.ok {
			t.Errorf("CounterFilter(%+v) = %v %v, want %v %v", c.f, got, ok, c.want, c.ok)
		}
	}
}
