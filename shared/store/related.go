package store

import (
	"context"
	"fmt"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
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
	sem := make(chan struct{}, 16) // 48 bounded queries in three waves
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
	docs, err := s.relatedRecords(ctx, ids)
	if err != nil {
		return nil, err
	}
	return doc.ScoreRelated(d, ids, docs, limit), nil
}

// relatedRecords reads what doc.ScoreRelated needs of the candidates.
func (s *Store) relatedRecords(ctx context.Context, ids []string) (map[string]doc.Document, error) {
	byID := map[string]doc.Document{}
	keys := make([]map[string]types.AttributeValue, 0, len(ids))
	for _, id := range ids {
		keys = append(keys, s.key(id, skMeta))
	}
	proj := types.KeysAndAttributes{
		ProjectionExpression:     aws.String("#i, #t, #p, #s, #f"),
		ExpressionAttributeNames: map[string]string{"#i": "id", "#t": "title", "#p": "published", "#s": "script", "#f": "fingerprint"},
	}
	err := s.batchGet(ctx, keys, proj, func(it map[string]types.AttributeValue) error {
		var d doc.Document
		if err := attributevalue.UnmarshalMap(it, &d); err != nil {
			return fmt.Errorf("decode related document: %w", err)
		}
		byID[d.ID] = d
		return nil
	})
	return byID, err
}

// sketchPostings reads the documents holding hash h, none when they are
// more than doc.MaxSketchDocs (one page of that many plus one).
func (s *Store) sketchPostings(ctx context.Context, h uint32) ([]string, error) {
	out, err := s.db.Query(ctx, &dynamodb.QueryInput{
		TableName:                 &s.table,
		IndexName:                 aws.String(IndexGSI1),
		KeyConditionExpression:    aws.String("#p = :p"),
		ExpressionAttributeNames:  map[string]string{"#p": AttrGSI1PK, "#id": "id"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":p": str(sketchSK(h))},
		ProjectionExpression:      aws.String("#id"),
		Limit:                     aws.Int32(doc.MaxSketchDocs + 1),
	})
	if err != nil {
		return nil, fmt.Errorf("sketch postings: %w", err)
	}
	if len(out.Items) > doc.MaxSketchDocs {
		return nil, nil
	}
	ids := make([]string, 0, len(out.Items))
	for _, it := range out.Items {
		if v, ok := it["id"].(*types.AttributeValueMemberS); ok {
			ids = append(ids, v.Value)
		}
	}
	return ids, nil
}
