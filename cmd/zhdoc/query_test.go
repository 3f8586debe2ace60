package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestParseQuery(t *testing.T) {
	id := "0123456789abcdef0123"
	for _, tc := range []struct {
		args    []string
		path    string
		params  string // url-encoded, sorted
		json    bool
		api     string
		wantErr string
	}{
		{args: []string{"get", id}, path: "/documents/" + id},
		{args: []string{"get", "--json", id}, path: "/documents/" + id, json: true},
		{args: []string{"related", id, "--limit", "5"}, path: "/documents/" + id + "/related", params: "limit=5"},
		{args: []string{"search", "上海合作组织", "--limit", "3"}, path: "/search", params: "limit=3&q=" + "%E4%B8%8A%E6%B5%B7%E5%90%88%E4%BD%9C%E7%BB%84%E7%BB%87"},
		{args: []string{"search", "--cursor", "abc", "峰会", "--api", "http://127.0.0.1:1"}, path: "/search", params: "cursor=abc&q=%E5%B3%B0%E4%BC%9A", api: "http://127.0.0.1:1"},
		{args: []string{"search", "--", "-x"}, path: "/search", params: "q=-x"},
		{args: []string{"list"}, path: "/documents"},
		{args: []string{"text", id, "--form", "simplified"}, path: "/documents/" + id + "/text", params: "form=simplified"},
		{args: []string{"text", id}, path: "/documents/" + id + "/text"},
		{args: []string{"list", "--agency", "新华社", "--script", "Hant", "--variant", "tw", "--status", "processed",
			"--from", "2024-05-01", "--to", "2024-05-31", "--person", "王毅", "--place", "北京", "--organization", "外交部",
			"--limit", "100", "--cursor", "c1"}, path: "/documents",
			params: "agency=%E6%96%B0%E5%8D%8E%E7%A4%BE&cursor=c1&from=2024-05-01&limit=100&organization=%E5%A4%96%E4%BA%A4%E9%83%A8" +
				"&person=%E7%8E%8B%E6%AF%85&place=%E5%8C%97%E4%BA%AC&script=Hant&status=processed&to=2024-05-31&variant=tw"},
		{args: []string{"facets", "people", "--from", "2024-01-01", "--limit", "10"}, path: "/facets", params: "field=people&from=2024-01-01&limit=10"},
		{args: []string{"facets", "--json", "agencies"}, path: "/facets", params: "field=agencies", json: true},

		{args: nil, wantErr: "missing subcommand"},
		{args: []string{"delete", id}, wantErr: "unknown subcommand"},
		{args: []string{"get"}, wantErr: "takes 1 argument"},
		{args: []string{"get", id, id}, wantErr: "takes 1 argument"},
		{args: []string{"get", "XYZ"}, wantErr: "not a document id"},
		{args: []string{"related", "../etc"}, wantErr: "not a document id"},
		{args: []string{"search"}, wantErr: "takes 1 argument"},
		{args: []string{"search", " "}, wantErr: "empty query"},
		{args: []string{"search", "q", "--limit", "0"}, wantErr: "--limit must be"},
		{args: []string{"search", "q", "--limit", "101"}, wantErr: "--limit must be"},
		{args: []string{"search", "q", "--limit", "x"}, wantErr: "invalid value"},
		{args: []string{"search", "q", "--agency", "x"}, wantErr: "not defined"},
		{args: []string{"list", "extra"}, wantErr: "takes 0 argument"},
		{args: []string{"list", "--from", "May 1"}, wantErr: "--from must be a date"},
		{args: []string{"get", id, "--cursor", "c"}, wantErr: "not defined"},
		{args: []string{"facets"}, wantErr: "takes 1 argument"},
		{args: []string{"text", id, "--limit", "3"}, wantErr: "not defined"},
	} {
		spec, err := parseQuery(tc.args)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%q: error %v, want %q", tc.args, err, tc.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tc.args, err)
			continue
		}
		if spec.path != tc.path || spec.params.Encode() != tc.params || spec.json != tc.json || spec.api != tc.api {
			t.Errorf("%q: path %q params %q json %v api %q; want %q %q %v %q", tc.args,
				spec.path, spec.params.Encode(), spec.json, spec.api, tc.path, tc.params, tc.json, tc.api)
		}
	}
}

