package store

import (
	"context"
	"testing"
	"time"
)

func TestLeaseUntil(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	tests := []struct {
		name     string
		deadline time.Duration // 0: none
		want     time.Duration
	}{
		{"no deadline: the fixed lease", 0, lockLease},
		{"a Lambda deadline: the writer's end plus the margin", 120 * time.Second, 120*time.Second + lockMargin},
		{"a short deadline", 3 * time.Second, 3*time.Second + lockMargin},
		{"a deadline past the lease: the lease", 10 * time.Minute, lockLease},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			if tt.deadline > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithDeadline(ctx, now.Add(tt.deadline))
				defer cancel()
			}
			if got := leaseUntil(ctx, now).Sub(now); got != tt.want {
				t.Errorf("lease %s, want %s", got, tt.want)
			}
		})
	}
}
