// Package store keeps document records in DynamoDB.
//
// One table, generic keys, one global secondary index:
//
//	item                    pk          sk      gsi1pk  gsi1sk
//	document record         DOC#<id>    META    LIST    <published>#<processedAt>#<id>
//
// plus the index items described in index.go. The domain's types and the
// interfaces this implements are in package doc; memstore implements the
// same in memory, and storetest holds the tests both must pass.
// Every item a document owns shares its partition (pk = DOC#<id>), so
// deleting or re-processing a document is one Query plus batched deletes. The
// index (gsi1) serves every listing: newest first is a Query on LIST in
// descending sort-key order. Nothing on an API path scans.
package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/zhdoc/zhdoc/shared/doc"
)

// Key attribute and index names; template.yaml declares the same.
const (
	AttrPK     = "pk"
	AttrSK     = "sk"
	AttrGSI1PK = "gsi1pk"
	AttrGSI1SK = "gsi1sk"
	IndexGSI1  = "gsi1"
	IndexGSI2  = "gsi2" // facet counters by count (index.go)

	skMeta   = "META"
	listPart = "LIST"
)

// DynamoDB is the subset of the client the store uses.
type DynamoDB interface {
	GetItem(ctx context.Context, in *dynamodb.GetItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error)
	PutItem(ctx context.Context, in *dynamodb.PutItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error)
	Query(ctx context.Context, in *dynamodb.QueryInput, opts ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error)
	BatchWriteItem(ctx context.Context, in *dynamodb.BatchWriteItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.BatchWriteItemOutput, error)
	BatchGetItem(ctx context.Context, in *dynamodb.BatchGetItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.BatchGetItemOutput, error)
	TransactWriteItems(ctx context.Context, in *dynamodb.TransactWriteItemsInput, opts ...func(*dynamodb.Options)) (*dynamodb.TransactWriteItemsOutput, error)
}

// Store reads and writes document records.
type Store struct {
	db      DynamoDB
	table   string
	cursors *doc.Cursors
}

// Cursors returns the signer of this store's cursors.
func (s *Store) Cursors() *doc.Cursors { return s.cursors }

// New returns a store on table; secret signs pagination cursors.
func New(db DynamoDB, table string, secret []byte) *Store {
	return &Store{db: db, table: table, cursors: doc.NewCursors(secret)}
}

func docPK(id string) string { return "DOC#" + id }

// Get returns the record of id or doc.ErrNotFound.
func (s *Store) Get(ctx context.Context, id string) (doc.Document, error) {
	out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{
		TableName: &s.table,
		Key:       map[string]types.AttributeValue{AttrPK: str(docPK(id)), AttrSK: str(skMeta)},
	})
	if err != nil {
		return doc.Document{}, fmt.Errorf("get document %s: %w", id, err)
	}
	if out.Item == nil {
		return doc.Document{}, doc.ErrNotFound
	}
	var d doc.Document
	if err := attributevalue.UnmarshalMap(out.Item, &d); err != nil {
		return doc.Document{}, fmt.Errorf("unmarshal document %s: %w", id, err)
	}
	return d, nil
}

// deleteKeys deletes in batches of 25, retrying unprocessed items.
func (s *Store) deleteKeys(ctx context.Context, keys []map[string]types.AttributeValue) error {
	for len(keys) > 0 {
		n := min(25, len(keys))
		reqs := make([]types.WriteRequest, n)
		for i, k := range keys[:n] {
			reqs[i] = types.WriteRequest{DeleteRequest: &types.DeleteRequest{Key: k}}
		}
		keys = keys[n:]
		if err := s.batchWrite(ctx, reqs); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) batchWrite(ctx context.Context, reqs []types.WriteRequest) error {
	for attempt := 0; len(reqs) > 0; attempt++ {
		if attempt == 8 {
			return fmt.Errorf("batch write: %d items still unprocessed after %d attempts", len(reqs), attempt)
		}
		out, err := s.db.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{
			RequestItems: map[string][]types.WriteRequest{s.table: reqs},
		})
		if err != nil {
			return fmt.Errorf("batch write: %w", err)
		}
		reqs = out.UnprocessedItems[s.table]
		if len(reqs) > 0 {
			if err := sleepBackoff(ctx, attempt); err != nil {
				return err
			}
		}
	}
	return nil
}

func str(s string) types.AttributeValue { return &types.AttributeValueMemberS{Value: s} }

// refusedError marks DynamoDB's refusal of an item (too large, say) as
// doc.ErrRefused while keeping DynamoDB's message, which the failed record
// that replaces it quotes.
type refusedError struct{ err error }

func (e refusedError) Error() string   { return e.err.Error() }
func (e refusedError) Unwrap() []error { return []error{doc.ErrRefused, e.err} }

func refused(err error) error {
	var apiErr interface{ ErrorCode() string }
	if errors.As(err, &apiErr) && apiErr.ErrorCode() == "ValidationException" {
		return refusedError{err}
	}
	return err
}
