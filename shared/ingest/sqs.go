package ingest

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/aws/aws-lambda-go/events"
)

// HandleSQSEvent processes S3 notifications delivered through an SQS queue
// (the event source mapping has FunctionResponseTypes
// ReportBatchItemFailures). Each message is one S3 notification; a message
// that fails is reported by its id so that only it returns to the queue
// (and, after maxReceiveCount receives, to the dead-letter queue) while the
// rest of the batch is deleted. The returned error is always nil: an error
// would redeliver the whole batch.
func (p *Processor) HandleSQSEvent(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
	resp := events.SQSEventResponse{BatchItemFailures: []events.SQSBatchItemFailure{}}
	for _, m := range ev.Records {
		if err := p.sqsMessage(ctx, m); err != nil {
			p.Log.Error("message failed", "messageId", m.MessageId, "error", err.Error())
			resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: m.MessageId})
		}
	}
	return resp, nil
}

func (p *Processor) sqsMessage(ctx context.Context, m events.SQSMessage) error {
	var body struct {
		events.S3Event
		// S3 sends one test message when the notification is configured.
		Event string `json:"Event"`
	}
	if err := json.Unmarshal([]byte(m.Body), &body); err != nil {
		// Malformed: it fails until the redrive policy parks it in the DLQ,
		// where someone can look at it.
		return fmt.Errorf("message %s: body is not an S3 notification: %w", m.MessageId, err)
	}
	if body.Event == "s3:TestEvent" {
		p.Log.Info("ignoring S3 test event", "messageId", m.MessageId)
		return nil
	}
	if len(body.Records) == 0 {
		return fmt.Errorf("message %s: an S3 notification without records", m.MessageId)
	}
	if err := p.HandleS3Event(ctx, body.S3Event); err != nil {
		return fmt.Errorf("message %s: %w", m.MessageId, err)
	}
	return nil
}
