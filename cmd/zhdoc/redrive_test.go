package main

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// redrive posts every parked event, oldest first, removes what the endpoint
// accepted and keeps what it refused.
func TestRedrive(t *testing.T) {
	cases := []struct {
		name     string
		refuse   string // body the endpoint answers 503 to
		wantCode int
		wantLeft []string
		wantSent []string
	}{
		{"all accepted", "", 0, nil, []string{`{"n":1}`, `{"n":2}`, `{"n":3}`}},
		{"one refused", `{"n":2}`, 1, []string{"2-0002.json"}, []string{`{"n":1}`, `{"n":3}`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			// Written out of order: names (times parked) give the order.
			for _, f := range []struct{ name, body string }{{"3-0003.json", `{"n":3}`}, {"1-0001.json", `{"n":1}`}, {"2-0002.json", `{"n":2}`}, {".4-0004.json.tmp", `{"n":4}`}} {
				if err := os.WriteFile(filepath.Join(dir, f.name), []byte(f.body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			var mu sync.Mutex
			var got []string
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				b, _ := io.ReadAll(r.Body)
				if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json" {
					t.Errorf("%s %s", r.Method, r.Header.Get("Content-Type"))
				}
				if string(b) == c.refuse {
					http.Error(w, "busy", http.StatusServiceUnavailable)
					return
				}
				mu.Lock()
				got = append(got, string(b))
				mu.Unlock()
			}))
			defer srv.Close()
			var out, errb bytes.Buffer
			code := dispatch([]string{"redrive", "--dir", dir, "--to", srv.URL + "/events"}, nil, &out, &errb)
			if code != c.wantCode {
				t.Errorf("exit %d, want %d; stderr %s", code, c.wantCode, errb.String())
			}
			if strings.Join(got, " ") != strings.Join(c.wantSent, " ") {
				t.Errorf("sent %q, want %q", got, c.wantSent)
			}
			left, _ := filepath.Glob(filepath.Join(dir, "*.json"))
			var names []string
			for _, l := range left {
				names = append(names, filepath.Base(l))
			}
			if strings.Join(names, " ") != strings.Join(c.wantLeft, " ") {
				t.Errorf("left parked %q, want %q", names, c.wantLeft)
			}
			if !strings.Contains(out.String(), "redriven ") {
				t.Errorf("no summary: %q", out.String())
			}
		})
	}
}

// Without a folder or endpoint (flags or the env file's variables) it is a
// usage error, and a dry run sends nothing.
func TestRedriveUsage(t *testing.T) {
	t.Setenv("ZHDOC_DEAD_LETTERS", "")
	t.Setenv("ZHDOC_EVENTS_URL", "")
	var out, errb bytes.Buffer
	if code := dispatch([]string{"redrive"}, nil, &out, &errb); code != 2 {
		t.Errorf("no folder: exit %d", code)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "1-0001.json"), []byte(`{}`), 0o644)
	t.Setenv("ZHDOC_DEAD_LETTERS", dir)
	out.Reset()
	if code := dispatch([]string{"redrive", "--dry-run"}, nil, &out, &errb); code != 0 || !strings.Contains(out.String(), "1 parked events") {
		t.Errorf("dry run: exit %d, %q", code, out.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "1-0001.json")); err != nil {
		t.Errorf("dry run removed the event: %v", err)
	}
}
