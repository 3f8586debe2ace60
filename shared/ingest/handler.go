package ingest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/aws/aws-lambda-go/events"
)

// ErrUnknownEvent is returned for a payload of no known event source.
var ErrUnknownEvent = errors.New("unrecognised event payload")

// Source names an event source Handle recognises.
type Source string

// Event sources.
const (
	SourceS3          Source = "s3"          // S3 (or MinIO) notification, direct
	SourceSQS         Source = "sqs"         // S3 notifications through SQS
	SourceEventBridge Source = "eventbridge" // S3 events through EventBridge
	SourceBatchV1     Source = "batch-1.0"   // S3 Batch Operations, schema 1.0
	SourceBatchV2     Source = "batch-2.0"   // S3 Batch Operations, schema 2.0
)

// probe holds the fields that tell the sources apart.
type probe struct {
	Records []struct {
		EventSource string `json:"eventSource"`
	} `json:"Records"`
	DetailType              string          `json:"detail-type"`
	Source                  string          `json:"source"`
	Detail                  json.RawMessage `json:"detail"`
	InvocationSchemaVersion string          `json:"invocationSchemaVersion"`
	Tasks                   json.RawMessage `json:"tasks"`
}

// Detect names the event source of a payload.
func Detect(raw []byte) (Source, error) {
	var pr probe
	if err := json.Unmarshal(raw, &pr); err != nil {
		return "", fmt.Errorf("%w: %v", ErrUnknownEvent, err)
	}
	switch {
	case len(pr.Records) > 0:
		switch src := pr.Records[0].EventSource; src {
		case "aws:sqs":
			return SourceSQS, nil
		case "aws:s3", "minio:s3":
			return SourceS3, nil
		default:
			return "", fmt.Errorf("%w: records from %q", ErrUnknownEvent, src)
		}
	case pr.DetailType != "" && pr.Source != "" && len(pr.Detail) > 0:
		return SourceEventBridge, nil
	case pr.InvocationSchemaVersion != "" && len(pr.Tasks) > 0:
		switch pr.InvocationSchemaVersion {
		case "1.0":
			return SourceBatchV1, nil
		case "2.0":
			return SourceBatchV2, nil
		}
		return "", fmt.Errorf("%w: batch invocation schema %q", ErrUnknownEvent, pr.InvocationSchemaVersion)
	}
	return "", ErrUnknownEvent
}

// Handle is the Lambda handler: it detects the event source from the raw
// payload and answers as that source expects (nothing for S3 and
// EventBridge, batch item failures for SQS, per-task results for Batch
// Operations).
func (p *Processor) Handle(ctx context.Context, raw json.RawMessage) (any, error) {
	src, err := Detect(raw)
	if err != nil {
		p.Log.Error("unrecognised event", "error", err.Error(), "bytes", len(raw))
		return nil, err
	}
	decode := func(v any) error {
		if err := json.Unmarshal(raw, v); err != nil {
			return fmt.Errorf("decode %s event: %w", src, err)
		}
		return nil
	}
	switch src {
	case SourceSQS:
		var ev events.SQSEvent
		if err := decode(&ev); err != nil {
			return nil, err
		}
		return p.HandleSQSEvent(ctx, ev)
	case SourceEventBridge:
		var ev events.CloudWatchEvent
		if err := decode(&ev); err != nil {
			return nil, err
		}
		return nil, p.HandleEventBridgeEvent(ctx, ev)
	case SourceBatchV1:
		var ev events.S3BatchJobEvent
		if err := decode(&ev); err != nil {
			return nil, err
		}
		return p.HandleBatchV1(ctx, ev), nil
	case SourceBatchV2:
		var ev events.S3BatchJobEventV2
		if err := decode(&ev); err != nil {
			return nil, err
		}
		return p.HandleBatchV2(ctx, ev), nil
	default:
		var ev events.S3Event
		if err := decode(&ev); err != nil {
			return nil, err
		}
		return nil, p.HandleS3Event(ctx, ev)
	}
}
