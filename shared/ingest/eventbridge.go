package ingest

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/aws/aws-lambda-go/events"
)

// EventBridge detail types of S3 events the processor acts on.
const (
	DetailObjectCreated = "Object Created"
	DetailObjectDeleted = "Object Deleted"
)

// s3Detail is the detail of an S3 event delivered by EventBridge.
type s3Detail struct {
	Version string `json:"version"`
	Bucket  struct {
		Name string `json:"name"`
	} `json:"bucket"`
	Object struct {
		// Key is as stored, not URL-encoded as in S3 notifications.
		Key       string `json:"key"`
		Size      int64  `json:"size,omitempty"`
		ETag      string `json:"etag,omitempty"`
		VersionID string `json:"version-id,omitempty"`
		Sequencer string `json:"sequencer,omitempty"`
	} `json:"object"`
	RequestID       string `json:"request-id,omitempty"`
	Requester       string `json:"requester,omitempty"`
	SourceIPAddress string `json:"source-ip-address,omitempty"`
	Reason          string `json:"reason,omitempty"`
	// DeletionType is "Permanently Deleted" or "Delete Marker Created":
	// either way the key no longer reads as an object.
	DeletionType string `json:"deletion-type,omitempty"`
}

// HandleEventBridgeEvent processes one S3 "Object Created" or "Object
// Deleted" event from EventBridge. Other detail types are ignored. A
// retryable failure is returned, so EventBridge's invocation retries it.
func (p *Processor) HandleEventBridgeEvent(ctx context.Context, ev events.CloudWatchEvent) error {
	if ev.Source != "aws.s3" || (ev.DetailType != DetailObjectCreated && ev.DetailType != DetailObjectDeleted) {
		p.Log.Warn("ignoring EventBridge event", "source", ev.Source, "detailType", ev.DetailType, "id", ev.ID)
		return nil
	}
	var d s3Detail
	if err := json.Unmarshal(ev.Detail, &d); err != nil {
		return fmt.Errorf("EventBridge event %s: detail: %w", ev.ID, err)
	}
	c := Change{
		Bucket: d.Bucket.Name, Key: d.Object.Key, Removed: ev.DetailType == DetailObjectDeleted,
		ETag: d.Object.ETag, VersionID: d.Object.VersionID, Sequencer: d.Object.Sequencer,
	}
	if _, err := p.Apply(ctx, c); err != nil {
		return fmt.Errorf("EventBridge event %s: %w", ev.ID, err)
	}
	return nil
}
