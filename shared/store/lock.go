package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/zhdoc/zhdoc/shared/doc"
)

// A writer claims a document before it reads what the document owns and
// releases the claim in the transaction that commits the record. Two
// concurrent writers of one document therefore never interleave: without
// the claim, the loser of the record's conditional write had already put
// its postings (overwriting the winner's for shared terms, leaving its own
// for the others), and a stale loser never came back to remove them. The
// loser now fails before writing anything (doc.ErrBusy; the event is
// retried and then either wins or is stale). A writer that fails after
// claiming releases the claim; what it had written is owned by the
// document's partition, so the next writer's read finds it and drops or
// replaces it. A claim left by a writer that died expires when the writer's
// own invocation would have ended (its context's deadline, plus a margin
// for clock skew): Lambda ends a writer at that deadline, so a live writer is
// never overtaken, and a retry (an asynchronous invocation's first retry
// after about a minute; the queue's redelivery after VisibilityTimeout,
// 720 s, six times the function's timeout) finds the claim expired. Without
// a deadline the claim lasts lockLease, longer than the processor's timeout
// (template.yaml: 120 s).
const (
	skLock     = "LOCK"
	lockLease  = 150 * time.Second
	lockMargin = 2 * time.Second
)

// leaseUntil is when a claim taken now by a writer under ctx expires.
func leaseUntil(ctx context.Context, now time.Time) time.Time {
	until := now.Add(lockLease)
	if dl, ok := ctx.Deadline(); ok && dl.Add(lockMargin).Before(until) {
		until = dl.Add(lockMargin)
	}
	return until
}

type lock struct{ id, owner string }

// claim takes the document's lock or returns doc.ErrBusy.
func (s *Store) claim(ctx context.Context, id string) (lock, error) {
	var b [12]byte
	if _, err := rand.Read(b[:]); err != nil {
		return lock{}, fmt.Errorf("lock owner: %w", err)
	}
	l := lock{id: id, owner: hex.EncodeToString(b[:])}
	now := time.Now()
	_, err := s.db.PutItem(ctx, &dynamodb.PutItemInput{
		TableName: &s.table,
		Item: map[string]types.AttributeValue{
			AttrPK: str(docPK(id)), AttrSK: str(skLock), "owner": str(l.owner),
			"until": &types.AttributeValueMemberN{Value: strconv.FormatInt(leaseUntil(ctx, now).Unix(), 10)},
		},
		ConditionExpression:       aws.String("attribute_not_exists(pk) OR #u < :now"),
		ExpressionAttributeNames:  map[string]string{"#u": "until"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":now": &types.AttributeValueMemberN{Value: strconv.FormatInt(now.Unix(), 10)}},
	})
	if isConditionFailure(err) {
		return lock{}, fmt.Errorf("document %s: %w", id, doc.ErrBusy)
	}
	if err != nil {
		return lock{}, fmt.Errorf("lock document %s: %w", id, err)
	}
	return l, nil
}

// releaseItem deletes the lock in a commit transaction, which fails if the
// lock is no longer ours (it expired and another writer took it).
func (s *Store) releaseItem(l lock) types.TransactWriteItem {
	return types.TransactWriteItem{Delete: &types.Delete{
		TableName: &s.table, Key: s.key(l.id, skLock),
		ConditionExpression:       aws.String("#o = :o"),
		ExpressionAttributeNames:  map[string]string{"#o": "owner"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":o": str(l.owner)},
	}}
}

// release gives the lock up after a write that did not commit.
func (s *Store) release(l lock) {
	// Not the request's context: a cancelled request still releases.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	// A failure leaves the lock to expire.
	s.db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{s.releaseItem(l)}}) //nolint:errcheck
}
