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
