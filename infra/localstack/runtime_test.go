package localstack

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
)

// The test binary doubles as a function instance: with ZHDOC_FAKE_RUNTIME
// set it runs a minimal Runtime API client instead of the tests. Per
// payload: "crash" exits mid-invocation, "hang" never answers, an SQS batch
// reports the messages whose body contains "bad" as failed, anything else
// is echoed.
func TestMain(m *testing.M) {
	if os.Getenv("ZHDOC_FAKE_RUNTIME") != "" {
		fakeRuntime()
		return
	}
	os.Exit(m.Run())
}

func fakeRuntime() {
	api := "http://" + os.Getenv("AWS_LAMBDA_RUNTIME_API") + "/2018-06-01/runtime/invocation/"
	for {
		res, err := http.Get(api + "next")
		if err != nil {
			os.Exit(3)
		}
		payload, _ := io.ReadAll(res.Body)
		res.Body.Close()
		id := res.Header.Get("Lambda-Runtime-Aws-Request-Id")
		out := payload
		switch {
		case bytes.Contains(payload, []byte("crash")):
			os.Exit(2)
		case bytes.Contains(payload, []byte("hang")):
			time.Sleep(time.Hour)
		case bytes.Contains(payload, []byte(`"aws:sqs"`)):
			var ev events.SQSEvent
			_ = json.Unmarshal(payload, &ev)
			resp := events.SQSEventResponse{BatchItemFailures: []events.SQSBatchItemFailure{}}
			for _, m := range ev.Records {
				if strings.Contains(m.Body, "bad") {
					resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: m.MessageId})
				}
			}
			out, _ = json.Marshal(resp)
		}
		r, err := http.Post(api+id+"/response", "application/json", bytes.NewReader(out))
		if err != nil {
			os.Exit(3)
		}
		r.Body.Close()
	}
}

func startFake(t *testing.T, timeout, instances int) *Function {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	spec := FunctionSpec{Name: "Fake", Timeout: timeout, Memory: 128, Env: map[string]string{"ZHDOC_FAKE_RUNTIME": "1"}}
	fn, err := StartFunction(spec, self, nil, instances, io.Discard, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(fn.Close)
	select {
	case <-fn.Ready():
	case <-time.After(30 * time.Second):
		t.Fatal("fake instance did not start")
	}
	return fn
}

// A crashed instance's invocation fails at once with Runtime.ExitError (the
// function's timeout is 60 s), the instance is replaced, and the next
// invocation succeeds; a hung one is failed at the timeout and its instance
// killed and replaced.
func TestRuntimeReportsCrashes(t *testing.T) {
	fn := startFake(t, 60, 1)
	pid := fn.Pids()[0]
	began := time.Now()
	_, err := fn.Invoke(context.Background(), []byte(`"crash"`))
	var fe *FunctionError
	if !errors.As(err, &fe) || fe.Type != "Runtime.ExitError" {
		t.Fatalf("crash: %v, want Runtime.ExitError", err)
	}
	if d := time.Since(began); d > 10*time.Second {
		t.Errorf("crash reported after %s", d)
	}
	if fn.Crashes() != 1 {
		t.Errorf("crashes %d", fn.Crashes())
	}
	out, err := fn.Invoke(context.Background(), []byte(`"hello"`))
	if err != nil || string(out) != `"hello"` {
		t.Fatalf("after the crash: %q %v", out, err)
	}
	if fn.Pids()[0] == pid {
		t.Error("the crashed instance was not replaced")
	}
}

func TestRuntimeKillsTimedOutInstance(t *testing.T) {
	fn := startFake(t, 1, 1)
	fn.grace = 200 * time.Millisecond
	pid := fn.Pids()[0]
	if _, err := fn.Invoke(context.Background(), []byte(`"hang"`)); err == nil || !strings.Contains(err.Error(), "timed out") {
		t.Fatalf("hang: %v", err)
	}
	out, err := fn.Invoke(context.Background(), []byte(`"after"`))
	if err != nil || string(out) != `"after"` {
		t.Fatalf("after the timeout: %q %v", out, err)
	}
	if fn.Pids()[0] == pid {
		t.Error("the timed-out instance was not replaced")
	}
}

// The local queue: good messages are deleted after one receive, a message
// the function reports failed comes back after the visibility timeout and
// is parked after maxReceiveCount receives; the dead-letter folder holds
// the parked body.
func TestSQSQueue(t *testing.T) {
	fn := startFake(t, 60, 2)
	dlq, err := newDeadLetters(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	q := newSQSQueue(fn, dlq, QueueSpec{MaxReceiveCount: 3, BatchSize: 4}, 200*time.Millisecond, 2, slog.New(slog.DiscardHandler))
	defer q.close()
	for i := 0; i < 10; i++ {
		q.add([]byte(fmt.Sprintf(`{"n":%d}`, i)))
	}
	q.add([]byte(`{"bad":1}`))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := q.idle(ctx); err != nil {
		t.Fatal(err)
	}
	c := q.counts()
	parked, err := dlq.list()
	if err != nil {
		t.Fatal(err)
	}
	if c.Events != 11 || c.Parked != 1 || len(parked) != 1 || string(parked[0]) != `{"bad":1}` {
		t.Errorf("counts %+v, parked %q", c, parked)
	}
	if c.Retried != 2 { // received three times
		t.Errorf("retried %d, want 2", c.Retried)
	}
}
