// Package emf writes CloudWatch Embedded Metric Format: one JSON object per
// log line that CloudWatch Logs turns into metrics, so a Lambda function
// publishes metrics by printing, without API calls or an agent.
// (No maintained Go library for it is served; the format is small.)
//
// Specification: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
package emf

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"sync"
	"time"
)

// Units used here (the specification lists more).
const (
	Count        = "Count"
	Bytes        = "Bytes"
	Milliseconds = "Milliseconds"
)

// Limits of the specification.
const (
	maxDimensions = 30
	maxMetrics    = 100
)

// Metric is one value.
type Metric struct {
	Name  string
	Unit  string
	Value float64
}

// Set is metrics published under one dimension set: the names of the
// dimensions, whose values are properties of the line.
type Set struct {
	Dimensions []string
	Metrics    []Metric
}

// Writer writes lines to W, one Write per line so that concurrent
// invocations never interleave; safe for concurrent use.
type Writer struct {
	Namespace string
	// Properties go on every line (the function name, say).
	Properties map[string]string

	mu sync.Mutex
	w  io.Writer
}

// New returns a writer to w.
func New(w io.Writer, namespace string, props map[string]string) *Writer {
	return &Writer{Namespace: namespace, Properties: props, w: w}
}

// Emit writes one line with the metric sets and properties (dimension
// values and context such as a request id, which are searchable in the log
// but not metrics). A nil writer emits nothing.
func (w *Writer) Emit(ts time.Time, props map[string]any, sets ...Set) error {
	if w == nil {
		return nil
	}
	all := make(map[string]any, len(props)+len(w.Properties))
	for k, v := range w.Properties {
		all[k] = v
	}
	maps.Copy(all, props)
	line, err := Line(w.Namespace, ts, all, sets...)
	if err != nil {
		return err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	_, err = w.w.Write(line)
	return err
}

type directive struct {
	Namespace  string       `json:"Namespace"`
	Dimensions [][]string   `json:"Dimensions"`
	Metrics    []definition `json:"Metrics"`
}

type definition struct {
	Name string `json:"Name"`
	Unit string `json:"Unit,omitempty"`
}

// Line builds one EMF line (ending in a newline). Every dimension must be
// a property with a string value, and a metric name may not also be a
// property or appear twice: CloudWatch drops such lines, so they are errors
// here.
func Line(namespace string, ts time.Time, props map[string]any, sets ...Set) ([]byte, error) {
	if namespace == "" {
		return nil, errors.New("emf: empty namespace")
	}
	out := make(map[string]any, len(props)+8)
	for k, v := range props {
		if k == "_aws" {
			return nil, errors.New("emf: _aws is reserved")
		}
		out[k] = v
	}
	dirs := make([]directive, 0, len(sets))
	seen := map[string]bool{}
	for _, s := range sets {
		if len(s.Dimensions) > maxDimensions {
			return nil, fmt.Errorf("emf: %d dimensions, at most %d", len(s.Dimensions), maxDimensions)
		}
		if len(s.Metrics) == 0 || len(s.Metrics) > maxMetrics {
			return nil, fmt.Errorf("emf: %d metrics in a set, 1 to %d", len(s.Metrics), maxMetrics)
		}
		for _, d := range s.Dimensions {
			if _, ok := props[d].(string); !ok {
				return nil, fmt.Errorf("emf: dimension %q is not a string property", d)
			}
		}
		defs := make([]definition, len(s.Metrics))
		for i, m := range s.Metrics {
			if m.Name == "" || seen[m.Name] {
				return nil, fmt.Errorf("emf: metric name %q empty or repeated", m.Name)
			}
			if _, ok := props[m.Name]; ok {
				return nil, fmt.Errorf("emf: metric %q is also a property", m.Name)
			}
			seen[m.Name] = true
			defs[i] = definition{Name: m.Name, Unit: m.Unit}
			out[m.Name] = m.Value
		}
		dirs = append(dirs, directive{Namespace: namespace, Dimensions: [][]string{slices.Clone(s.Dimensions)}, Metrics: defs})
	}
	out["_aws"] = map[string]any{"Timestamp": ts.UnixMilli(), "CloudWatchMetrics": dirs}
	b, err := json.Marshal(out)
	if err != nil {
		return nil, fmt.Errorf("emf: %w", err)
	}
	return append(b, '\n'), nil
}
