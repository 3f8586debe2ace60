package httpevent

import (
	"context"
	"encoding/base64"
	"io"
	"net/http"
	"net/url"
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

// FuzzHTTPEvent: any event API Gateway could send becomes a request or an
// error, never a panic; Serve answers it (400 when it does not convert);
// and a request that converts survives Event and Request again: method,
// decoded path, raw query and body bytes.
// `go test -fuzz FuzzHTTPEvent ./shared/httpevent` explores.
func FuzzHTTPEvent(f *testing.F) {
	f.Add("GET", "/documents/abc", "limit=2&cursor=x%2By", "accept", "application/json", "", false)
	f.Add("GET", "/search", "q=%E5%B3%B0%E4%BC%9A", "x-forwarded-for", "203.0.113.1, 10.0.0.1", "", false)
	f.Add("POST", "/documents/%E6%B8%AF%E8%81%9E%202024", "", "content-type", "text/plain", "5bOw5Lya", true)
	f.Add("", "", "", "", "", "", false)
	f.Add("GET", "/%zz", "a=%zz&&b", "cookie", "a=b", "not base64!", true)
	f.Add("DELETE", "//double//slash/..", "q=1;2", "host", "evil.example", "\xff\xfe", false)
	echo := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.Header().Set("X-Path", r.URL.Path)
		_, _ = w.Write(b)
	})
	f.Fuzz(func(t *testing.T, method, rawPath, rawQuery, hk, hv, body string, b64 bool) {
		ev := events.APIGatewayV2HTTPRequest{RawPath: rawPath, RawQueryString: rawQuery, Body: body, IsBase64Encoded: b64,
			Headers: map[string]string{hk: hv}}
		ev.RequestContext.HTTP.Method = method
		ev.RequestContext.DomainName = "api.example"
		ctx := context.Background()
		res, err := Serve(ctx, echo, ev)
		if err != nil {
			t.Fatalf("Serve: %v", err)
		}
		r, err := Request(ctx, ev)
		if err != nil {
			if res.StatusCode != http.StatusBadRequest {
				t.Fatalf("an event that does not convert (%v) answered %d", err, res.StatusCode)
			}
			return
		}
		want, _ := io.ReadAll(r.Body)
		r2, _ := Request(ctx, ev) // a fresh body for Event
		back, err := Event(r2, "$default")
		if err != nil {
			t.Fatalf("Event: %v", err)
		}
		again, err := Request(ctx, back)
		if err != nil {
			t.Fatalf("the event of a converted request does not convert: %v (%+v)", err, back)
		}
		got, _ := io.ReadAll(again.Body)
		if again.Method != r.Method || again.URL.Path != r.URL.Path || again.URL.RawQuery != r.URL.RawQuery || string(got) != string(want) {
			t.Fatalf("round trip: %s %q ?%q body %q → %s %q ?%q body %q",
				r.Method, r.URL.Path, r.URL.RawQuery, want, again.Method, again.URL.Path, again.URL.RawQuery, got)
		}
		if rawPath != "" {
			if p, err := url.PathUnescape(rawPath); err == nil && p != r.URL.Path {
				t.Fatalf("path %q decoded to %q, want %q", rawPath, r.URL.Path, p)
			}
		}
		if b64 {
			if _, err := base64.StdEncoding.DecodeString(body); err == nil && res.StatusCode == http.StatusBadRequest {
				t.Fatalf("a valid base64 body was refused")
			}
		}
	})
}
