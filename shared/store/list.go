package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/zhdoc/zhdoc/shared/doc"
	"github.com/zhdoc/zhdoc/shared/index"
)

// maxDriverPages bounds the work of one request; a page may come back short
// with a cursor when the filters are very selective.
const maxDriverPages = 10

// List returns documents matching q.Filter, newest first by published date.
func (s *Store) List(ctx context.Context, q doc.ListQuery) (doc.Page, error) {
	scope := q.Filter.Scope()
	var start map[string]types.AttributeValue
	if from, err := s.cursors.Decode(q.Cursor, scope); err != nil {
		return doc.Page{}, err
	} else if from != nil {
		start = map[string]types.AttributeValue{}
		for name, v := range from {
			start[name] = str(v)
		}
	}
	partition, onRecords := listPart, true
	if fv, ok := index.Driver(q.Filter); ok {
		partition, onRecords = facetSK(fv.Field, fv.Value), false
	}
	cond := "#p = :p"
	values := map[string]types.AttributeValue{":p": str(partition)}
	switch {
	case q.From != "" && q.To != "":
		cond += " AND #s BETWEEN :lo AND :hi"
		values[":lo"], values[":hi"] = str(q.From), str(q.To+"#\U0010FFFF")
	case q.From != "":
		cond += " AND #s >= :lo"
		values[":lo"] = str(q.From)
	case q.To != "":
		// Undated documents sort as 0000-00-00; they are not "before" a date.
		cond += " AND #s BETWEEN :lo AND :hi"
		values[":lo"], values[":hi"] = str("0001"), str(q.To+"#\U0010FFFF")
	}
	names := map[string]string{"#p": AttrGSI1PK}
	if strings.Contains(cond, "#s") {
		names["#s"] = AttrGSI1SK
	}

	page := doc.Page{Documents: make([]doc.Document, 0, q.Limit)}
	var last map[string]types.AttributeValue
	for n := 0; n < maxDriverPages; n++ {
		out, err := s.db.Query(ctx, &dynamodb.QueryInput{
			TableName:                 &s.table,
			IndexName:                 aws.String(IndexGSI1),
			KeyConditionExpression:    aws.String(cond),
			ExpressionAttributeNames:  names,
			ExpressionAttributeValues: values,
			ScanIndexForward:          aws.Bool(false),
			Limit:                     aws.Int32(int32(q.Limit - len(page.Documents))),
			ExclusiveStartKey:         start,
		})
		if err != nil {
			return doc.Page{}, fmt.Errorf("list documents: %w", err)
		}
		docs, err := s.resolve(ctx, out.Items, onRecords)
		if err != nil {
			return doc.Page{}, err
		}
		for i, d := range docs {
			if d.ID != "" && q.Filter.Match(d) {
				page.Documents = append(page.Documents, d)
			}
			last = out.Items[i]
		}
		start = out.LastEvaluatedKey
		if start == nil || len(page.Documents) >= q.Limit {
			break
		}
	}
	if start != nil && last != nil {
		key := map[string]string{}
		for _, a := range []string{AttrPK, AttrSK, AttrGSI1PK, AttrGSI1SK} {
			if v, ok := last[a].(*types.AttributeValueMemberS); ok {
				key[a] = v.Value
			}
		}
		cur, err := s.cursors.Encode(key, scope)
		if err != nil {
			return doc.Page{}, err
		}
		page.Cursor = cur
	}
	return page, nil
}

// resolve turns index items into records, in order: LIST items are the
// records; facet postings are looked up with BatchGetItem. A posting whose
// record vanished meanwhile gives an empty document.
func (s *Store) resolve(ctx context.Context, items []map[string]types.AttributeValue, onRecords bool) ([]doc.Document, error) {
	out := make([]doc.Document, len(items))
	if onRecords {
		for i, it := range items {
			if err := attributevalue.UnmarshalMap(it, &out[i]); err != nil {
				return nil, fmt.Errorf("decode listed document: %w", err)
			}
		}
		return out, nil
	}
	ids := make([]string, len(items))
	for i, it := range items {
		if v, ok := it["id"].(*types.AttributeValueMemberS); ok {
			ids[i] = v.Value
		}
	}
	byID, err := s.GetMany(ctx, ids)
	if err != nil {
		return nil, err
	}
	for i, id := range ids {
		out[i] = byID[id]
	}
	return out, nil
}

// GetMany fetches records by id (missing ids are absent from the map).
func (s *Store) GetMany(ctx context.Context, ids []string) (map[string]doc.Document, error) {
	byID := map[string]doc.Document{}
	var keys []map[string]types.AttributeValue
	seen := map[string]bool{}
	for _, id := range ids {
		if id != "" && !seen[id] {
			seen[id] = true
			keys = append(keys, map[string]types.AttributeValue{AttrPK: str(docPK(id)), AttrSK: str(skMeta)})
		}
	}
	err := s.batchGet(ctx, keys, types.KeysAndAttributes{}, func(it map[string]types.AttributeValue) error {
		var d doc.Document
		if err := attributevalue.UnmarshalMap(it, &d); err != nil {
			return fmt.Errorf("decode document: %w", err)
		}
		byID[d.ID] = d
		return nil
	})
	return byID, err
}

// batchGet reads keys in batches of 100 with the projection of proto,
// retrying unprocessed keys, and hands every item to fn.
func (s *Store) batchGet(ctx context.Context, keys []map[string]types.AttributeValue, proto types.KeysAndAttributes, fn func(map[string]types.AttributeValue) error) error {
	for len(keys) > 0 {
		n := min(100, len(keys))
		ka := proto
		ka.Keys = keys[:n]
		req := map[string]types.KeysAndAttributes{s.table: ka}
		keys = keys[n:]
		for attempt := 0; len(req) > 0; attempt++ {
			if attempt == 8 {
				return fmt.Errorf("batch get: keys still unprocessed after %d attempts", attempt)
			}
			out, err := s.db.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: req})
			if err != nil {
				return fmt.Errorf("batch get: %w", err)
			}
			for _, it := range out.Responses[s.table] {
				if err := fn(it); err != nil {
					return err
				}
			}
			req = out.UnprocessedKeys
			if len(req) > 0 {
				if err := sleepBackoff(ctx, attempt); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
