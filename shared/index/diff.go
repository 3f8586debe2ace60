package index

import (
	"sort"

	"github.com/zhdoc/zhdoc/shared/doc"
)

// FacetValue is one facet posting: a document has value under field.
type FacetValue struct{ Field, Value string }

// Owned names the index items a document holds, without their contents:
// what a store reads back before replacing or deleting a document.
type Owned struct {
	Facets []FacetValue
	Terms  []string
	Sketch []uint32
}

// Owned lists the items e holds.
func (e Entries) Owned() Owned {
	var o Owned
	for field, vals := range e.Facets {
		for _, v := range vals {
			o.Facets = append(o.Facets, FacetValue{field, v})
		}
	}
	for t := range e.Terms {
		o.Terms = append(o.Terms, t)
	}
	o.Sketch = append(o.Sketch, e.Sketch...)
	return o
}

// Diff is what changes in a store when a document's entries change. Facet
// postings move their counters, so they are split three ways; term postings
// are always rewritten (their weights and snippets may differ), so only
// those to drop are listed. Every list is sorted, so a store applies it in
// a deterministic order.
type Diff struct {
	AddFacets    []FacetValue // new postings: counter +1
	RemoveFacets []FacetValue // gone postings: counter -1
	KeepFacets   []FacetValue // still there: rewritten (listing order may have changed), no count
	DropTerms    []string
	DropSketch   []uint32
	// DeltaDocs and DeltaTokens move the corpus counters.
	DeltaDocs, DeltaTokens int
}

// Prior is what a store holds of a document before a change: its items,
// whether its record exists and the length the record was counted with.
type Prior struct {
	Owned
	HasRecord bool
	Length    int
}

// Replace is the change from prior to e. Applying it twice changes nothing
// the second time: that is what makes a retried write count nothing twice.
func Replace(prior Prior, e Entries) Diff {
	next := e.Owned()
	var d Diff
	had := facetSet(prior.Facets)
	has := facetSet(next.Facets)
	for fv := range has {
		if had[fv] {
			d.KeepFacets = append(d.KeepFacets, fv)
		} else {
			d.AddFacets = append(d.AddFacets, fv)
		}
	}
	for fv := range had {
		if !has[fv] {
			d.RemoveFacets = append(d.RemoveFacets, fv)
		}
	}
	terms := map[string]bool{}
	for _, t := range next.Terms {
		terms[t] = true
	}
	for _, t := range prior.Terms {
		if !terms[t] {
			d.DropTerms = append(d.DropTerms, t)
		}
	}
	hashes := map[uint32]bool{}
	for _, h := range next.Sketch {
		hashes[h] = true
	}
	for _, h := range prior.Sketch {
		if !hashes[h] {
			d.DropSketch = append(d.DropSketch, h)
		}
	}
	if !prior.HasRecord {
		d.DeltaDocs = 1
	}
	d.DeltaTokens = e.Length - prior.Length
	d.sort()
	return d
}

// Remove is the change that deletes everything prior holds.
func Remove(prior Prior) Diff {
	d := Diff{RemoveFacets: dedupFacets(prior.Facets)}
	d.DropTerms = append(d.DropTerms, prior.Terms...)
	d.DropSketch = append(d.DropSketch, prior.Sketch...)
	if prior.HasRecord {
		d.DeltaDocs, d.DeltaTokens = -1, -prior.Length
	}
	d.sort()
	return d
}

func facetSet(fvs []FacetValue) map[FacetValue]bool {
	set := make(map[FacetValue]bool, len(fvs))
	for _, fv := range fvs {
		set[fv] = true
	}
	return set
}

func dedupFacets(fvs []FacetValue) []FacetValue {
	var out []FacetValue
	for fv := range facetSet(fvs) {
		out = append(out, fv)
	}
	return out
}

func (d *Diff) sort() {
	for _, s := range [][]FacetValue{d.AddFacets, d.RemoveFacets, d.KeepFacets} {
		sort.Slice(s, func(i, j int) bool {
			if s[i].Field != s[j].Field {
				return s[i].Field < s[j].Field
			}
			return s[i].Value < s[j].Value
		})
	}
	sort.Strings(d.DropTerms)
	sort.Slice(d.DropSketch, func(i, j int) bool { return d.DropSketch[i] < d.DropSketch[j] })
}

// Driver is the facet posting list that drives a filtered listing: the
// first set field in this order (names and organisations are the most
// selective); the remaining fields are checked on the records. Without one,
// a listing reads every record.
func Driver(f doc.Filter) (FacetValue, bool) {
	for _, fv := range []FacetValue{
		{FieldPerson, f.Person}, {FieldOrganization, f.Organization}, {FieldPlace, f.Place},
		{FieldAgency, f.Agency}, {FieldVariant, f.Variant}, {FieldScript, f.Script},
		{FieldStatus, f.Status},
	} {
		if fv.Value != "" {
			return fv, true
		}
	}
	return FacetValue{}, false
}
