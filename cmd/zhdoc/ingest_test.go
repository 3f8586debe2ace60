package main

import (
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
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
