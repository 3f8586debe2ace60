package store

import (
	"context"
	"time"
)

// sleepBackoff waits before retrying unprocessed batch items (25 ms,
// doubling each attempt), or until ctx ends.
func sleepBackoff(ctx context.Context, attempt int) error {
	d := time.Duration(25<<attempt) * time.Millisecond
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
