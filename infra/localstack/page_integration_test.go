//go:build integration

package localstack

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/zhdoc/zhdoc/shared/testcorpus"
)

// TestIntegrationSearchPage drives the search page the query function
// serves in Debian's chromium (infra/e2e/search-page.mjs, playwright-core)
// over the seeds, which are in both scripts: a Traditional query, a
// document, an entity filter, an API error, a phone-width page.
// Screenshots land in .build/artifacts/search-page.
func TestIntegrationSearchPage(t *testing.T) {
	chromium := os.Getenv("ZHDOC_CHROMIUM")
	if chromium == "" {
		t.Fatal("ZHDOC_CHROMIUM is not set: run the integration tests through `make test`, which installs chromium")
	}
	if _, err := os.Stat(chromium); err != nil {
		t.Fatalf("chromium: %v", err)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	root := testcorpus.Root(t)
	if _, err := os.Stat(filepath.Join(root, "infra", "node_modules", "playwright-core")); err != nil {
		t.Fatalf("playwright-core is not installed (make tools): %v", err)
	}
	st := startStack(t)
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()

	files, err := filepath.Glob(testcorpus.Testdata(t, "seeds", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("seeds: %v", err)
	}
	etags := map[string]string{}
	for i, f := range files {
		body, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		key := fmt.Sprintf("%spage/%d.txt", st.UploadPrefix, i)
		out, err := st.S3.PutObject(ctx, &s3.PutObjectInput{Bucket: &st.Bucket, Key: &key, Body: bytes.NewReader(body)})
		if err != nil {
			t.Fatalf("put %s: %v", key, err)
		}
		etags[key] = strings.Trim(aws.ToString(out.ETag), `"`)
	}
	if _, err := st.WaitRecords(ctx, etags); err != nil {
		t.Fatal(err)
	}
	if err := st.Idle(ctx); err != nil {
		t.Fatal(err)
	}

	artifacts := filepath.Join(root, ".build", "artifacts", "search-page")
	cmd := exec.CommandContext(ctx, node, filepath.Join(root, "infra", "e2e", "search-page.mjs"), st.APIURL, artifacts)
	cmd.Env = append(os.Environ(), "ZHDOC_CHROMIUM="+chromium)
	out, err := cmd.CombinedOutput()
	t.Logf("browser run:\n%s", out)
	if err != nil {
		t.Fatalf("search page: %v", err)
	}
	passed := 0
	for _, l := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(l, "ok ") {
			passed++
		}
	}
	if passed != 7 {
		t.Errorf("%d checks passed, want 7", passed)
	}
	shots, _ := filepath.Glob(filepath.Join(artifacts, "*.png"))
	if len(shots) < 5 {
		t.Errorf("%d screenshots in %s", len(shots), artifacts)
	}
}
