package main

import (
	"context"
	"crypto/md5"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/schollz/progressbar/v3"

	"github.com/zhdoc/zhdoc/shared/doc"
)

func init() {
	register("ingest", "upload files to the bucket (resumable), optionally wait for their records", runIngest)
}

const ingestUsage = `usage: zhdoc ingest [FLAGS] DIR|FILE...

Uploads every regular file under each DIR (key: PREFIX + the path relative to
DIR, slash-separated, names kept as they are) and each FILE (key: PREFIX + its
name) to the bucket, several at a time. Objects whose size and checksum
already match (sha256 in the object's metadata, or the ETag as the MD5 of a
single-part upload) are skipped, so an interrupted run can simply be repeated.
AWS access comes from the standard chain (environment, profile, SSO, role);
AWS_ENDPOINT_URL_S3 points it elsewhere, with path-style addressing unless
S3_FORCE_PATH_STYLE=false.

  --bucket B         bucket (default $ZHDOC_BUCKET)
  --prefix P         key prefix (default incoming/, what the processor watches)
  --concurrency N    uploads at a time (default 8)
  --wait             wait until every file has a record, then summarize
  --api URL          query API to wait through (default $ZHDOC_API)
  --timeout D        how long --wait waits (default 10m)

Exit status 1 when an upload failed, --wait timed out or a record failed.
`

// ingestOptions is a parsed `zhdoc ingest` command line.
type ingestOptions struct {
	bucket, prefix, api string
	wait                bool
	concurrency         int
	timeout             time.Duration
	paths               []string
}

func parseIngest(args []string) (ingestOptions, error) {
	var o ingestOptions
	fs := flag.NewFlagSet("zhdoc ingest", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&o.bucket, "bucket", "", "")
	fs.StringVar(&o.prefix, "prefix", "incoming/", "")
	fs.StringVar(&o.api, "api", "", "")
	fs.BoolVar(&o.wait, "wait", false, "")
	fs.IntVar(&o.concurrency, "concurrency", 8, "")
	fs.DurationVar(&o.timeout, "timeout", 10*time.Minute, "")
	paths, err := parseInterspersed(fs, args)
	if err != nil {
		return o, err
	}
	if len(paths) == 0 {
		return o, errors.New("no DIR or FILE given")
	}
	if o.concurrency < 1 || o.concurrency > 256 {
		return o, fmt.Errorf("--concurrency must be from 1 to 256, got %d", o.concurrency)
	}
	if o.timeout <= 0 {
		return o, fmt.Errorf("--timeout must be positive, got %s", o.timeout)
	}
	o.prefix = strings.TrimLeft(o.prefix, "/")
	if o.prefix != "" && !strings.HasSuffix(o.prefix, "/") {
		o.prefix += "/"
	}
	if o.bucket, err = fromEnv(o.bucket, "bucket", envBucket); err != nil {
		return o, err
	}
	if o.wait {
		if o.api, err = fromEnv(o.api, "api", envAPI); err != nil {
			return o, err
		}
	}
	o.paths = paths
	return o, nil
}

// upload is one local file and the key it goes to.
type upload struct {
	path, key string
	size      int64
}

// collectUploads lists the files under paths with their keys, sorted by
// key; two files mapping to one key is an error.
func collectUploads(paths []string, prefix string) ([]upload, error) {
	var out []upload
	from := map[string]string{}
	add := func(path, rel string, size int64) error {
		key := prefix + filepath.ToSlash(rel)
		if prev, ok := from[key]; ok {
			return fmt.Errorf("%s and %s would both upload to %s", prev, path, key)
		}
		from[key] = path
		out = append(out, upload{path: path, key: key, size: size})
		return nil
	}
	for _, root := range paths {
		info, err := os.Stat(root)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			if !info.Mode().IsRegular() {
				return nil, fmt.Errorf("%s is not a regular file", root)
			}
			if err := add(root, filepath.Base(root), info.Size()); err != nil {
				return nil, err
			}
			continue
		}
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				return nil
			}
			info, err := os.Stat(path) // follows a symlink to a file
			if err != nil {
				return err
			}
			if !info.Mode().IsRegular() {
				return nil
			}
			rel, err := filepath.Rel(root, path)
			if err != nil {
				return err
			}
			return add(path, rel, info.Size())
		})
		if err != nil {
			return nil, fmt.Errorf("walk %s: %w", root, err)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].key < out[j].key })
	return out, nil
}

