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
