package main

import (
	"bytes"
	"context"
	"crypto/md5"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/zhdoc/zhdoc/shared/doc"
)

func TestParseIngest(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		env     map[string]string
		want    ingestOptions
		wantErr string
	}{
		{args: []string{"docs"}, env: map[string]string{envBucket: "b-env"},
			want: ingestOptions{bucket: "b-env", prefix: "incoming/", concurrency: 8, timeout: 10 * time.Minute, paths: []string{"docs"}}},
		{args: []string{"--bucket", "b", "a", "--prefix", "incoming/batch1", "b.txt", "--concurrency", "3", "--wait", "--api", "http://127.0.0.1:3000", "--timeout", "30s"},
			env:  map[string]string{envBucket: "ignored", envAPI: "ignored"},
			want: ingestOptions{bucket: "b", prefix: "incoming/batch1/", api: "http://127.0.0.1:3000", wait: true, concurrency: 3, timeout: 30 * time.Second, paths: []string{"a", "b.txt"}}},
		{args: []string{"--wait", "d"}, env: map[string]string{envBucket: "b", envAPI: "http://api"},
			want: ingestOptions{bucket: "b", prefix: "incoming/", api: "http://api", wait: true, concurrency: 8, timeout: 10 * time.Minute, paths: []string{"d"}}},
		{args: []string{"--prefix", "", "d"}, env: map[string]string{envBucket: "b"},
			want: ingestOptions{bucket: "b", prefix: "", concurrency: 8, timeout: 10 * time.Minute, paths: []string{"d"}}},
		{args: []string{"--prefix", "/上传/", "d"}, env: map[string]string{envBucket: "b"},
			want: ingestOptions{bucket: "b", prefix: "上传/", concurrency: 8, timeout: 10 * time.Minute, paths: []string{"d"}}},

		{args: []string{}, env: map[string]string{envBucket: "b"}, wantErr: "no DIR or FILE"},
		{args: []string{"d"}, wantErr: "ZHDOC_BUCKET"},
		{args: []string{"d", "--wait"}, env: map[string]string{envBucket: "b"}, wantErr: "ZHDOC_API"},
		{args: []string{"d", "--concurrency", "0"}, env: map[string]string{envBucket: "b"}, wantErr: "--concurrency"},
		{args: []string{"d", "--timeout", "0s"}, env: map[string]string{envBucket: "b"}, wantErr: "--timeout"},
		{args: []string{"d", "--limit", "3"}, env: map[string]string{envBucket: "b"}, wantErr: "not defined"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			t.Setenv(envBucket, tc.env[envBucket])
			t.Setenv(envAPI, tc.env[envAPI])
			got, err := parseIngest(tc.args)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.bucket != tc.want.bucket || got.prefix != tc.want.prefix || got.api != tc.want.api || got.wait != tc.want.wait ||
				got.concurrency != tc.want.concurrency || got.timeout != tc.want.timeout || strings.Join(got.paths, "|") != strings.Join(tc.want.paths, "|") {
				t.Errorf("got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestCollectUploads(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, body string) string {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("tree/新华社/上合 峰會.txt", "abc")
	write("tree/a.txt", "12345")
	write("tree/deep/er/b+c 100%.txt", "")
	if err := os.Symlink(filepath.Join(dir, "tree", "a.txt"), filepath.Join(dir, "tree", "link.txt")); err != nil {
		t.Fatal(err)
	}
	single := write("other/單獨.txt", "x")

	got, err := collectUploads([]string{filepath.Join(dir, "tree"), single}, "incoming/")
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, u := range got {
		lines = append(lines, u.key+" "+string(rune('0'+u.size)))
	}
	want := []string{
		"incoming/a.txt 5",
		"incoming/deep/er/b+c 100%.txt 0",
		"incoming/link.txt 5",
		"incoming/單獨.txt 1",
		"incoming/新华社/上合 峰會.txt 3",
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}

	// The same file twice, or two roots with the same relative path: one key.
	if _, err := collectUploads([]string{single, single}, "p/"); err == nil || !strings.Contains(err.Error(), "would both upload to p/單獨.txt") {
		t.Errorf("duplicate key: %v", err)
	}
	if _, err := collectUploads([]string{filepath.Join(dir, "missing")}, ""); err == nil {
		t.Error("missing path: no error")
	}
}

func TestUsePathStyle(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want bool
		err  bool
	}{
		{env: nil, want: false},
		{env: map[string]string{"AWS_ENDPOINT_URL_S3": "http://127.0.0.1:9000"}, want: true},
		{env: map[string]string{"AWS_ENDPOINT_URL": "http://127.0.0.1:9000"}, want: true},
		{env: map[string]string{"AWS_ENDPOINT_URL_S3": "http://127.0.0.1:9000", "S3_FORCE_PATH_STYLE": "false"}, want: false},
		{env: map[string]string{"S3_FORCE_PATH_STYLE": "true"}, want: true},
		{env: map[string]string{"S3_FORCE_PATH_STYLE": "yes"}, err: true},
	} {
		got, err := usePathStyle(func(k string) (string, bool) { v, ok := tc.env[k]; return v, ok })
		if (err != nil) != tc.err || got != tc.want {
			t.Errorf("%v: %v %v, want %v (error %v)", tc.env, got, err, tc.want, tc.err)
		}
	}
}

func TestMatches(t *testing.T) {
	body := []byte("上海合作組織")
	m, s := md5.Sum(body), sha256.Sum256(body)
	size := int64(len(body))
	md5hex, shahex := hex.EncodeToString(m[:]), hex.EncodeToString(s[:])
	other := sha256.Sum256([]byte("x"))
	for _, tc := range []struct {
		name string
		head s3.HeadObjectOutput
		want bool
	}{
		{"sha in metadata", s3.HeadObjectOutput{ContentLength: aws.Int64(size), ETag: aws.String(`"whatever-2"`), Metadata: map[string]string{"Sha256": shahex}}, true},
		{"other sha, same md5", s3.HeadObjectOutput{ContentLength: aws.Int64(size), ETag: aws.String(`"` + md5hex + `"`), Metadata: map[string]string{"sha256": hex.EncodeToString(other[:])}}, false},
		{"md5 etag", s3.HeadObjectOutput{ContentLength: aws.Int64(size), ETag: aws.String(`"` + md5hex + `"`)}, true},
		{"md5 etag, other size", s3.HeadObjectOutput{ContentLength: aws.Int64(size + 1), ETag: aws.String(`"` + md5hex + `"`)}, false},
		{"multipart etag", s3.HeadObjectOutput{ContentLength: aws.Int64(size), ETag: aws.String(`"` + md5hex + `-2"`)}, false},
	} {
		if got := matches(&tc.head, size, m[:], s[:]); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestFormatBytes(t *testing.T) {
	for n, want := range map[int64]string{0: "0 B", 1023: "1023 B", 1024: "1.0 KiB", 1536: "1.5 KiB", 5 << 20: "5.0 MiB"} {
		if got := formatBytes(n); got != want {
			t.Errorf("formatBytes(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestReporter(t *testing.T) {
	// Not a terminal: one line per item, nothing else.
	var plain strings.Builder
	r := newReporter(&plain, false, "files", 2, 30, true)
	r.step("files", 10, "uploaded a (10 bytes)", false)
	r.step("files", 20, "failed b: boom", true)
	r.finish()
	if want := "uploaded a (10 bytes)\nfailed b: boom\n"; plain.String() != want {
		t.Errorf("plain: %q, want %q", plain.String(), want)
	}

	// A terminal: a bar with counts, bytes and a rate; failures still said.
	var bar strings.Builder
	r = newReporter(&bar, true, "files", 2, 3<<20, true)
	r.step("files", 1<<20, "uploaded a", false)
	r.step("files", 2<<20, "failed b: boom", true)
	r.finish()
	out := bar.String()
	for _, want := range []string{"files 2/2", "100%", "3.1/3.1 MB", "failed b: boom\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("bar lacks %q: %q", want, out)
		}
	}
	if strings.Contains(out, "uploaded a") {
		t.Errorf("bar printed a success line: %q", out)
	}
}

// fakeS3 is the part of S3 ingest uses (HeadBucket, HeadObject, PutObject,
// path-style), and fakeRecords the part of the API --wait uses: a record
// appears for each object put, with its ETag.
type fakeS3 struct {
	mu      sync.Mutex
	bucket  string
	objects map[string]fakeObject
	puts    []string
}

type fakeObject struct {
	body []byte
	meta http.Header
}

func (f *fakeS3) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	bucket, key, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	if bucket != f.bucket {
		w.WriteHeader(http.StatusNotFound)
		return
	}
	etag := func(b []byte) string { s := md5.Sum(b); return `"` + hex.EncodeToString(s[:]) + `"` }
	switch {
	case key == "" && r.Method == http.MethodHead:
		w.WriteHeader(http.StatusOK)
	case r.Method == http.MethodHead:
		o, ok := f.objects[key]
		if !ok {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		for k, v := range o.meta {
			w.Header()[k] = v
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(o.body)))
		w.Header().Set("ETag", etag(o.body))
		w.WriteHeader(http.StatusOK)
	case r.Method == http.MethodPut:
		body, _ := io.ReadAll(r.Body)
		sum := md5.Sum(body)
		if r.Header.Get("Content-MD5") != base64.StdEncoding.EncodeToString(sum[:]) {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		meta := http.Header{}
		for k, v := range r.Header {
			if strings.HasPrefix(strings.ToLower(k), "x-amz-meta-") {
				meta[k] = v
			}
		}
		f.objects[key] = fakeObject{body: body, meta: meta}
		f.puts = append(f.puts, key)
		w.Header().Set("ETag", etag(body))
		w.WriteHeader(http.StatusOK)
	default:
		w.WriteHeader(http.StatusMethodNotAllowed)
	}
}

func (f *fakeS3) records(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	id := strings.TrimPrefix(r.URL.Path, "/documents/")
	for key, o := range f.objects {
		if doc.ID(f.bucket, key) != id {
			continue
		}
		sum := md5.Sum(o.body)
		d := doc.Document{ID: id, Bucket: f.bucket, Key: key, ETag: hex.EncodeToString(sum[:]), Status: doc.StatusProcessed}
		if bytes.HasPrefix(o.body, []byte("\x89PNG")) {
			d.Fail(doc.CodeNotText, "PNG")
		}
		json.NewEncoder(w).Encode(d)
		return
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(http.StatusNotFound)
	w.Write([]byte(`{"status":404,"detail":"no such document"}`))
}

func TestIngestResumes(t *testing.T) {
	f := &fakeS3{bucket: "docs", objects: map[string]fakeObject{}}
	s3srv := httptest.NewServer(f)
	defer s3srv.Close()
	api := httptest.NewServer(http.HandlerFunc(f.records))
	defer api.Close()
	for k, v := range map[string]string{
		"AWS_ENDPOINT_URL_S3": s3srv.URL, "AWS_ACCESS_KEY_ID": "k", "AWS_SECRET_ACCESS_KEY": "s", "AWS_REGION": "us-east-1",
		"AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent", "AWS_PROFILE": "", "AWS_SESSION_TOKEN": "",
		"S3_FORCE_PATH_STYLE": "", "AWS_EC2_METADATA_DISABLED": "true",
	} {
		t.Setenv(k, v)
	}
	dir := t.TempDir()
	files := map[string]string{"新华社/上合 峰會.txt": "上海合作組織", "a.txt": "abc", "scan.png": "\x89PNG...."}
	for rel, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// An object put earlier by another tool: no sha256 metadata, MD5 ETag.
	f.objects["up/a.txt"] = fakeObject{body: []byte("abc")}

	run := func() (int, string, string) {
		var out, errs strings.Builder
		o := ingestOptions{bucket: "docs", prefix: "up/", api: api.URL, wait: true, concurrency: 2, timeout: 10 * time.Second, paths: []string{dir}}
		code := ingest(context.Background(), o, &out, &errs, false)
		return code, out.String(), errs.String()
	}
	code, out, errs := run()
	if code != 1 || !strings.Contains(out, "3 files to s3://docs/up/: 2 uploaded (26 B), 1 unchanged, 0 failed") ||
		!strings.Contains(out, "records: 2 processed, 1 failed (not_text 1)\n") {
		t.Errorf("first run: exit %d\n%s%s", code, out, errs)
	}
	if got := strings.Join(sortedCopy(f.puts), ","); got != "up/scan.png,up/新华社/上合 峰會.txt" {
		t.Errorf("first run put %s", got)
	}
	if !strings.Contains(errs, "unchanged up/a.txt (3 bytes)") || !strings.Contains(errs, "failed up/scan.png "+doc.ID("docs", "up/scan.png")+": not_text") {
		t.Errorf("first run lines:\n%s", errs)
	}
	obj := f.objects["up/新华社/上合 峰會.txt"]
	if sum := sha256.Sum256([]byte(files["新华社/上合 峰會.txt"])); obj.meta.Get("X-Amz-Meta-Sha256") != hex.EncodeToString(sum[:]) {
		t.Errorf("sha256 metadata %v", obj.meta)
	}

	f.puts = nil
	code, out, _ = run()
	if code != 1 || !strings.Contains(out, ": 0 uploaded (0 B), 3 unchanged, 0 failed") || len(f.puts) != 0 {
		t.Errorf("second run: exit %d, puts %v\n%s", code, f.puts, out)
	}

	// The same size, other bytes: uploaded again.
	if err := os.WriteFile(filepath.Join(dir, "a.txt"), []byte("abd"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ = run()
	if !strings.Contains(out, ": 1 uploaded (3 B), 2 unchanged") || strings.Join(f.puts, ",") != "up/a.txt" {
		t.Errorf("third run: exit %d, puts %v\n%s", code, f.puts, out)
	}

	// A bucket that does not exist fails before anything is read.
	var errb strings.Builder
	o := ingestOptions{bucket: "nope", prefix: "up/", concurrency: 1, timeout: time.Second, paths: []string{dir}}
	if code := ingest(context.Background(), o, io.Discard, &errb, false); code != 1 || !strings.Contains(errb.String(), "bucket nope") {
		t.Errorf("missing bucket: exit %d, %q", code, errb.String())
	}
}

func sortedCopy(s []string) []string {
	c := append([]string(nil), s...)
	sort.Strings(c)
	return c
}

// Reading a body twice (signing, then sending) advances progress once.
func TestProgressReader(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(path, bytes.Repeat([]byte("上"), 10000), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var total int64
	var calls int
	p := &progressReader{f: f, advance: func(n int64) { total += n; calls++ }}
	for pass := 0; pass < 2; pass++ {
		if _, err := p.Seek(0, io.SeekStart); err != nil {
			t.Fatal(err)
		}
		n, err := io.Copy(io.Discard, p)
		if err != nil || n != 30000 {
			t.Fatalf("pass %d: %d %v", pass, n, err)
		}
		if total != 30000 {
			t.Errorf("after pass %d: advanced %d, want 30000", pass, total)
		}
	}
	if calls < 2 {
		t.Errorf("advanced in %d calls: not as it reads", calls)
	}
}
