package store

import (
	"context"
	"fmt"
	"sort"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/zhdoc/zhdoc/shared/doc"
	"github.com/zhdoc/zhdoc/shared/fingerprint"
	"github.com/zhdoc/zhdoc/shared/index"
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

// Candidates are ranked by shared sketch hashes; this many are scored.
const maxRelatedCandidates = 100

// MinContainment is the least shared share (either way) worth reporting.
const MinContainment = 0.1

// RelatedTo returns documents sharing text with d, most contained first.
func (s *Store) RelatedTo(ctx context.Context, d doc.Document, limit int) ([]Related, error) {
	sketch := index.Sketch(d.Fingerprint)
	shared := map[string]int{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	errs := make(chan error, len(sketch))
	sem := make(chan struct{}, 8)
	for _, h := range sketch {
		wg.Add(1)
		go func(h uint32) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			ids, err := s.sketchPostings(ctx, h)
			if err != nil {
				errs <- err
				return
			}
			mu.Lock()
			for _, id := range ids {
				if id != d.ID {
					shared[id]++
				}
			}
			mu.Unlock()
		}(h)
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return nil, err
	}
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
	if len(ids) > maxRelatedCandidates {
		ids = ids[:maxRelatedCandidates]
	}
	docs, err := s.GetMany(ctx, ids)
	if err != nil {
		return nil, err
	}
	var out []Related
	for _, id := range ids {
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
	return out, nil
}

func round3(x float64) float64 { return float64(int(x*1000+0.5)) / 1000 }

func (s *Store) sketchPostings(ctx context.Context, h uint32) ([]string, error) {
	var ids []string
	var start map[string]types.AttributeValue
	for page := 0; page < 5; page++ { // a hash in thousands of documents is boilerplate, not a story
		out, err := s.db.Query(ctx, &dynamodb.QueryInput{
			TableName:                 &s.table,
			IndexName:                 aws.String(IndexGSI1),
			KeyConditionExpression:    aws.String("#p = :p"),
			ExpressionAttributeNames:  map[string]string{"#p": AttrGSI1PK, "#id": "id"},
			ExpressionAttributeValues: map[string]types.AttributeValue{":p": str(sketchSK(h))},
			ProjectionExpression:      aws.String("#id"),
			ExclusiveStartKey:         start,
		})
		if err != nil {
			return nil, fmt.Errorf("sketch postings: %w", err)
		}
		for _, it := range out.Items {
			if v, ok := it["id"].(*types.AttributeValueMemberS); ok {
				ids = append(ids, v.Value)
			}
		}
		if start = out.LastEvaluatedKey; start == nil {
			break
		}
	}
	return ids, nil
}
