package ingest

import (
	"context"
	"errors"
	"strings"

	"github.com/aws/aws-lambda-go/events"
)

// EventName strips the "s3:" prefix that MinIO (and S3's own configuration
// syntax) puts on event names, so both sources read "ObjectCreated:Put".
func EventName(name string) string { return strings.TrimPrefix(name, "s3:") }

// s3Change reads one S3 notification record; ok is false for event types
// the processor does not act on (restores, tagging, …).
func s3Change(r events.S3EventRecord) (c Change, ok bool) {
	key := r.S3.Object.URLDecodedKey
	if key == "" {
		key = r.S3.Object.Key
	}
	c = Change{
		Bucket: r.S3.Bucket.Name, Key: key, ETag: r.S3.Object.ETag,
		VersionID: r.S3.Object.VersionID, Sequencer: r.S3.Object.Sequencer,
	}
	name := EventName(r.EventName)
	switch {
	case strings.HasPrefix(name, "ObjectCreated:"):
		return c, true
	case strings.HasPrefix(name, "ObjectRemoved:"):
		c.Removed = true
		return c, true
	}
	return c, false
}

// HandleS3Event processes every record of an S3 notification (delivered
// directly, or the body of an SQS message). Records that fail permanently
// are stored as failed documents; only retryable failures (S3 or DynamoDB
// unavailable) are returned so the event is retried. Processing is
// idempotent, so a retried event rewrites the same items.
func (p *Processor) HandleS3Event(ctx context.Context, ev events.S3Event) error {
	var errs []error
	for _, r := range ev.Records {
		c, ok := s3Change(r)
		if !ok {
			p.Log.Warn("ignoring event", "event", r.EventName, "bucket", c.Bucket, "key", c.Key)
			continue
		}
		if _, err := p.Apply(ctx, c); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