// Outcomes of one file's upload.
const (
	uploaded  = "uploaded"
	unchanged = "unchanged"
	failed    = "failed"
)

// uploadResult is what happened to one file.
type uploadResult struct {
	upload
	outcome string
	etag    string // the object's, without quotes
	err     error
}

// shaMetadata names the object metadata entry holding the file's sha256.
const shaMetadata = "sha256"

// sums hashes a file: MD5 (ETag of a single-part upload, Content-MD5) and
// sha256 (kept in the object's metadata).
func sums(path string) (md5sum, sha []byte, size int64, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, 0, err
	}
	defer f.Close()
	m, s := md5.New(), sha256.New()
	size, err = io.Copy(io.MultiWriter(m, s), f)
	if err != nil {
		return nil, nil, 0, fmt.Errorf("read %s: %w", path, err)
	}
	return m.Sum(nil), s.Sum(nil), size, nil
}

// matches reports whether the object described by head already holds the
// file with these sums.
func matches(head *s3.HeadObjectOutput, size int64, md5sum, sha []byte) bool {
	if aws.ToInt64(head.ContentLength) != size {
		return false
	}
	for k, v := range head.Metadata {
		if strings.EqualFold(k, shaMetadata) {
			return strings.EqualFold(v, hex.EncodeToString(sha))
		}
	}
	// Uploaded by another tool: a single-part upload's ETag is its MD5.
	return strings.EqualFold(strings.Trim(aws.ToString(head.ETag), `"`), hex.EncodeToString(md5sum))
}

func httpStatus(err error) int {
	var re *smithyhttp.ResponseError
	if errors.As(err, &re) {
		return re.HTTPStatusCode()
	}
	return 0
}

// uploadOne uploads u unless the object already matches it; progress is
// told the bytes of the file as they are first read for the upload.
func uploadOne(ctx context.Context, client *s3.Client, bucket string, u upload, progress func(int64)) uploadResult {
	r := uploadResult{upload: u, outcome: failed}
	md5sum, sha, size, err := sums(u.path)
	if err != nil {
		r.err = err
		return r
	}
	r.size = size
	head, err := client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: &bucket, Key: &u.key})
	var notFound *s3types.NotFound
	switch {
	case err == nil:
		if matches(head, size, md5sum, sha) {
			r.outcome, r.etag = unchanged, strings.Trim(aws.ToString(head.ETag), `"`)
			return r
		}
	case errors.As(err, &notFound) || httpStatus(err) == http.StatusNotFound:
	case httpStatus(err) == http.StatusForbidden:
		// Allowed to put but not to read: upload without comparing.
	default:
		r.err = fmt.Errorf("head %s: %w", u.key, err)
		return r
	}
	f, err := os.Open(u.path)
	if err != nil {
		r.err = err
		return r
	}
	defer f.Close()
	out, err := client.PutObject(ctx, &s3.PutObjectInput{
		Bucket:        &bucket,
		Key:           &u.key,
		Body:          &progressReader{f: f, advance: progress},
		ContentLength: aws.Int64(size),
		ContentMD5:    aws.String(base64.StdEncoding.EncodeToString(md5sum)),
		Metadata:      map[string]string{shaMetadata: hex.EncodeToString(sha)},
	})
	if err != nil {
		r.err = fmt.Errorf("put %s: %w", u.key, err)
		return r
	}
	r.outcome, r.etag = uploaded, strings.Trim(aws.ToString(out.ETag), `"`)
	return r
}

// progressReader tells advance how far reading f got beyond any earlier
// pass: the SDK may read a body twice (to sign it, then to send it).
type progressReader struct {
	f         *os.File
	pos, high int64
	advance   func(int64)
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.f.Read(b)
	p.pos += int64(n)
	if p.pos > p.high {
		if p.advance != nil {
			p.advance(p.pos - p.high)
		}
		p.high = p.pos
	}
	return n, err
}

func (p *progressReader) Seek(offset int64, whence int) (int64, error) {
	n, err := p.f.Seek(offset, whence)
	if err == nil {
		p.pos = n
	}
	return n, err
}

// reporter shows progress: a bar on a terminal, one line per event otherwise.
type reporter struct {
	mu   sync.Mutex
	w    io.Writer
	bar  *progressbar.ProgressBar
	n, i int
}

