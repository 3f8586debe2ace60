package emf

import (
	"bytes"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"
)

// A line as CloudWatch reads it: _aws with the timestamp and one directive
// per set, each dimension and metric a top-level member.
func TestLine(t *testing.T) {
	ts := time.UnixMilli(1733300000123)
	b, err := Line("zhdoc", ts, map[string]any{"Function": "processor", "Outcome": "processed", "requestId": "r-1"},
		Set{Dimensions: []string{"Function", "Outcome"}, Metrics: []Metric{{"Documents", Count, 1}}},
		Set{Dimensions: []string{"Function"}, Metrics: []Metric{{"Bytes", Bytes, 2048}, {"EndToEndLatency", Milliseconds, 12.5}}},
	)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasSuffix(b, []byte("\n")) || bytes.Count(b, []byte("\n")) != 1 {
		t.Fatalf("not one line: %q", b)
	}
	var got struct {
		AWS struct {
			Timestamp         int64
			CloudWatchMetrics []struct {
				Namespace  string
				Dimensions [][]string
				Metrics    []struct{ Name, Unit string }
			}
		} `json:"_aws"`
		Function, Outcome, RequestID string
		Documents, Bytes             float64
		EndToEndLatency              float64
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	d := got.AWS.CloudWatchMetrics
	switch {
	case got.AWS.Timestamp != 1733300000123:
		t.Errorf("timestamp %d", got.AWS.Timestamp)
	case len(d) != 2 || d[0].Namespace != "zhdoc" || strings.Join(d[0].Dimensions[0], ",") != "Function,Outcome":
		t.Errorf("directives %+v", d)
	case d[1].Metrics[1].Name != "EndToEndLatency" || d[1].Metrics[1].Unit != Milliseconds:
		t.Errorf("metrics %+v", d[1].Metrics)
	case got.Documents != 1 || got.Bytes != 2048 || got.EndToEndLatency != 12.5 || got.Outcome != "processed" || got.RequestID != "r-1":
		t.Errorf("members %+v", got)
	}
}

func TestLineRefusesWhatCloudWatchDrops(t *testing.T) {
	m := []Metric{{"Documents", Count, 1}}
	for name, tc := range map[string]struct {
		ns    string
		props map[string]any
		sets  []Set
	}{
		"no namespace":           {"", map[string]any{}, []Set{{Metrics: m}}},
		"missing dimension":      {"n", map[string]any{}, []Set{{Dimensions: []string{"Function"}, Metrics: m}}},
		"dimension not a string": {"n", map[string]any{"Function": 3}, []Set{{Dimensions: []string{"Function"}, Metrics: m}}},
		"repeated metric":        {"n", map[string]any{}, []Set{{Metrics: m}, {Metrics: m}}},
		"metric is a property":   {"n", map[string]any{"Documents": "x"}, []Set{{Metrics: m}}},
		"empty set":              {"n", map[string]any{}, []Set{{}}},
		"reserved _aws":          {"n", map[string]any{"_aws": 1}, []Set{{Metrics: m}}},
	} {
		if _, err := Line(tc.ns, time.Now(), tc.props, tc.sets...); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// Concurrent emits never interleave within a line; a nil writer is off.
func TestWriterConcurrent(t *testing.T) {
	var buf bytes.Buffer
	w := New(&buf, "zhdoc", map[string]string{"Function": "processor"})
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := w.Emit(time.Now(), map[string]any{"n": i}, Set{Dimensions: []string{"Function"}, Metrics: []Metric{{"Documents", Count, 1}}}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != 50 {
		t.Fatalf("%d lines", len(lines))
	}
	for _, l := range lines {
		if !json.Valid([]byte(l)) {
			t.Fatalf("interleaved: %q", l)
		}
	}
	var off *Writer
	if err := off.Emit(time.Now(), nil); err != nil {
		t.Fatal(err)
	}
}
