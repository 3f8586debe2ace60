package index

import (
	"sort"
	"strings"

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
	// Moves are the facet postings whose counters change (added, removed,
	// or kept but counted under other filter values), sorted; a store
	// writes each with its counter deltas atomically, guarded by the
	// posting being as Prior read it, so no counter moves twice.
	Moves []FacetMove
	// Under is what the new postings are counted under (EncodeUnder).
	Under string
}

// FacetMove is one facet posting's change and the counters it moves.
type FacetMove struct {
	FacetValue
	Had, Has           bool   // the posting existed before / exists after
	OldUnder, NewUnder string // what it was / is counted under
	Deltas             []CounterDelta
}

// CounterDelta moves the count of Field=Value among the documents having
// filter value Under ("" is the whole corpus).
type CounterDelta struct {
	Under FacetValue
	N     int
}

// CounterFields are the filters facet counts are kept under: one counter
// per facet value × filter value. They are the low-cardinality filters (a
// document has one script, variant and status and one or two agencies), so
// a document moves (1 + 4 or 5) counters per facet value. Counters for
// person, place and organization filters would cost a counter per pair of
// the document's names (hundreds), and for combinations of filters one per
// subset; those are recounted through the listing instead.
var CounterFields = []string{FieldScript, FieldVariant, FieldStatus, FieldAgency}

// CounterFilter is the filter value whose counters answer a facet request
// under f: the zero FacetValue for no filter, the one set counter field
// for a single low-cardinality filter. ok is false when f needs a recount.
func CounterFilter(f doc.Filter) (fv FacetValue, ok bool) {
	n := 0
	for _, c := range []FacetValue{{FieldScript, f.Script}, {FieldVariant, f.Variant}, {FieldStatus, f.Status}, {FieldAgency, f.Agency}} {
		if c.Value != "" {
			fv = c
			n++
		}
	}
	if n > 1 || f.Person != "" || f.Place != "" || f.Organization != "" || f.From != "" || f.To != "" {
		return FacetValue{}, false
	}
	return fv, true
}

// Under lists the filter values e's facet postings are counted under.
func (e Entries) Under() []FacetValue {
	var out []FacetValue
	for _, f := range CounterFields {
		for _, v := range e.Facets[f] {
			out = append(out, FacetValue{f, v})
		}
	}
	sortFacets(out)
	return out
}

// EncodeUnder is the attribute a facet posting records its filter values
// in: field=value pairs, sorted, joined by U+001F.
func EncodeUnder(fvs []FacetValue) string {
	parts := make([]string, len(fvs))
	for i, fv := range fvs {
		parts[i] = fv.Field + "=" + fv.Value
	}
	return strings.Join(parts, "\x1f")
}

// DecodeUnder reverses EncodeUnder.
func DecodeUnder(s string) []FacetValue {
	if s == "" {
		return nil
	}
	var out []FacetValue
	for _, p := range strings.Split(s, "\x1f") {
		f, v, _ := strings.Cut(p, "=")
		out = append(out, FacetValue{f, v})
	}
	return out
}

// move is the change of one posting from (had, oldUnder) to (has, newUnder).
func move(fv FacetValue, had bool, oldUnder string, has bool, newUnder string) (FacetMove, bool) {
	m := FacetMove{FacetValue: fv, Had: had, Has: has}
	if had {
		m.OldUnder = oldUnder
	}
	if has {
		m.NewUnder = newUnder
	}
	if had == has && m.OldUnder == m.NewUnder {
		return m, false
	}
	count := map[FacetValue]int{}
	if had {
		count[FacetValue{}]--
		for _, u := range DecodeUnder(m.OldUnder) {
			count[u]--
		}
	}
	if has {
		count[FacetValue{}]++
		for _, u := range DecodeUnder(m.NewUnder) {
			count[u]++
		}
	}
	for u, n := range count {
		if n != 0 {
			m.Deltas = append(m.Deltas, CounterDelta{Under: u, N: n})
		}
	}
	sort.Slice(m.Deltas, func(i, j int) bool { return less(m.Deltas[i].Under, m.Deltas[j].Under) })
	return m, true
}

// Prior is what a store holds of a document before a change: its items,
// whether its record exists and the length the record was counted with.
// Under holds what each facet posting is counted under (EncodeUnder;
// absent: nothing but the whole corpus).
type Prior struct {
	Owned
	HasRecord bool
	Length    int
	Under     map[FacetValue]string
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
	d.Under = EncodeUnder(e.Under())
	for fv := range has {
		if m, ok := move(fv, had[fv], prior.Under[fv], true, d.Under); ok {
			d.Moves = append(d.Moves, m)
		}
	}
	for fv := range had {
		if !has[fv] {
			m, _ := move(fv, true, prior.Under[fv], false, "")
			d.Moves = append(d.Moves, m)
		}
	}
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
	for _, fv := range d.RemoveFacets {
		m, _ := move(fv, true, prior.Under[fv], false, "")
		d.Moves = append(d.Moves, m)
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

func less(a, b FacetValue) bool {
	if a.Field != b.Field {
		return a.Field < b.Field
	}
	return a.Value < b.Value
}

func sortFacets(s []FacetValue) { sort.Slice(s, func(i, j int) bool { return less(s[i], s[j]) }) }

func (d *Diff) sort() {
	for _, s := range [][]FacetValue{d.AddFacets, d.RemoveFacets, d.KeepFacets} {
		sortFacets(s)
	}
	sort.Slice(d.Moves, func(i, j int) bool { return less(d.Moves[i].FacetValue, d.Moves[j].FacetValue) })
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
