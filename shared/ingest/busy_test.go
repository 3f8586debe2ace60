package ingest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"testing"

	"github.com/zhdoc/zhdoc/shared/doc"
	"github.com/zhdoc/zhdoc/shared/doc/doctest"
	"github.com/zhdoc/zhdoc/shared/emf"
	"github.com/zhdoc/zhdoc/shared/index"
	"github.com/zhdoc/zhdoc/shared/pipeline"
	"github.com/zhdoc/zhdoc/shared/store/memstore"
)

// busyRecords is a store whose document is held by another writer.
type busyRecords struct{ *memstore.Store }

func (busyRecords) Put(context.Context, doc.Document, index.Entries) error {
	return fmt.Errorf("document x: %w", doc.ErrBusy)
}

// A change that finds its document claimed by another writer is retried
// (the error goes back to the event source) and logged as a warning with
// its own outcome, so an error alarm does not fire on contention.
func TestBusyDocument(t *testing.T) {
	p, err := pipeline.New()
	if err != nil {
		t.Fatal(err)
	}
	objs := doctest.NewObjects()
	objs.Add("b", "incoming/a.txt", []byte("国家主席出席上海合作组织峰会。"))
	var logs, metrics bytes.Buffer
	proc := &Processor{Objects: objs, Records: busyRecords{memstore.New(nil)}, Pipeline: p, TextPrefix: "derived/", UploadPrefix: "incoming/",
		Log: slog.New(slog.NewJSONHandler(&logs, nil)), Metrics: emf.New(&metrics, "zhdoc", map[string]string{"Function": "processor"})}
	if _, err := proc.Apply(context.Background(), Change{Bucket: "b", Key: "incoming/a.txt"}); !errors.Is(err, doc.ErrBusy) {
		t.Fatalf("Apply: %v, want ErrBusy back for a retry", err)
	}
	var levels []string
	for _, l := range bytes.Split(bytes.TrimSpace(logs.Bytes()), []byte("\n")) {
		var v struct{ Level, Msg string }
		if err := json.Unmarshal(l, &v); err != nil {
			t.Fatalf("not JSON: %q", l)
		}
		levels = append(levels, v.Level+" "+v.Msg)
	}
	if len(levels) != 1 || levels[0] != "WARN document busy; change retried" {
		t.Errorf("log lines %q", levels)
	}
	var m struct{ Outcome string }
	if err := json.Unmarshal(bytes.TrimSpace(metrics.Bytes()), &m); err != nil || m.Outcome != "busy" {
		t.Errorf("EMF outcome %q (%v), want busy", m.Outcome, err)
	}
}
