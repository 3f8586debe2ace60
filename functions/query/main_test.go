package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"

	"github.com/zhdoc/zhdoc/shared/analyze"
	"github.com/zhdoc/zhdoc/shared/api"
	"github.com/zhdoc/zhdoc/shared/doc"
	"github.com/zhdoc/zhdoc/shared/doc/doctest"
	"github.com/zhdoc/zhdoc/shared/store/memstore"
)

// TestEvents feeds every HTTP sample event in events/ through the Lambda
// handler exactly as the runtime would, so a sample that no longer matches the
// handler fails here.
func TestEvents(t *testing.T) {
	docs := memstore.New(nil)
	for _, d := range []doc.Document{
		{ID: "7e70cd5e937748f246a2", Title: "习近平出席上海合作组织峰会", Status: doc.StatusProcessed},
		{ID: "0c1f7186ace1af76bd28", Title: "另一篇", Status: doc.StatusProcessed},
		{ID: "d614aa68330714f4bb60", Title: "第三篇", Status: doc.StatusProcessed},
	} {
		doctest.Put(t, docs, d, 0, nil)
	}
	an, err := analyze.New()
	if err != nil {
		t.Fatal(err)
	}
	h := lambda.NewHandler(adapt(api.New(docs, api.Deps{Analyzer: an, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})))
	want := map[string]struct {
		status int
		body   string
	}{
		"http-get.json":     {200, `"title":"习近平出席上海合作组织峰会"`},
		"http-list.json":    {200, `"documents":[`},
		"http-missing.json": {404, `"status":404`},
		"http-healthz.json": {200, `"status":"ok"`},
	}
	files, _ := filepath.Glob("../../events/http-*.json")
	if len(files) != len(want) {
		t.Fatalf("events/http-*.json has %d files, the test knows %d: add the new sample here", len(files), len(want))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			w, ok := want[filepath.Base(f)]
			if !ok {
				t.Fatalf("no expectation for %s", f)
			}
			payload, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			out, err := h.Invoke(context.Background(), payload)
			if err != nil {
				t.Fatalf("invoke: %v", err)
			}
			var res events.APIGatewayV2HTTPResponse
			if err := json.Unmarshal(out, &res); err != nil {
				t.Fatalf("response is not an HTTP API response: %v", err)
			}
			if res.StatusCode != w.status || !strings.Contains(res.Body, w.body) {
				t.Fatalf("got %d %s, want %d containing %s", res.StatusCode, res.Body, w.status, w.body)
			}
			if res.StatusCode >= 400 && res.Headers["Content-Type"] != "application/problem+json" {
				t.Errorf("error content type %q", res.Headers["Content-Type"])
			}
			if filepath.Base(f) == "http-list.json" {
				var lr struct{ Documents []doc.Document }
				if err := json.Unmarshal([]byte(res.Body), &lr); err != nil || len(lr.Documents) != 2 {
					t.Errorf("limit=2 listing gave %d documents (%v)", len(lr.Documents), err)
				}
			}
		})
	}
}

// Every sample in events/ must be covered by one of the two handler tests:
// http-*.json by this one, every other .json by the processor's.
func TestEventsAreAllKnown(t *testing.T) {
	files, _ := filepath.Glob("../../events/*")
	if len(files) == 0 {
		t.Fatal("events/ is empty")
	}
	for _, f := range files {
		b := filepath.Base(f)
		if !strings.HasSuffix(b, ".json") {
			t.Errorf("%s is not a .json sample, so no test feeds it to a handler", b)
		}
		var v map[string]any
		raw, _ := os.ReadFile(f)
		if err := json.Unmarshal(raw, &v); err != nil {
			t.Errorf("%s: %v", b, err)
		}
	}
}
