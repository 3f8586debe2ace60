// Package ingest is the processor's logic: it turns S3 notifications into
// document records and derived texts, and removes them when objects go away.
package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/aws/aws-lambda-go/events"

	"github.com/zhdoc/zhdoc/shared/doc"
	"github.com/zhdoc/zhdoc/shared/index"
	"github.com/zhdoc/zhdoc/shared/pipeline"
)

// Records is the subset of the document store the processor uses. It is
// declared here, not in doc, because writing takes index entries and index
// depends on doc.
type Records interface {
	Put(ctx context.Context, d doc.Document, e index.Entries) error
	Delete(ctx context.Context, id string) error
}

// Processor handles S3 events.
type Processor struct {
	Objects  doc.Objects
	Records  Records
	Pipeline *pipeline.Pipeline
	// TextPrefix is where derived texts go, e.g. "derived/". It must lie
	// outside the upload prefix so derived files never trigger the function.
	TextPrefix string
	// UploadPrefix, when set, is the only prefix processed: a notification
	// for any other key (a misconfigured trigger) is logged and ignored, so
	// derived texts can never feed back into the function.
	UploadPrefix string
	Log          *slog.Logger
}

// HandleS3Event processes every record of the event. Records that fail
// permanently are stored as failed documents; only retryable failures (S3 or
// DynamoDB unavailable) are returned so Lambda retries the event. Processing
// is idempotent, so a retried event rewrites the same items.
func (p *Processor) HandleS3Event(ctx context.Context, ev events.S3Event) error {
	var errs []error
	for _, r := range ev.Records {
		key := r.S3.Object.URLDecodedKey
		if key == "" {
			key = r.S3.Object.Key
		}
		bucket := r.S3.Bucket.Name
		name := EventName(r.EventName)
		log := p.Log.With("bucket", bucket, "key", key, "event", name)
		if p.UploadPrefix != "" && !strings.HasPrefix(key, p.UploadPrefix) {
			log.Warn("ignoring a key outside the upload prefix", "prefix", p.UploadPrefix)
			continue
		}
		var err error
		switch {
		case strings.HasPrefix(name, "ObjectCreated:"):
			err = p.process(ctx, bucket, key, r.S3.Object.ETag)
		case strings.HasPrefix(name, "ObjectRemoved:"):
			err = p.remove(ctx, bucket, key)
		default:
			log.Warn("ignoring event")
			continue
		}
		if err != nil {
			log.Error("record failed", "error", err.Error())
			errs = append(errs, err)
			continue
		}
		log.Info("record done", "id", doc.ID(bucket, key))
	}
	return errors.Join(errs...)
}

// EventName strips the "s3:" prefix that MinIO (and S3's own configuration
// syntax) puts on event names, so both sources read "ObjectCreated:Put".
func EventName(name string) string { return strings.TrimPrefix(name, "s3:") }

func (p *Processor) process(ctx context.Context, bucket, key, etag string) error {
	obj, err := p.Objects.Get(ctx, bucket, key)
	if err != nil {
		if errors.Is(err, doc.ErrNotFound) {
			// Deleted before we got to it: the removal event cleans up.
			p.Log.Warn("object vanished before processing", "bucket", bucket, "key", key)
			return nil
		}
		return fmt.Errorf("get s3://%s/%s: %w", bucket, key, err)
	}
	defer obj.Body.Close()
	if obj.ETag != "" {
		etag = obj.ETag
	}
	src := pipeline.Source{Bucket: bucket, Key: key, ETag: etag, Size: obj.Size}

	// Read one byte past the limit so the pipeline sees that it is exceeded.
	body, err := io.ReadAll(io.LimitReader(obj.Body, p.Pipeline.MaxBytes+1))
	if err != nil {
		return fmt.Errorf("read s3://%s/%s: %w", bucket, key, err)
	}
	res := p.Pipeline.Process(src, body)
	d := res.Doc

	if d.Status == doc.StatusProcessed {
		d.TextKey = doc.TextKey(p.TextPrefix, d.ID, doc.FormNormalized)
		if err := p.putText(ctx, bucket, d.TextKey, res.Normalized); err != nil {
			return err
		}
		if err := p.putText(ctx, bucket, doc.TextKey(p.TextPrefix, d.ID, doc.FormSimplified), res.Simplified); err != nil {
			return err
		}
	}
	err = p.Records.Put(ctx, d, res.Index)
	if errors.Is(err, doc.ErrRefused) {
		// DynamoDB refused the record itself (too large, say): retrying
		// cannot help, so keep a failed record that says why.
		p.Log.Error("record refused; storing it as failed", "bucket", bucket, "key", key, "error", err.Error())
		f := res.Doc
		f.Fail(doc.CodeRecordRefused, err.Error())
		f.Repairs, f.People, f.Places, f.Organizations, f.Keywords, f.Dates = doc.Repairs{}, nil, nil, nil, nil, nil
		return p.Records.Put(ctx, f, index.Entries{Facets: index.Facets(f)})
	}
	return err
}

func (p *Processor) putText(ctx context.Context, bucket, key, text string) error {
	if err := p.Objects.PutText(ctx, bucket, key, text); err != nil {
		return fmt.Errorf("put s3://%s/%s: %w", bucket, key, err)
	}
	return nil
}

func (p *Processor) remove(ctx context.Context, bucket, key string) error {
	// Events may arrive out of order: if the key holds an object again (a
	// re-upload whose creation was handled first), its record stays.
	exists, err := p.Objects.Exists(ctx, bucket, key)
	if err != nil {
		return fmt.Errorf("head s3://%s/%s: %w", bucket, key, err)
	}
	if exists {
		p.Log.Info("object exists again; keeping its record", "bucket", bucket, "key", key)
		return nil
	}
	id := doc.ID(bucket, key)
	for _, form := range []string{doc.FormNormalized, doc.FormSimplified} {
		k := doc.TextKey(p.TextPrefix, id, form)
		if err := p.Objects.Delete(ctx, bucket, k); err != nil {
			return fmt.Errorf("delete s3://%s/%s: %w", bucket, k, err)
		}
	}
	return p.Records.Delete(ctx, id)
}
