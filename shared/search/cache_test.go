package search

import (
	"context"
	"testing"
	"time"

	"github.com/zhdoc/zhdoc/shared/doc"
)

type countingSource struct{ reads, stats int }

func (c *countingSource) Postings(_ context.Context, term string, _ int, _ bool) ([]doc.PostingRow, bool, error) {
	c.reads++
	return []doc.PostingRow{{ID: term + "1"}, {ID: term + "2"}}, false, nil
}

func (c *countingSource) Lookup(context.Context, []doc.PostingKey, bool) (map[doc.PostingKey]doc.PostingRow, error) {
	return nil, nil
}

func (c *countingSource) PostingDetails(context.Context, []doc.PostingKey) (map[doc.PostingKey]doc.PostingRow, error) {
	return nil, nil
}

func (c *countingSource) CorpusStats(context.Context) (doc.Corpus, error) {
	c.stats++
	return doc.Corpus{Docs: c.stats}, nil
}

func TestCacheExpiresAndBounds(t *testing.T) {
	src := &countingSource{}
	c := NewCache(src, 10*time.Second, 5)
	now := time.Unix(1000, 0)
	c.now = func() time.Time { return now }
	ctx := context.Background()
	for i := 0; i < 3; i++ {
		if rows, _, _ := c.Postings(ctx, "a", 100, false); len(rows) != 2 {
			t.Fatal("wrong rows")
		}
	}
	if src.reads != 1 {
		t.Fatalf("%d reads for three fresh lookups", src.reads)
	}
	c.Postings(ctx, "a", 100, true) // positions are another entry
	if src.reads != 2 {
		t.Fatalf("positions served from the list without them")
	}
	now = now.Add(26 * time.Second) // past 2×TTL (with jitter): read again, synchronously
	c.Postings(ctx, "a", 100, false)
	if src.reads != 3 {
		t.Fatal("entry older than 2×TTL served")
	}
	for _, term := range []string{"b", "c", "d", "e"} {
		c.Postings(ctx, term, 100, false)
	}
	if c.rows > 5 {
		t.Fatalf("cache holds %d rows, bound 5", c.rows)
	}
	s1, _ := c.CorpusStats(ctx)
	s2, _ := c.CorpusStats(ctx)
	if s1 != s2 || src.stats != 1 {
		t.Fatal("corpus counters not cached")
	}
	off := NewCache(src, 0, 5)
	off.Postings(ctx, "z", 100, false)
	off.Postings(ctx, "z", 100, false)
	if src.reads != 9 {
		t.Fatalf("ttl 0 still caches (%d reads)", src.reads)
	}
}

type blockingSource struct {
	countingSource
	release chan struct{}
	done    chan struct{}
}

func (b *blockingSource) Postings(ctx context.Context, term string, max int, pos bool) ([]doc.PostingRow, bool, error) {
	if b.reads > 0 {
		<-b.release
		defer close(b.done)
	}
	return b.countingSource.Postings(ctx, term, max, pos)
}

// Past its TTL an entry is served stale while one background read refreshes.
func TestCacheRefreshesInBackground(t *testing.T) {
	src := &blockingSource{release: make(chan struct{}), done: make(chan struct{})}
	c := NewCache(src, 10*time.Second, 100)
	now := time.Unix(1000, 0)
	c.now = func() time.Time { return now }
	ctx := context.Background()
	c.Postings(ctx, "a", 100, false)
	now = now.Add(13 * time.Second) // past the jittered TTL, within 2×TTL
	for i := 0; i < 3; i++ {
		if rows, _, _ := c.Postings(ctx, "a", 100, false); len(rows) != 2 {
			t.Fatal("stale entry not served")
		}
	}
	close(src.release)
	<-src.done
	if src.reads != 2 {
		t.Fatalf("%d reads: want one initial and one refresh", src.reads)
	}
}

// prefixSource has a long list and serves its top max rows.
type prefixSource struct {
	countingSource
	n int
}

func (p *prefixSource) Postings(_ context.Context, term string, max int, _ bool) ([]doc.PostingRow, bool, error) {
	p.reads++
	var rows []doc.PostingRow
	for i := 0; i < min(max, p.n); i++ {
		rows = append(rows, doc.PostingRow{ID: term, Impact: p.n - i})
	}
	return rows, max < p.n, nil
}

// A cached top serves shorter reads, not longer ones: a search that reads
// deeper must get the deeper rows, or it would never see past the first.
func TestCachePrefixes(t *testing.T) {
	src := &prefixSource{n: 10}
	c := NewCache(src, time.Minute, 100)
	for _, r := range []struct {
		max, rows, reads int
		cut              bool
	}{
		{4, 4, 1, true},
		{2, 2, 1, true}, // from the cached 4
		{8, 8, 2, true}, // deeper: read again
		{20, 10, 3, false},
		{50, 10, 3, false}, // the whole list is cached
		{5, 5, 3, true},
	} {
		rows, cut, err := c.Postings(context.Background(), "a", r.max, false)
		if err != nil || len(rows) != r.rows || cut != r.cut || src.reads != r.reads {
			t.Errorf("max %d: %d rows, cut %v, %d reads; want %d, %v, %d", r.max, len(rows), cut, src.reads, r.rows, r.cut, r.reads)
		}
	}
}
