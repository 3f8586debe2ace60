package localstack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-lambda-go/events"
)

// Ingest modes, as template.yaml's IngestMode parameter names them.
const (
	IngestDirect = "direct" // S3 invokes the processor asynchronously
	IngestQueue  = "queue"  // S3 → SQS → the processor, in batches
)

// Counts are what the event path did, for fault runs to report.
type Counts struct {
	Events  int // notifications received from MinIO (or redriven)
	Retried int // invocations (direct) or messages (queue) delivered again
	Parked  int // events moved to the dead-letter folder
	Crashes int // invocations failed because their instance died
}

// deliverer is the path from MinIO's webhook to the processor: direct
// asynchronous invocations or the local SQS queue.
type deliverer interface {
	add(body []byte)
	idle(ctx context.Context) error
	close()
	counts() Counts
}

// deadLetters is the local dead-letter queue: one JSON file per parked event
// (the S3 notification as the processor would receive it directly), which
// `zhdoc redrive` posts back to the stack's event endpoint.
type deadLetters struct {
	dir string
	n   atomic.Int64
}

func newDeadLetters(dir string) (*deadLetters, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("dead-letter folder: %w", err)
	}
	return &deadLetters{dir: dir}, nil
}

// park writes body atomically (temp file, then rename), so a reader never
// sees half an event.
func (d *deadLetters) park(body []byte, reason string) error {
	name := fmt.Sprintf("%d-%04d.json", time.Now().UnixNano(), d.n.Add(1))
	tmp := filepath.Join(d.dir, "."+name+".tmp")
	if err := os.WriteFile(tmp, body, 0o644); err != nil {
		return fmt.Errorf("park event: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(d.dir, name)); err != nil {
		return fmt.Errorf("park event: %w", err)
	}
	return nil
}

// list reads the parked events, oldest first.
func (d *deadLetters) list() ([][]byte, error) {
	names, err := filepath.Glob(filepath.Join(d.dir, "*.json"))
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var out [][]byte
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			if errors.Is(err, os.ErrNotExist) { // redriven meanwhile
				continue
			}
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}

// sqsQueue is a local SQS queue between MinIO's webhook and the processor,
// with the template's semantics: a received message is invisible for the
// visibility timeout; the processor gets batches of up to batchSize SQS
// messages and reports failed ones (ReportBatchItemFailures), which come back
// after the timeout; a failed invocation (error, crash) returns the whole
// batch; a message failed maxReceive times is parked in the dead-letter
// folder.
type sqsQueue struct {
	fn         *Function
	log        *slog.Logger
	dlq        *deadLetters
	batchSize  int
	window     time.Duration
	visibility time.Duration
	maxReceive int

	mu      sync.Mutex
	msgs    map[string]*message
	seq     int
	stopped bool
	wg      sync.WaitGroup
	stats   Counts
}

type message struct {
	id        string
	body      []byte
	sent      time.Time
	receives  int
	visibleAt time.Time
	inFlight  bool
}

func newSQSQueue(fn *Function, dlq *deadLetters, q QueueSpec, visibility time.Duration, workers int, log *slog.Logger) *sqsQueue {
	s := &sqsQueue{fn: fn, log: log, dlq: dlq, batchSize: q.BatchSize, window: 100 * time.Millisecond,
		visibility: visibility, maxReceive: q.MaxReceiveCount, msgs: map[string]*message{}}
	for i := 0; i < workers; i++ {
		s.wg.Add(1)
		go s.poll()
	}
	return s
}

func (s *sqsQueue) add(body []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	id := fmt.Sprintf("00000000-0000-4000-8000-%012d", s.seq)
	s.msgs[id] = &message{id: id, body: append([]byte(nil), body...), sent: time.Now()}
	s.stats.Events++
}

// receive takes up to batchSize visible messages, waiting up to the
// batching window for a full batch once one message is there.
func (s *sqsQueue) receive() []*message {
	var first time.Time
	for {
		s.mu.Lock()
		if s.stopped {
			s.mu.Unlock()
			return nil
		}
		now := time.Now()
		var vis []*message
		for _, m := range s.msgs {
			if !m.inFlight && !now.Before(m.visibleAt) {
				vis = append(vis, m)
			}
		}
		if len(vis) > 0 && first.IsZero() {
			first = now
		}
		if len(vis) >= s.batchSize || (len(vis) > 0 && now.Sub(first) >= s.window) {
			sort.Slice(vis, func(i, j int) bool { return vis[i].id < vis[j].id })
			if len(vis) > s.batchSize {
				vis = vis[:s.batchSize]
			}
			for _, m := range vis {
				m.inFlight = true
				m.receives++
				if m.receives > 1 {
					s.stats.Retried++
				}
				m.visibleAt = now.Add(s.visibility)
			}
			s.mu.Unlock()
			return vis
		}
		s.mu.Unlock()
		time.Sleep(20 * time.Millisecond)
	}
}

func (s *sqsQueue) poll() {
	defer s.wg.Done()
	for {
		batch := s.receive()
		if batch == nil {
			return
		}
		ev := events.SQSEvent{Records: make([]events.SQSMessage, len(batch))}
		for i, m := range batch {
			ev.Records[i] = events.SQSMessage{
				MessageId: m.id, ReceiptHandle: m.id + "#" + strconv.Itoa(m.receives), Body: string(m.body),
				Attributes: map[string]string{
					"ApproximateReceiveCount":          strconv.Itoa(m.receives),
					"SentTimestamp":                    strconv.FormatInt(m.sent.UnixMilli(), 10),
					"ApproximateFirstReceiveTimestamp": strconv.FormatInt(time.Now().UnixMilli(), 10),
				},
				EventSource:    "aws:sqs",
				EventSourceARN: "arn:aws:sqs:us-east-1:000000000000:zhdoc-local-ingest",
				AWSRegion:      region,
			}
		}
		payload, _ := json.Marshal(ev)
		out, err := s.fn.Invoke(context.Background(), payload)
		failed := map[string]bool{}
		if err != nil {
			// The whole batch returns to the queue.
			s.log.Warn("processor batch failed", "messages", len(batch), "error", err.Error())
			for _, m := range batch {
				failed[m.id] = true
			}
		} else {
			var res events.SQSEventResponse
			if err := json.Unmarshal(out, &res); err != nil {
				s.log.Warn("processor batch response unreadable", "error", err.Error())
				for _, m := range batch {
					failed[m.id] = true
				}
			}
			for _, f := range res.BatchItemFailures {
				failed[f.ItemIdentifier] = true
			}
		}
		s.settle(batch, failed)
	}
}

// settle deletes the messages that succeeded and parks those failed for the
// last allowed time; the others become visible when their timeout ends.
func (s *sqsQueue) settle(batch []*message, failed map[string]bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, m := range batch {
		m.inFlight = false
		if !failed[m.id] {
			delete(s.msgs, m.id)
			continue
		}
		if m.receives >= s.maxReceive {
			if err := s.dlq.park(m.body, "maxReceiveCount"); err != nil {
				s.log.Error("could not park message; it stays in the queue", "error", err.Error())
				continue
			}
			s.stats.Parked++
			delete(s.msgs, m.id)
		}
	}
}

func (s *sqsQueue) idle(ctx context.Context) error {
	for {
		s.mu.Lock()
		n := len(s.msgs)
		s.mu.Unlock()
		if n == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%d messages still in the queue: %w", n, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func (s *sqsQueue) counts() Counts {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.stats
	c.Crashes = s.fn.Crashes()
	return c
}

func (s *sqsQueue) close() {
	s.mu.Lock()
	s.stopped = true
	s.mu.Unlock()
	s.wg.Wait()
}
