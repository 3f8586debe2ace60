//go:build integration

package localstack

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/zhdoc/zhdoc/shared/doc"
	"github.com/zhdoc/zhdoc/shared/testcorpus"
)

// TestIntegrationCLI puts a folder in with the built `zhdoc ingest` under
// exactly the environment `make run` writes to .build/local/env (no other
// AWS configuration), finds its Traditional document with a Simplified
// `zhdoc query search`, and checks that ingesting again uploads nothing and
// that a changed file is uploaded and waited for again. The README's `aws s3
// cp` line runs too when the AWS CLI is installed.
func TestIntegrationCLI(t *testing.T) {
	cli := os.Getenv("ZHDOC_CLI")
	if cli == "" {
		t.Fatal("ZHDOC_CLI is not set: run the integration tests through `make test`")
	}
	st := startStack(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()

	// Nothing from the developer's own AWS setup: only the env file's lines.
	home := t.TempDir()
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + home}
	for _, v := range st.ClientEnv() {
		env = append(env, v.Name+"="+v.Value)
	}
	zhdoc := func(args ...string) (int, string, string) {
		t.Helper()
		var out, errb bytes.Buffer
		cmd := exec.CommandContext(ctx, cli, args...)
		cmd.Env, cmd.Stdout, cmd.Stderr = env, &out, &errb
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatalf("zhdoc %q: %v", args, err)
		}
		t.Logf("zhdoc %s → %d\nstdout:\n%sstderr:\n%s", strings.Join(args, " "), code, out.String(), errb.String())
		return code, out.String(), errb.String()
	}

	// A folder: a Traditional seed under a Chinese sub-folder and name, and a
	// binary file that must end as a failed record.
	dir := t.TempDir()
	seed, err := os.ReadFile(testcorpus.Testdata(t, "seeds", "000_e3df99f5fa6e625c.txt"))
	if err != nil {
		t.Fatal(err)
	}
	const simplified = "上海合作组织"
	if !strings.Contains(string(seed), "上海合作組織") || strings.Contains(string(seed), simplified) {
		t.Fatal("seed 000 is expected to name the SCO in Traditional only")
	}
	if err := os.MkdirAll(filepath.Join(dir, "繁體"), 0o755); err != nil {
		t.Fatal(err)
	}
	textFile := filepath.Join(dir, "繁體", "上合峰會 000.txt")
	binFile := filepath.Join(dir, "scan.png")
	scan := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 256)...)
	for path, body := range map[string][]byte{textFile: seed, binFile: scan} {
		if err := os.WriteFile(path, body, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	textKey := st.UploadPrefix + "繁體/上合峰會 000.txt"
	binKey := st.UploadPrefix + "scan.png"
	textID, binID := doc.ID(st.Bucket, textKey), doc.ID(st.Bucket, binKey)

	// First run: both uploaded, one processed, one failed as not text (so
	// the exit status is 1).
	code, out, errs := zhdoc("ingest", "--wait", "--timeout", "2m", dir)
	if code != 1 {
		t.Errorf("first ingest: exit %d, want 1 (one record failed)", code)
	}
	for _, want := range []string{"2 files to s3://" + st.Bucket + "/" + st.UploadPrefix + ": 2 uploaded", ", 0 unchanged, 0 failed",
		"records: 1 processed, 1 failed (" + doc.CodeNotText + " 1)\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("first ingest: stdout lacks %q", want)
		}
	}
	for _, want := range []string{"uploaded " + textKey + " (", "uploaded " + binKey + " (", "processed " + textKey + " " + textID,
		"failed " + binKey + " " + binID + ": " + doc.CodeNotText} {
		if !strings.Contains(errs, want) {
			t.Errorf("first ingest: stderr (not a terminal: lines) lacks %q", want)
		}
	}
	head, err := st.S3.HeadObject(ctx, &s3.HeadObjectInput{Bucket: &st.Bucket, Key: aws.String(textKey)})
	if err != nil {
		t.Fatalf("the uploaded object under %s: %v", textKey, err)
	}
	if head.Metadata["sha256"] == "" || *head.ContentLength != int64(len(seed)) {
		t.Errorf("object %s: metadata %v, length %d", textKey, head.Metadata, *head.ContentLength)
	}
	var before doc.Document
	if status := getJSON(t, st.APIURL+"/documents/"+textID, &before); status != 200 || before.Status != doc.StatusProcessed {
		t.Fatalf("record %s: %d %+v", textID, status, before)
	}

	// The Simplified query finds the Traditional document, as a table and as
	// the API's JSON. New postings may take the search cache's TTL to show.
	var res struct {
		Total   int `json:"total"`
		Results []struct {
			ID      string `json:"id"`
			Snippet string `json:"snippet"`
		} `json:"results"`
	}
	deadline := time.Now().Add(40 * time.Second)
	for {
		code, out, errs = zhdoc("query", "search", simplified, "--json", "--limit", "5")
		if code != 0 {
			t.Fatalf("query search --json: exit %d: %s", code, errs)
		}
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			t.Fatalf("query search --json is not JSON: %v\n%s", err, out)
		}
		if len(res.Results) > 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(2 * time.Second)
	}
	if res.Total != 1 || len(res.Results) != 1 || res.Results[0].ID != textID || !strings.Contains(res.Results[0].Snippet, "<mark>") {
		t.Errorf("search %s: %+v, want the one document %s", simplified, res, textID)
	}
	code, out, _ = zhdoc("query", "search", simplified)
	if lines := strings.Split(out, "\n"); code != 0 || len(lines) < 3 || lines[0] != "1 found" ||
		!strings.HasPrefix(lines[1], "ID  ") || !strings.HasPrefix(lines[2], textID+"  ") {
		t.Errorf("query search table: exit %d:\n%s", code, out)
	}
	code, out, _ = zhdoc("query", "get", textID)
	if code != 0 || !strings.Contains(out, "key ") || !strings.Contains(out, textKey) || !strings.Contains(out, "processed") {
		t.Errorf("query get: exit %d:\n%s", code, out)
	}
	code, out, _ = zhdoc("query", "list", "--script", "Hant", "--limit", "5")
	if lines := strings.Split(out, "\n"); code != 0 || len(lines) != 3 || !strings.HasPrefix(lines[1], textID+"  ") {
		t.Errorf("query list --script Hant: exit %d:\n%s", code, out)
	}
	code, out, _ = zhdoc("query", "facets", "people", "--from", "2024-07-01")
	if code != 0 || !strings.HasPrefix(out, "PEOPLE ") || !strings.Contains(out, "习近平") {
		t.Errorf("query facets people: exit %d:\n%s", code, out)
	}
	code, out, _ = zhdoc("query", "related", textID)
	if code != 0 || out != "no related documents\n" {
		t.Errorf("query related: exit %d:\n%s", code, out)
	}
	code, out, _ = zhdoc("query", "text", textID, "--form", "simplified")
	if code != 0 || !strings.Contains(out, simplified) || strings.Contains(out, "上海合作組織") {
		t.Errorf("query text --form simplified: exit %d: %.200s", code, out)
	}
	code, out, _ = zhdoc("query", "list", "--status", "failed", "--json")
	var page struct{ Documents []doc.Document }
	if err := json.Unmarshal([]byte(out), &page); code != 0 || err != nil || len(page.Documents) != 1 || page.Documents[0].ID != binID {
		t.Errorf("query list --status failed: exit %d, %v: %s", code, err, out)
	}
	code, out, errs = zhdoc("query", "get", strings.Repeat("0", 20))
	if code != 1 || out != "" || !strings.Contains(errs, "(HTTP 404)") {
		t.Errorf("query get of a missing id: exit %d, stdout %q, stderr %q", code, out, errs)
	}

	// Again: nothing to upload, both records there already.
	code, out, errs = zhdoc("ingest", "--wait", "--timeout", "1m", dir)
	if code != 1 || !strings.Contains(out, ": 0 uploaded (0 B), 2 unchanged, 0 failed") ||
		!strings.Contains(out, "records: 1 processed, 1 failed") || !strings.Contains(errs, "unchanged "+textKey) || strings.Contains(errs, "uploaded ") {
		t.Errorf("second ingest: exit %d, not everything skipped", code)
	}
	if err := st.Idle(ctx); err != nil {
		t.Fatal(err)
	}
	var after doc.Document
	getJSON(t, st.APIURL+"/documents/"+textID, &after)
	if after.ProcessedAt != before.ProcessedAt || after.ETag != before.ETag {
		t.Errorf("the skipped document was processed again: %s/%s → %s/%s", before.ProcessedAt, before.ETag, after.ProcessedAt, after.ETag)
	}

	// A file changed in place (same size): only it is uploaded, and --wait
	// waits for the record of the new version.
	copy(scan[20:], "changed")
	if err := os.WriteFile(binFile, scan, 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs = zhdoc("ingest", "--wait", "--timeout", "2m", "--concurrency", "1", dir)
	if code != 1 || !strings.Contains(out, ": 1 uploaded (") || !strings.Contains(out, ", 1 unchanged, 0 failed") ||
		!strings.Contains(errs, "uploaded "+binKey) || !strings.Contains(out, "records: 1 processed, 1 failed") {
		t.Errorf("third ingest: exit %d, the changed file was not the one uploaded", code)
	}
	obj, err := st.S3.HeadObject(ctx, &s3.HeadObjectInput{Bucket: &st.Bucket, Key: aws.String(binKey)})
	if err != nil {
		t.Fatal(err)
	}
	var bin doc.Document
	getJSON(t, st.APIURL+"/documents/"+binID, &bin)
	if want := strings.Trim(*obj.ETag, `"`); bin.ETag != want {
		t.Errorf("record of the changed file has ETag %s, object %s", bin.ETag, want)
	}

	// The README's aws s3 cp line, through the same environment.
	awsCLI, err := exec.LookPath("aws")
	if err != nil {
		t.Log("no aws CLI on PATH: the aws s3 cp step is not run")
		return
	}
	cp := exec.CommandContext(ctx, awsCLI, "s3", "cp", textFile, "s3://"+st.Bucket+"/"+st.UploadPrefix+"cli/")
	cp.Env = env
	if b, err := cp.CombinedOutput(); err != nil {
		t.Fatalf("aws s3 cp: %v\n%s", err, b)
	}
	cpKey := st.UploadPrefix + "cli/上合峰會 000.txt"
	recs, err := st.WaitRecords(ctx, map[string]string{cpKey: ""})
	if err != nil || recs[cpKey].Status != doc.StatusProcessed {
		t.Errorf("after aws s3 cp: %v %+v", err, recs[cpKey])
	}
	t.Logf("aws s3 cp (%s) uploaded %s: record %s", awsCLI, cpKey, recs[cpKey].ID)
}
