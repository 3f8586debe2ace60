package store

import (
	"context"
	"fmt"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/zhdoc/zhdoc/shared/doc"
	"github.com/zhdoc/zhdoc/shared/index"
)

// RelatedTo returns documents sharing text with d, most contained first.
func (s *Store) RelatedTo(ctx context.Context, d doc.Document, limit int) ([]doc.Related, error) {
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
	ids := doc.RelatedCandidates(shared)
	docs, err := s.GetMany(ctx, ids)
	if err != nil {
		return nil, err
	}
	return doc.ScoreRelated(d, ids, docs, limit), nil
}

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
