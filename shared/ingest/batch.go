package ingest

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/aws/aws-lambda-go/events"
)

// Result codes of S3 Batch Operations tasks.
const (
	BatchSucceeded        = "Succeeded"
	BatchTemporaryFailure = "TemporaryFailure"
	BatchPermanentFailure = "PermanentFailure"
)

// batchTask is a task of either invocation schema: 1.0 names the bucket by
// ARN, 2.0 by name.
type batchTask struct {
	TaskID      string
	Key         string // URL-encoded, as Batch Operations sends it
	VersionID   string
	BucketARN   string
	Bucket      string
	Description string
}

// HandleBatchV1 processes S3 Batch Operations tasks of invocation schema 1.0.
func (p *Processor) HandleBatchV1(ctx context.Context, ev events.S3BatchJobEvent) events.S3BatchJobResponse {
	tasks := make([]batchTask, len(ev.Tasks))
	for i, t := range ev.Tasks {
		tasks[i] = batchTask{TaskID: t.TaskID, Key: t.S3Key, VersionID: t.S3VersionID, BucketARN: t.S3BucketARN}
	}
	return p.handleBatch(ctx, ev.InvocationSchemaVersion, ev.InvocationID, tasks)
}

// HandleBatchV2 processes S3 Batch Operations tasks of invocation schema 2.0.
func (p *Processor) HandleBatchV2(ctx context.Context, ev events.S3BatchJobEventV2) events.S3BatchJobResponse {
	tasks := make([]batchTask, len(ev.Tasks))
	for i, t := range ev.Tasks {
		tasks[i] = batchTask{TaskID: t.TaskID, Key: t.S3Key, VersionID: t.S3VersionID, Bucket: t.S3Bucket}
	}
	return p.handleBatch(ctx, ev.InvocationSchemaVersion, ev.InvocationID, tasks)
}

// handleBatch re-processes each task's object in its current state (a
// pipeline upgrade re-run over a bucket): a task succeeds when the object
// has a record again (processed or failed with a code), fails temporarily
// when S3 or DynamoDB was unavailable (Batch Operations retries it), and
// permanently when the task itself is wrong (no bucket, a key that does
// not decode, outside the upload prefix, or an object that is gone).
func (p *Processor) handleBatch(ctx context.Context, schema, invocation string, tasks []batchTask) events.S3BatchJobResponse {
	resp := events.S3BatchJobResponse{
		InvocationSchemaVersion: schema,
		TreatMissingKeysAs:      BatchPermanentFailure,
		InvocationID:            invocation,
		Results:                 make([]events.S3BatchJobResult, 0, len(tasks)),
	}
	for _, t := range tasks {
		code, msg := p.batchTask(ctx, t)
		resp.Results = append(resp.Results, events.S3BatchJobResult{TaskID: t.TaskID, ResultCode: code, ResultString: msg})
	}
	return resp
}

func (p *Processor) batchTask(ctx context.Context, t batchTask) (code, msg string) {
	bucket := t.Bucket
	if bucket == "" {
		_, name, ok := strings.Cut(t.BucketARN, ":::")
		if !ok || name == "" {
			return BatchPermanentFailure, fmt.Sprintf("task has no bucket (ARN %q)", t.BucketARN)
		}
		bucket = name
	}
	key, err := url.QueryUnescape(t.Key)
	if err != nil {
		return BatchPermanentFailure, fmt.Sprintf("key %q does not URL-decode: %v", t.Key, err)
	}
	out, err := p.Apply(ctx, Change{Bucket: bucket, Key: key, VersionID: t.VersionID})
	switch {
	case err != nil:
		return BatchTemporaryFailure, err.Error()
	case out == Ignored:
		return BatchPermanentFailure, fmt.Sprintf("s3://%s/%s is outside the upload prefix %q", bucket, key, p.UploadPrefix)
	case out == Vanished:
		return BatchPermanentFailure, fmt.Sprintf("s3://%s/%s does not exist", bucket, key)
	case out == Stale:
		return BatchSucceeded, "superseded by a later change"
	}
	return BatchSucceeded, "re-processed"
}
