package store

import (
	"context"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Usage is what a Meter counted: items read and written, and the capacity
// units DynamoDB reported consuming (ReturnConsumedCapacity=TOTAL; DynamoDB
// Local reports them too). Reads count the items DynamoDB examined, which is
// what a query pays for, not the ones a filter kept.
type Usage struct {
	Requests     int
	ItemsRead    int
	ItemsWritten int
	ReadUnits    float64
	WriteUnits   float64
}

// Sub returns u - v, the usage between two snapshots.
func (u Usage) Sub(v Usage) Usage {
	return Usage{u.Requests - v.Requests, u.ItemsRead - v.ItemsRead, u.ItemsWritten - v.ItemsWritten,
		u.ReadUnits - v.ReadUnits, u.WriteUnits - v.WriteUnits}
}

// Meter is a DynamoDB client that counts what passes through it. It asks
// every request for its consumed capacity, which costs nothing on AWS, so
// the query function can log the units of each request.
type Meter struct {
	DB DynamoDB
	mu sync.Mutex
	u  Usage
}

// Usage returns the totals so far.
func (m *Meter) Usage() Usage {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.u
}

func (m *Meter) add(read, written int, cc ...types.ConsumedCapacity) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.u.Requests++
	m.u.ItemsRead += read
	m.u.ItemsWritten += written
	for _, c := range cc {
		// DynamoDB reports a transaction's or a write's units as
		// CapacityUnits, split into Read/Write only for some calls.
		r, w := aws.ToFloat64(c.ReadCapacityUnits), aws.ToFloat64(c.WriteCapacityUnits)
		if r == 0 && w == 0 {
			if written > 0 {
				w = aws.ToFloat64(c.CapacityUnits)
			} else {
				r = aws.ToFloat64(c.CapacityUnits)
			}
		}
		m.u.ReadUnits += r
		m.u.WriteUnits += w
	}
}

func ccOf(c *types.ConsumedCapacity) []types.ConsumedCapacity {
	if c == nil {
		return nil
	}
	return []types.ConsumedCapacity{*c}
}

// GetItem counts one item read when found.
func (m *Meter) GetItem(ctx context.Context, in *dynamodb.GetItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error) {
	in.ReturnConsumedCapacity = types.ReturnConsumedCapacityTotal
	out, err := m.DB.GetItem(ctx, in, opts...)
	if err == nil {
		n := 0
		if out.Item != nil {
			n = 1
		}
		m.add(n, 0, ccOf(out.ConsumedCapacity)...)
	}
	return out, err
}

// PutItem counts one item written.
func (m *Meter) PutItem(ctx context.Context, in *dynamodb.PutItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error) {
	in.ReturnConsumedCapacity = types.ReturnConsumedCapacityTotal
	out, err := m.DB.PutItem(ctx, in, opts...)
	if err == nil {
		m.add(0, 1, ccOf(out.ConsumedCapacity)...)
	}
	return out, err
}

// Query counts the items examined (ScannedCount).
func (m *Meter) Query(ctx context.Context, in *dynamodb.QueryInput, opts ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error) {
	in.ReturnConsumedCapacity = types.ReturnConsumedCapacityTotal
	out, err := m.DB.Query(ctx, in, opts...)
	if err == nil {
		m.add(int(out.ScannedCount), 0, ccOf(out.ConsumedCapacity)...)
	}
	return out, err
}

// BatchWriteItem counts the requests DynamoDB processed.
func (m *Meter) BatchWriteItem(ctx context.Context, in *dynamodb.BatchWriteItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.BatchWriteItemOutput, error) {
	in.ReturnConsumedCapacity = types.ReturnConsumedCapacityTotal
	out, err := m.DB.BatchWriteItem(ctx, in, opts...)
	if err == nil {
		n := 0
		for t, reqs := range in.RequestItems {
			n += len(reqs) - len(out.UnprocessedItems[t])
		}
		m.add(0, n, out.ConsumedCapacity...)
	}
	return out, err
}

// BatchGetItem counts the items returned.
func (m *Meter) BatchGetItem(ctx context.Context, in *dynamodb.BatchGetItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.BatchGetItemOutput, error) {
	in.ReturnConsumedCapacity = types.ReturnConsumedCapacityTotal
	out, err := m.DB.BatchGetItem(ctx, in, opts...)
	if err == nil {
		n := 0
		for _, items := range out.Responses {
			n += len(items)
		}
		m.add(n, 0, out.ConsumedCapacity...)
	}
	return out, err
}

// TransactWriteItems counts every action as an item written.
func (m *Meter) TransactWriteItems(ctx context.Context, in *dynamodb.TransactWriteItemsInput, opts ...func(*dynamodb.Options)) (*dynamodb.TransactWriteItemsOutput, error) {
	in.ReturnConsumedCapacity = types.ReturnConsumedCapacityTotal
	out, err := m.DB.TransactWriteItems(ctx, in, opts...)
	if err == nil {
		m.add(0, len(in.TransactItems), out.ConsumedCapacity...)
	}
	return out, err
}
