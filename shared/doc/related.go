package doc

import (
	"sort"

	"github.com/zhdoc/zhdoc/shared/fingerprint"
)

// Related is a document sharing text with another.
type Related struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Published string `json:"published"`
	Script    string `json:"script"`
	// Containment is the share of the asked document's text found in this
	// one; ReverseContainment the share of this one's text found in it.
	Containment        float64 `json:"containment"`
	ReverseContainment float64 `json:"reverseContainment"`
	Similarity         float64 `json:"similarity"`
}

// MaxRelatedCandidates is how many candidates, ranked by shared sketch
// hashes, are scored.
const MaxRelatedCandidates = 24

// MaxSketchDocs is the most documents a sketch hash may be in and still
// count: a passage in more is boilerplate (a standard sentence, a
// disclaimer), not a shared story, and reading its list would make a
// related request cost in proportion to the corpus. Every store skips such
// hashes, so they agree on the candidates.
const MaxSketchDocs = 24

// MinContainment is the least shared share (either way) worth reporting.
const MinContainment = 0.1

// RelatedCandidates orders the ids by shared sketch hashes (most first, then
// id) and keeps the first MaxRelatedCandidates. Every store ranks with it so
// that they agree on which documents are scored.
func RelatedCandidates(shared map[string]int) []string {
	ids := make([]string, 0, len(shared))
	for id := range shared {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		if shared[ids[i]] != shared[ids[j]] {
			return shared[ids[i]] > shared[ids[j]]
		}
		return ids[i] < ids[j]
	})
	if len(ids) > MaxRelatedCandidates {
		ids = ids[:MaxRelatedCandidates]
	}
	return ids
}

// ScoreRelated compares d with the candidates found in docs (missing ones
// are skipped), keeps those sharing at least MinContainment either way and
// returns up to limit, most contained first.
func ScoreRelated(d Document, candidates []string, docs map[string]Document, limit int) []Related {
	var out []Related
	for _, id := range candidates {
		o, ok := docs[id]
		if !ok {
			continue
		}
		r := Related{
			ID: id, Title: o.Title, Published: o.Published, Script: o.Script,
			Containment:        round3(fingerprint.Containment(d.Fingerprint, o.Fingerprint)),
			ReverseContainment: round3(fingerprint.Containment(o.Fingerprint, d.Fingerprint)),
			Similarity:         round3(fingerprint.Similarity(d.Fingerprint, o.Fingerprint)),
		}
		if max(r.Containment, r.ReverseContainment) >= MinContainment {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := max(out[i].Containment, out[i].ReverseContainment), max(out[j].Containment, out[j].ReverseContainment)
		if a != b {
			return a > b
		}
		return out[i].ID < out[j].ID
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}

func round3(x float64) float64 { return float64(int(x*1000+0.5)) / 1000 }
