//go:build integration

package localstack

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/zhdoc/zhdoc/shared/doc"
	"github.com/zhdoc/zhdoc/shared/testcorpus"
)

// startStack starts the real local stack from the parts the Makefile built;
// it fails loudly when a part is missing rather than skipping.
func startStack(t *testing.T) *Stack {
	t.Helper()
	st, _ := startStackLogs(t)
	return st
}

// startStackLogs is startStack that also returns what the functions have
// logged so far.
func startStackLogs(t *testing.T) (*Stack, func() string) {
	t.Helper()
	return startStackWith(t, nil)
}

// startStackWith is startStackLogs with options changed by mod first.
func startStackWith(t *testing.T, mod func(*Options)) (*Stack, func() string) {
	t.Helper()
	env := func(name string) string {
		v := os.Getenv(name)
		if v == "" {
			t.Fatalf("%s is not set: run the integration tests through `make test`", name)
		}
		return v
	}
	var logs bytes.Buffer
	o := Options{
		Template:     testcorpus.Testdata(t, "..", "template.yaml"),
		MinIO:        env("ZHDOC_MINIO"),
		DynamoDBJar:  env("ZHDOC_DYNAMODB_JAR"),
		Processor:    env("ZHDOC_PROCESSOR"),
		Query:        env("ZHDOC_QUERY"),
		APIAddr:      "127.0.0.1:0",
		FunctionLogs: &syncWriter{w: &logs},
	}
	if mod != nil {
		mod(&o)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	st, err := Start(ctx, o)
	if err != nil {
		t.Fatalf("start local stack: %v", err)
	}
	t.Cleanup(func() {
		pids := st.pids()
		st.Close()
		for _, pid := range pids {
			if err := syscall.Kill(pid, 0); !errors.Is(err, syscall.ESRCH) {
				t.Errorf("process %d still alive after Close", pid)
			}
		}
		if t.Failed() {
			t.Logf("function logs:\n%s", tail(logs.String(), 4000))
		}
	})
	t.Logf("stack up: processor init %s, query init %s", st.Processor.InitDuration(), st.Query.InitDuration())
	fl := o.FunctionLogs.(*syncWriter)
	return st, func() string {
		fl.mu.Lock()
		defer fl.mu.Unlock()
		return logs.String()
	}
}

func TestIntegrationEndToEnd(t *testing.T) {
	st, functionLogs := startStackLogs(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()

	// Upload the seeds under keys with spaces, '+', '%' and Chinese, plus one
	// binary object that must become a failed record.
	files, err := filepath.Glob(testcorpus.Testdata(t, "seeds", "*.txt"))
	if err != nil || len(files) != 5 {
		t.Fatalf("seeds: %v %d", err, len(files))
	}
	keys := map[string]string{} // key → etag
	upload := func(key string, body []byte) {
		out, err := st.S3.PutObject(ctx, &s3.PutObjectInput{Bucket: &st.Bucket, Key: &key, Body: bytes.NewReader(body)})
		if err != nil {
			t.Fatalf("put %s: %v", key, err)
		}
		keys[key] = strings.Trim(aws.ToString(out.ETag), `"`)
	}
	for i, f := range files {
		body, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		upload(fmt.Sprintf("%s种子 文档/%d 上合+峰會 100%%.txt", st.UploadPrefix, i), body)
	}
	binKey := st.UploadPrefix + "scans/page 1.png"
	upload(binKey, append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 512)...))
	// Derived texts land outside the upload prefix: they must not trigger.
	recs, err := st.WaitRecords(ctx, keys)
	if err != nil {
		t.Fatalf("records: %v", err)
	}
	if err := st.Idle(ctx); err != nil {
		t.Fatal(err)
	}
	if dl := st.DeadLetters(); len(dl) != 0 {
		t.Fatalf("%d events dead-lettered", len(dl))
	}
	// One EMF line per processed upload in the processor's log, as
	// CloudWatch Logs would read it.
	emfLines, outcomes := 0, map[string]int{}
	for _, l := range strings.Split(functionLogs(), "\n") {
		if i := strings.IndexByte(l, '{'); i >= 0 && strings.Contains(l, `"CloudWatchMetrics"`) {
			var m struct {
				Outcome   string
				Documents float64
			}
			if json.Unmarshal([]byte(l[i:]), &m) == nil && m.Documents == 1 {
				emfLines++
				outcomes[m.Outcome]++
			}
		}
	}
	if emfLines < len(keys) || outcomes["processed"] < len(keys)-1 || outcomes["failed"] < 1 {
		t.Errorf("EMF lines in the function logs: %d, outcomes %v; want one per upload (%d)", emfLines, outcomes, len(keys))
	}

	for key, d := range recs {
		if key == binKey {
			if d.Status != doc.StatusFailed || d.Error == nil || d.Error.Code != doc.CodeNotText {
				t.Errorf("binary object: %+v", d)
			}
			continue
		}
		if d.Status != doc.StatusProcessed || d.Key != key || d.Encoding.Name != "UTF-8" || d.Script == "" || d.TextKey == "" {
			t.Errorf("%s: %+v", key, d)
		}
		// The record through the API equals the stored one.
		var got doc.Document
		if status := getJSON(t, st.APIURL+"/documents/"+d.ID, &got); status != 200 || got.Key != key {
			t.Errorf("GET %s: %d %q", d.ID, status, got.Key)
		}
		obj, err := st.S3.GetObject(ctx, &s3.GetObjectInput{Bucket: &st.Bucket, Key: &d.TextKey})
		if err != nil {
			t.Errorf("derived text %s: %v", d.TextKey, err)
		} else {
			obj.Body.Close()
		}
	}

	// Texts: the original decoded as uploaded, the Simplified form converted.
	seedBody, _ := os.ReadFile(files[0]) // 000, Traditional
	first := recs[fmt.Sprintf("%s种子 文档/%d 上合+峰會 100%%.txt", st.UploadPrefix, 0)]
	if got := getText(t, st.APIURL+"/documents/"+first.ID+"/text?form=original", 200); got != string(seedBody) {
		t.Errorf("original text differs from the upload (%d vs %d bytes)", len(got), len(seedBody))
	}
	if got := getText(t, st.APIURL+"/documents/"+first.ID+"/text?form=simplified", 200); !strings.Contains(got, "上海合作组织") || strings.Contains(got, "上海合作組織") {
		t.Errorf("simplified text is not Simplified: %.80q", got)
	}
	if got := getText(t, st.APIURL+"/documents/"+first.ID+"/text", 200); !strings.Contains(got, "上海合作組織") {
		t.Errorf("normalized text lost its script: %.80q", got)
	}
	bin := recs[binKey]
	getText(t, st.APIURL+"/documents/"+bin.ID+"/text", 409)
	getText(t, st.APIURL+"/documents/"+bin.ID+"/text?form=original", 409)

	// Related documents: 000 and 002 share a Xinhua story (one Traditional,
	// one Simplified); 001 is an OCR copy leading with 002's story.
	seedID := func(i int) string {
		return doc.ID(st.Bucket, fmt.Sprintf("%s种子 文档/%d 上合+峰會 100%%.txt", st.UploadPrefix, i))
	}
	for _, pair := range [][2]int{{2, 0}, {0, 2}, {2, 1}, {1, 2}} {
		var rel struct {
			Related []struct {
				ID                              string
				Containment, ReverseContainment float64
			}
		}
		if status := getJSON(t, st.APIURL+"/documents/"+seedID(pair[0])+"/related", &rel); status != 200 {
			t.Fatalf("related: %d", status)
		}
		found := false
		for _, r := range rel.Related {
			if r.ID == seedID(pair[1]) {
				found = true
				t.Logf("related %03d→%03d: containment %.2f / %.2f", pair[0], pair[1], r.Containment, r.ReverseContainment)
			}
		}
		if !found {
			t.Errorf("seed %03d is not related to %03d: %+v", pair[1], pair[0], rel.Related)
		}
	}

	// Page through the listing: every record once, newest first.
	seen := map[string]bool{}
	cursor := ""
	for pages := 0; ; pages++ {
		if pages > 10 {
			t.Fatal("listing does not end")
		}
		var page struct {
			Documents []doc.Document
			Cursor    string
		}
		url := st.APIURL + "/documents?limit=2"
		if cursor != "" {
			url += "&cursor=" + cursor
		}
		if status := getJSON(t, url, &page); status != 200 {
			t.Fatalf("list: %d", status)
		}
		for _, d := range page.Documents {
			if seen[d.ID] {
				t.Errorf("%s listed twice", d.ID)
			}
			seen[d.ID] = true
		}
		if cursor = page.Cursor; cursor == "" {
			break
		}
	}
	if len(seen) != len(keys) {
		t.Errorf("listed %d documents, uploaded %d", len(seen), len(keys))
	}
	var p struct{ Status int }
	if status := getJSON(t, st.APIURL+"/documents/ffffffffffffffffffff", &p); status != 404 || p.Status != 404 {
		t.Errorf("unknown id: %d", status)
	}
	if status := getJSON(t, st.APIURL+"/documents?limit=1000", &p); status != 400 {
		t.Errorf("limit=1000: %d", status)
	}

	// Delete one object: its record and derived texts disappear.
	var victimKey string
	for k := range recs {
		if k != binKey {
			victimKey = k
			break
		}
	}
	victim := recs[victimKey]
	if _, err := st.S3.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: &st.Bucket, Key: &victimKey}); err != nil {
		t.Fatal(err)
	}
	err = retry(ctx, "record removal", func() error {
		var body map[string]any
		if status := getJSON(t, st.APIURL+"/documents/"+victim.ID, &body); status != 404 {
			return fmt.Errorf("still %d", status)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.S3.HeadObject(ctx, &s3.HeadObjectInput{Bucket: &st.Bucket, Key: &victim.TextKey}); err == nil {
		t.Errorf("derived text %s survived the deletion", victim.TextKey)
	}
}

func getJSON(t *testing.T, url string, v any) int {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer res.Body.Close()
	if err := json.NewDecoder(res.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: body is not JSON: %v", url, err)
	}
	return res.StatusCode
}

func getText(t *testing.T, url string, want int) string {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != want {
		t.Errorf("GET %s: %d, want %d: %.200s", url, res.StatusCode, want, b)
	}
	return string(b)
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}