func newReporter(w io.Writer, tty bool, what string, n int, total int64, bytes bool) *reporter {
	r := &reporter{w: w, n: n}
	if tty {
		opts := []progressbar.Option{
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription(fmt.Sprintf("%s 0/%d", what, n)),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionShowElapsedTimeOnFinish(),
			progressbar.OptionThrottle(100 * time.Millisecond),
			progressbar.OptionSetWidth(30),
			progressbar.OptionOnCompletion(func() { fmt.Fprintln(w) }),
		}
		if bytes {
			opts = append(opts, progressbar.OptionShowBytes(true), progressbar.OptionShowCount())
		} else {
			opts = append(opts, progressbar.OptionShowCount(), progressbar.OptionShowIts(), progressbar.OptionSetItsString("records"))
		}
		r.bar = progressbar.NewOptions64(total, opts...)
	}
	return r
}

// step records one finished item of the given weight; line is printed when
// not on a terminal (and above the bar when a failure needs saying).
func (r *reporter) step(what string, weight int64, line string, important bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.i++
	if r.bar == nil {
		fmt.Fprintln(r.w, line)
		return
	}
	if important {
		_ = r.bar.Clear()
		fmt.Fprintln(r.w, line)
	}
	_ = r.bar.Add64(weight)
	r.bar.Describe(fmt.Sprintf("%s %d/%d", what, r.i, r.n))
}

// add moves the bar by n bytes of an item still under way.
func (r *reporter) add(n int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.bar != nil {
		_ = r.bar.Add64(n)
	}
}

func (r *reporter) finish() {
	if r.bar != nil {
		_ = r.bar.Finish()
	}
}

func runIngest(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	for _, a := range args {
		if a == "-h" || a == "--help" {
			fmt.Fprint(stderr, ingestUsage)
			return 0
		}
	}
	o, err := parseIngest(args)
	if err != nil {
		fmt.Fprintf(stderr, "zhdoc ingest: %v\n%s", err, usageText(err, ingestUsage))
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return ingest(ctx, o, stdout, stderr, isTerminal(stderr))
}

func ingest(ctx context.Context, o ingestOptions, stdout, stderr io.Writer, tty bool) int {
	fail := func(err error) int {
		fmt.Fprintf(stderr, "zhdoc ingest: %v\n", err)
		return 1
	}
	files, err := collectUploads(o.paths, o.prefix)
	if err != nil {
		return fail(err)
	}
	if len(files) == 0 {
		return fail(fmt.Errorf("no files in %s", strings.Join(o.paths, " ")))
	}
	var api *apiClient
	if o.wait {
		if api, err = newAPIClient(o.api); err != nil {
			return fail(err)
		}
	}
	client, err := newS3Client(ctx)
	if err != nil {
		return fail(err)
	}
	if _, err := client.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: &o.bucket}); err != nil {
		return fail(fmt.Errorf("bucket %s: %w", o.bucket, err))
	}

	var total int64
	for _, f := range files {
		total += f.size
	}
	began := time.Now()
	rep := newReporter(stderr, tty, "files", len(files), total, true)
	results := make([]uploadResult, len(files))
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(o.concurrency, len(files)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				var shown int64
				r := uploadOne(ctx, client, o.bucket, files[i], func(n int64) {
					shown += n
					rep.add(n)
				})
				results[i] = r
				line := fmt.Sprintf("%s %s (%d bytes)", r.outcome, r.key, r.size)
				if r.err != nil {
					line = fmt.Sprintf("failed %s: %v", r.path, r.err)
				}
				// The rest of the file: skipped, or not read to its end.
				rep.step("files", max(0, r.size-shown), line, r.err != nil)
			}
		}()
	}