// fakeAPI answers like the query API for the paths the test uses.
func fakeAPI(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/search":
			if r.URL.Query().Get("q") != "峰会" {
				w.Header().Set("Content-Type", "application/problem+json")
				w.WriteHeader(400)
				w.Write([]byte(`{"type":"about:blank","title":"Bad Request","status":400,"detail":"query has no searchable terms"}`))
				return
			}
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"query":[{"terms":["峰会"]}],"total":2,"results":[` +
				`{"id":"0123456789abcdef0123","title":"上海合作組織峰會","published":"2024-07-04","score":3.5,"snippet":"阿斯塔納&lt;<mark>峰會</mark>&gt;"},` +
				`{"id":"aaaaaaaaaaaaaaaaaaaa","title":"SCO summit","published":"2024-07-05","score":12.25,"snippet":"the <mark>summit</mark>"}],"cursor":"NEXT"}`))
		case "/documents/0123456789abcdef0123/text":
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.Write([]byte("上海合作组织\n峰会"))
		case "/facets":
			w.Write([]byte(`{"field":"people","values":[{"value":"习近平","count":12},{"value":"Tokayev","count":3}]}`))
		default:
			w.Header().Set("Content-Type", "application/problem+json")
			w.WriteHeader(404)
			w.Write([]byte(`{"type":"about:blank","title":"Not Found","status":404,"detail":"no document 0123456789abcdef0123"}`))
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestQueryCommand(t *testing.T) {
	srv := fakeAPI(t)
	run := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := dispatch(append([]string{"query"}, args...), strings.NewReader(""), &out, &errb)
		return code, out.String(), errb.String()
	}

	code, out, errs := run("search", "峰会", "--api", srv.URL)
	want := "2 found\n" +
		"ID                    PUBLISHED   SCORE  TITLE             SNIPPET\n" +
		"0123456789abcdef0123  2024-07-04   3.50  上海合作組織峰會  阿斯塔納<峰會>\n" +
		"aaaaaaaaaaaaaaaaaaaa  2024-07-05  12.25  SCO summit        the summit\n" +
		"more: --cursor NEXT\n"
	if code != 0 || out != want {
		t.Errorf("search: exit %d, stderr %q, out:\n%s\nwant:\n%s", code, errs, out, want)
	}

	code, out, _ = run("search", "峰会", "--json", "--api", srv.URL)
	if code != 0 || !strings.HasPrefix(out, `{"query":[{"terms":["峰会"]}],"total":2,`) || !strings.HasSuffix(out, "\"cursor\":\"NEXT\"}\n") {
		t.Errorf("search --json: exit %d, out %q", code, out)
	}

	t.Setenv(envAPI, srv.URL) // from the environment when --api is not given
	code, out, _ = run("facets", "people")
	if want := "PEOPLE   COUNT\n习近平      12\nTokayev      3\n"; code != 0 || out != want {
		t.Errorf("facets: exit %d, out:\n%s\nwant:\n%s", code, out, want)
	}

	code, out, _ = run("text", "0123456789abcdef0123", "--form", "simplified")
	if code != 0 || out != "上海合作组织\n峰会" {
		t.Errorf("text: exit %d, out %q", code, out)
	}

	code, out, errs = run("get", "0123456789abcdef0123")
	if code != 1 || out != "" || !strings.Contains(errs, "no document 0123456789abcdef0123 (HTTP 404)") {
		t.Errorf("get missing: exit %d, out %q, stderr %q", code, out, errs)
	}
	code, _, errs = run("search", "的", "--json")
	if code != 1 || !strings.Contains(errs, "query has no searchable terms") {
		t.Errorf("bad query: exit %d, stderr %q", code, errs)
	}

	t.Setenv(envAPI, "")
	code, _, errs = run("list")
	if code != 2 || !strings.Contains(errs, "ZHDOC_API") {
		t.Errorf("no API: exit %d, stderr %q", code, errs)
	}
	code, _, _ = run("list", "--api", "ftp://x")
	if code != 2 {
		t.Errorf("ftp API: exit %d", code)
	}
}
