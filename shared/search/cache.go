package search

import (
	"context"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/zhdoc/zhdoc/shared/doc"
)

// Cache keeps posting lists and corpus counters in memory for a short time.
// A warm query function then answers popular terms without reading their
// postings again. An entry past its TTL but younger than twice the TTL is
// still served while one background read refreshes it, so expiry does not
// stall requests; new documents become searchable within about 2×TTL.
// Entries are bounded by their total number of rows.
type Cache struct {
	src     Postings
	ttl     time.Duration
	maxRows int
	now     func() time.Time

	mu     sync.Mutex
	lists  map[cacheKey]*cacheEntry
	rows   int
	corpus *cacheEntry
}

type cacheKey struct {
	term string
	pos  bool
}

type cacheEntry struct {
	rows       []doc.PostingRow
	cut        bool
	corpus     doc.Corpus
	expires    time.Time
	refreshing bool
}

// NewCache wraps src; ttl 0 disables caching.
func NewCache(src Postings, ttl time.Duration, maxRows int) *Cache {
	return &Cache{src: src, ttl: ttl, maxRows: maxRows, now: time.Now, lists: map[cacheKey]*cacheEntry{}}
}

// Postings returns the cached list when fresh, else reads and caches it.
func (c *Cache) Postings(ctx context.Context, term string, max int, withPositions bool) ([]doc.PostingRow, bool, error) {
	if c.ttl <= 0 {
		return c.src.Postings(ctx, term, max, withPositions)
	}
	k := cacheKey{term, withPositions}
	now := c.now()
	c.mu.Lock()
	// An entry serves a read of the top max postings when it holds that
	// many or the whole list.
	if e, ok := c.lists[k]; ok && (len(e.rows) >= max || !e.cut) {
		rows, cut := e.rows, e.cut
		if len(rows) > max {
			rows, cut = rows[:max], true
		}
		if now.Before(e.expires) {
			c.mu.Unlock()
			return rows, cut, nil
		}
		if now.Before(e.expires.Add(c.ttl)) {
			if !e.refreshing {
				e.refreshing = true
				go c.refresh(k, len(e.rows))
			}
			c.mu.Unlock()
			return rows, cut, nil
		}
	}
	c.mu.Unlock()
	rows, cut, err := c.src.Postings(ctx, term, max, withPositions)
	if err != nil {
		return nil, false, err
	}
	c.store(k, rows, cut, now)
	return rows, cut, nil
}

// refresh re-reads one list in the background; on failure the stale entry
// simply ages out.
func (c *Cache) refresh(k cacheKey, max int) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	rows, cut, err := c.src.Postings(ctx, k.term, max, k.pos)
	if err != nil {
		c.mu.Lock()
		if e, ok := c.lists[k]; ok {
			e.refreshing = false
		}
		c.mu.Unlock()
		return
	}
	c.store(k, rows, cut, c.now())
}

func (c *Cache) store(k cacheKey, rows []doc.PostingRow, cut bool, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.lists[k]; ok {
		c.rows -= len(old.rows)
	}
	if c.rows+len(rows) > c.maxRows {
		c.evict(now)
	}
	if c.rows+len(rows) <= c.maxRows {
		// Jittered, so lists read together do not all refresh together.
		jitter := time.Duration(rand.Int64N(int64(c.ttl)/2+1)) - c.ttl/4
		c.lists[k] = &cacheEntry{rows: rows, cut: cut, expires: now.Add(c.ttl + jitter)}
		c.rows += len(rows)
	} else {
		delete(c.lists, k)
	}
}

// evict drops expired entries, then everything if still too full: simple,
// and a full cache of fresh entries is rare with a short TTL.
func (c *Cache) evict(now time.Time) {
	for k, e := range c.lists {
		if !now.Before(e.expires) {
			c.rows -= len(e.rows)
			delete(c.lists, k)
		}
	}
	if c.rows > c.maxRows/2 {
		// Also drops entries being refreshed; their refresh re-adds them.
		c.lists, c.rows = map[cacheKey]*cacheEntry{}, 0
	}
}

// Lookup reads through to the source: random accesses are for documents
// seen in a list, different for every query.
func (c *Cache) Lookup(ctx context.Context, keys []doc.PostingKey, withPositions bool) (map[doc.PostingKey]doc.PostingRow, error) {
	return c.src.Lookup(ctx, keys, withPositions)
}

// CorpusStats caches the counters like postings.
func (c *Cache) CorpusStats(ctx context.Context) (doc.Corpus, error) {
	if c.ttl <= 0 {
		return c.src.CorpusStats(ctx)
	}
	now := c.now()
	c.mu.Lock()
	if e := c.corpus; e != nil && now.Before(e.expires) {
		c.mu.Unlock()
		return e.corpus, nil
	}
	c.mu.Unlock()
	v, err := c.src.CorpusStats(ctx)
	if err != nil {
		return v, err
	}
	c.mu.Lock()
	c.corpus = &cacheEntry{corpus: v, expires: now.Add(c.ttl)}
	c.mu.Unlock()
	return v, nil
}

// PostingDetails is not cached: it is small and page-specific.
func (c *Cache) PostingDetails(ctx context.Context, keys []doc.PostingKey) (map[doc.PostingKey]doc.PostingRow, error) {
	return c.src.PostingDetails(ctx, keys)
}