feed:
	for i := range files {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	rep.finish()

	count := map[string]int{}
	var sent int64
	for _, r := range results {
		if r.outcome == "" { // never started: interrupted
			continue
		}
		count[r.outcome]++
		if r.outcome == uploaded {
			sent += r.size
		}
	}
	elapsed := time.Since(began)
	fmt.Fprintf(stdout, "%d files to s3://%s/%s: %d uploaded (%s), %d unchanged, %d failed in %s\n",
		len(files), o.bucket, o.prefix, count[uploaded], formatBytes(sent), count[unchanged], count[failed],
		elapsed.Round(time.Millisecond))
	status := 0
	if count[failed] > 0 || ctx.Err() != nil {
		status = 1
	}
	if ctx.Err() != nil {
		return fail(fmt.Errorf("interrupted; run the same command again to resume"))
	}
	if !o.wait {
		return status
	}
	var done []uploadResult
	for _, r := range results {
		if r.outcome == uploaded || r.outcome == unchanged {
			done = append(done, r)
		}
	}
	wctx, cancel := context.WithTimeout(ctx, o.timeout)
	defer cancel()
	if waitStatus := waitRecords(wctx, api, o, done, stdout, stderr, tty); waitStatus != 0 {
		status = waitStatus
	}
	return status
}

// waitRecords polls the API until every uploaded object has a record of its
// current version, then prints how many were processed and failed by code.
func waitRecords(ctx context.Context, api *apiClient, o ingestOptions, objs []uploadResult, stdout, stderr io.Writer, tty bool) int {
	rep := newReporter(stderr, tty, "records", len(objs), int64(len(objs)), false)
	pending := map[string]uploadResult{}
	for _, r := range objs {
		pending[doc.ID(o.bucket, r.key)] = r
	}
	var mu sync.Mutex
	byCode := map[string]int{}
	processed := 0
	var lastErr error
	for len(pending) > 0 && ctx.Err() == nil {
		ids := make(chan string)
		var wg sync.WaitGroup
		for w := 0; w < min(o.concurrency, len(pending)); w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for id := range ids {
					body, err := api.get(ctx, "/documents/"+id, nil)
					if isNotFound(err) {
						continue
					}
					mu.Lock()
					r := pending[id]
					mu.Unlock()
					var d doc.Document
					if err == nil {
						err = json.Unmarshal(body, &d)
					}
					if err != nil {
						mu.Lock()
						lastErr = fmt.Errorf("record of %s: %w", r.key, err)
						mu.Unlock()
						continue
					}
					if d.ETag != "" && r.etag != "" && !strings.EqualFold(d.ETag, r.etag) {
						continue // the record of an older version
					}
					mu.Lock()
					delete(pending, id)
					var line string
					if d.Status == doc.StatusProcessed {
						processed++
						line = fmt.Sprintf("processed %s %s", r.key, id)
					} else {
						code := "unknown"
						msg := ""
						if d.Error != nil {
							code, msg = d.Error.Code, d.Error.Message
						}
						byCode[code]++
						line = fmt.Sprintf("failed %s %s: %s %s", r.key, id, code, msg)
					}
					mu.Unlock()
					rep.step("records", 1, line, d.Status != doc.StatusProcessed)
				}
			}()
		}
		mu.Lock()
		todo := make([]string, 0, len(pending))
		for id := range pending {
			todo = append(todo, id)
		}
		mu.Unlock()
		sort.Strings(todo)
	send:
		for _, id := range todo {
			select {
			case ids <- id:
			case <-ctx.Done():
				break send
			}
		}
		close(ids)
		wg.Wait()
		if len(pending) > 0 {
			select {
			case <-ctx.Done():
			case <-time.After(500 * time.Millisecond):
			}
		}
	}
	rep.finish()
	nfailed := 0
	codes := make([]string, 0, len(byCode))
	for c, n := range byCode {
		nfailed += n
		codes = append(codes, fmt.Sprintf("%s %d", c, n))
	}
	sort.Strings(codes)
	line := fmt.Sprintf("records: %d processed, %d failed", processed, nfailed)
	if len(codes) > 0 {
		line += " (" + strings.Join(codes, ", ") + ")"
	}
	if len(pending) > 0 {
		line += fmt.Sprintf(", %d still missing", len(pending))
	}
	fmt.Fprintln(stdout, line)
	if len(pending) > 0 {
		keys := make([]string, 0, len(pending))
		for _, r := range pending {
			keys = append(keys, r.key)
		}
		sort.Strings(keys)
		msg := fmt.Sprintf("zhdoc ingest: gave up waiting for %d record(s), e.g. %s", len(keys), keys[0])
		if lastErr != nil {
			msg += "; last error: " + lastErr.Error()
		}
		fmt.Fprintln(stderr, msg)
		return 1
	}
	if nfailed > 0 {
		return 1
	}
	return 0
}

func formatBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}
