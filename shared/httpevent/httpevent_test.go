package httpevent

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// A request survives the trip request → event → request, including an
// encoded Chinese path segment, a query string and a body.
func TestRoundTrip(t *testing.T) {
	in := httptest.NewRequest("POST", "/documents/%E4%B8%8A%E5%90%88%2F1?q=%E4%B8%8A%E5%90%88&limit=5", strings.NewReader("体"))
	in.Header.Set("X-Test", "a")
	ev, err := Event(in, "$default")
	if err != nil {
		t.Fatal(err)
	}
	if ev.RequestContext.HTTP.Method != "POST" || ev.QueryStringParameters["q"] != "上合" || ev.Headers["x-test"] != "a" {
		t.Fatalf("event: %+v", ev)
	}
	var seen *http.Request
	var body string
	res, err := Serve(context.Background(), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = r
		b, _ := io.ReadAll(r.Body)
		body = string(b)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusTeapot)
		w.Write([]byte(`{"ok":true}`))
	}), ev)
	if err != nil {
		t.Fatal(err)
	}
	if seen.URL.Path != "/documents/上合/1" || seen.URL.EscapedPath() != "/documents/%E4%B8%8A%E5%90%88%2F1" {
		t.Errorf("path %q escaped %q", seen.URL.Path, seen.URL.EscapedPath())
	}
	if seen.URL.Query().Get("limit") != "5" || body != "体" || seen.Header.Get("X-Test") != "a" {
		t.Errorf("request lost data: %v %q", seen.URL, body)
	}
	if res.StatusCode != http.StatusTeapot || res.Body != `{"ok":true}` || res.Headers["Content-Type"] != "application/json" {
		t.Errorf("response: %+v", res)
	}
	rec := httptest.NewRecorder()
	if err := Write(rec, res); err != nil || rec.Code != http.StatusTeapot || rec.Body.String() != `{"ok":true}` {
		t.Errorf("write: %v %d %s", err, rec.Code, rec.Body)
	}
}

func TestBinaryBodyIsBase64(t *testing.T) {
	in := httptest.NewRequest("PUT", "/x", strings.NewReader("\xff\xfe\x00"))
	ev, err := Event(in, "$default")
	if err != nil || !ev.IsBase64Encoded {
		t.Fatalf("binary body not base64: %v %+v", err, ev)
	}
	r, err := Request(context.Background(), ev)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(r.Body)
	if string(b) != "\xff\xfe\x00" {
		t.Errorf("body %q", b)
	}
}
