package store

import (
	"context"
	"strings"
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
	// ModelWriteUnits is what AWS would charge for the writes, computed
	// from the items sent by its published rules, since DynamoDB Local's
	// reported units do not double transactions: 1 unit per started KB of
	// each item put, 1 per delete or counter update (small items), twice
	// that in a transaction, and once more (not doubled) for the gsi1 copy
	// (projection ALL) of an item that has a gsi1 key and the gsi2 copy of
	// a counter.
	ModelWriteUnits float64
	// BytesWritten is the size of the items put, by the same rules.
	BytesWritten int
}

// Sub returns u - v, the usage between two snapshots.
func (u Usage) Sub(v Usage) Usage {
	return Usage{u.Requests - v.Requests, u.ItemsRead - v.ItemsRead, u.ItemsWritten - v.ItemsWritten,
		u.ReadUnits - v.ReadUnits, u.WriteUnits - v.WriteUnits, u.ModelWriteUnits - v.ModelWriteUnits, u.BytesWritten - v.BytesWritten}
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

func (m *Meter) model(units float64, bytes int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.u.ModelWriteUnits += units
	m.u.BytesWritten += bytes
}

// ItemSize is an item's size as DynamoDB bills it: attribute names plus
// values (strings and binaries by length, numbers about a byte per two
// digits, lists and maps 3 bytes plus their elements).
func ItemSize(it map[string]types.AttributeValue) int {
	n := 0
	for name, v := range it {
		n += len(name) + valueSize(v)
	}
	return n
}

func valueSize(v types.AttributeValue) int {
	switch v := v.(type) {
	case *types.AttributeValueMemberS:
		return len(v.Value)
	case *types.AttributeValueMemberN:
		return (len(v.Value)+1)/2 + 1
	case *types.AttributeValueMemberB:
		return len(v.Value)
	case *types.AttributeValueMemberBOOL, *types.AttributeValueMemberNULL:
		return 1
	case *types.AttributeValueMemberSS:
		n := 0
		for _, s := range v.Value {
			n += len(s)
		}
		return n
	case *types.AttributeValueMemberNS:
		n := 0
		for _, s := range v.Value {
			n += (len(s)+1)/2 + 1
		}
		return n
	case *types.AttributeValueMemberL:
		n := 3
		for _, e := range v.Value {
			n += 1 + valueSize(e)
		}
		return n
	case *types.AttributeValueMemberM:
		n := 3
		for k, e := range v.Value {
			n += 1 + len(k) + valueSize(e)
		}
		return n
	}
	return 1
}

// putUnits are the write units of putting it: its KB, and again for its
// gsi1 copy.
func putUnits(it map[string]types.AttributeValue) (float64, int) {
	base, gsi, size := putParts(it)
	return base + gsi, size
}

// putParts splits an item's write units into the table's and gsi1's: a
// transaction doubles only the table's.
func putParts(it map[string]types.AttributeValue) (base, gsi float64, size int) {
	size = ItemSize(it)
	base = float64(max((size+1023)/1024, 1))
	if _, ok := it[AttrGSI1PK]; ok {
		gsi = base
	}
	return base, gsi, size
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
		m.model(putUnits(in.Item))
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
			done := len(reqs) - len(out.UnprocessedItems[t])
			// Unprocessed requests are a suffix in practice; close enough
			// for a cost model.
			for _, r := range reqs[:max(done, 0)] {
				if r.PutRequest != nil {
					m.model(putUnits(r.PutRequest.Item))
				} else {
					m.model(2, 0) // a deleted item and its gsi1 copy
				}
			}
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
		for _, it := range in.TransactItems {
			switch {
			case it.Put != nil:
				base, gsi, size := putParts(it.Put.Item)
				m.model(2*base+gsi, size)
			case it.Delete != nil:
				m.model(2+1, 0) // a small item and (assumed) its gsi1 copy
			case it.Update != nil:
				units := 2.0
				if pk, ok := it.Update.Key[AttrPK].(*types.AttributeValueMemberS); ok && strings.HasPrefix(pk.Value, pkFacetPrefix) {
					units++ // the counter's gsi2 copy (not doubled)
				}
				m.model(units, 0)
			}
		}
	}
	return out, err
}
