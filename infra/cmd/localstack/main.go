// Command localstack runs zhdoc on this machine: DynamoDB Local, MinIO and
// both functions, uploads the sample documents, prints what was extracted and
// how to query it, then serves until interrupted (or exits, with -demo).
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/zhdoc/zhdoc/infra/corpusgen"
	"github.com/zhdoc/zhdoc/infra/localstack"
	"github.com/zhdoc/zhdoc/shared/doc"
)

func main() {
	os.Exit(run())
}

func run() int {
	// If whoever started us (make, a shell) dies, shut down cleanly too.
	const prSetPdeathsig = 1 // PR_SET_PDEATHSIG from <linux/prctl.h>
	_, _, _ = syscall.RawSyscall(syscall.SYS_PRCTL, prSetPdeathsig, uintptr(syscall.SIGTERM), 0)
	var o localstack.Options
	demo := flag.Bool("demo", false, "exit after printing instead of serving")
	samples := flag.String("samples", "testdata/seeds", "folder of documents to upload")
	logDir := flag.String("logs", ".build/logs", "folder for server and function logs")
	generate := flag.Int("generate", 0, "also upload this many generated documents (built from the samples)")
	envFile := flag.String("env", ".build/local/env", "write the stack's client environment here (removed on exit)")
	flag.StringVar(&o.Template, "template", "template.yaml", "SAM template")
	flag.StringVar(&o.MinIO, "minio", ".bin/minio", "minio binary")
	flag.StringVar(&o.DynamoDBJar, "dynamodb-jar", "", "DynamoDBLocal.jar")
	flag.StringVar(&o.Processor, "processor", ".build/local/processor/bootstrap", "processor bootstrap")
	flag.StringVar(&o.Query, "query", ".build/local/query/bootstrap", "query bootstrap")
	flag.StringVar(&o.IngestMode, "ingest-mode", "", "direct or queue (default: the template's IngestMode)")
	flag.StringVar(&o.DeadLetterDir, "dead-letters", ".build/local/dead-letters", "folder for parked events")
	flag.Parse()
	port := os.Getenv("PORT")
	if port == "" {
		port = "3000"
	}
	o.APIAddr = "127.0.0.1:" + port

	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	o.Log = log
	if err := os.MkdirAll(*logDir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "localstack:", err)
		return 1
	}
	for _, f := range []struct {
		name string
		dst  *io.Writer
	}{{"servers.log", &o.ServerLogs}, {"functions.log", &o.FunctionLogs}} {
		w, err := os.Create(filepath.Join(*logDir, f.name))
		if err != nil {
			fmt.Fprintln(os.Stderr, "localstack:", err)
			return 1
		}
		defer w.Close()
		*f.dst = w
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	began := time.Now()
	st, err := localstack.Start(ctx, o)
	if err != nil {
		fmt.Fprintln(os.Stderr, "localstack: start:", err)
		return 1
	}
	defer st.Close()
	fmt.Printf("local stack up in %s (processor init %s, query init %s); logs in %s\n",
		time.Since(began).Round(time.Millisecond), st.Processor.InitDuration().Round(time.Millisecond),
		st.Query.InitDuration().Round(time.Millisecond), *logDir)

	if *envFile != "" {
		if err := writeEnv(*envFile, st.ClientEnv()); err != nil {
			fmt.Fprintln(os.Stderr, "localstack:", err)
			return 1
		}
		// Its ports die with the stack.
		defer os.Remove(*envFile)
	}

	docs, err := uploadAndWait(ctx, st, *samples, *generate)
	if err != nil {
		fmt.Fprintln(os.Stderr, "localstack:", err)
		return 1
	}
	printTable(os.Stdout, docs)
	printQueries(os.Stdout, st.APIURL, docs)
	if *envFile != "" && !*demo { // -demo exits, and the file goes with it
		printEnvUsage(os.Stdout, *envFile, st.UploadPrefix)
	}
	fmt.Printf("ready in %s\n", time.Since(began).Round(time.Millisecond))

	if *demo {
		return 0
	}
	fmt.Printf("\nserving the API on %s and S3 on %s (bucket %s); Ctrl-C stops everything\n", st.APIURL, st.S3Endpoint, st.Bucket)
	<-ctx.Done()
	fmt.Println("stopping")
	return 0
}

func uploadAndWait(ctx context.Context, st *localstack.Stack, dir string, generate int) ([]doc.Document, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("no sample documents in %s", dir)
	}
	uploads := map[string][]byte{}
	var texts []string
	for _, f := range files {
		body, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		uploads[st.UploadPrefix+"samples/"+filepath.Base(f)] = body
		texts = append(texts, string(body))
	}
	var generated []string
	if generate > 0 {
		gen, err := corpusgen.Generate(generate, corpusgen.Sentences(texts...), 1)
		if err != nil {
			return nil, err
		}
		for _, g := range gen {
			key := st.UploadPrefix + "generated/" + g.Name
			uploads[key] = g.Body
			generated = append(generated, key)
		}
	}
	etags := map[string]string{}
	for key, body := range uploads {
		out, err := st.S3.PutObject(ctx, &s3.PutObjectInput{Bucket: &st.Bucket, Key: aws.String(key), Body: bytes.NewReader(body)})
		if err != nil {
			return nil, fmt.Errorf("upload %s: %w", key, err)
		}
		etags[key] = strings.Trim(aws.ToString(out.ETag), `"`)
	}
	wctx, cancel := context.WithTimeout(ctx, 2*time.Minute+time.Duration(generate)*time.Second)
	defer cancel()
	recs, err := st.WaitRecords(wctx, etags)
	if err != nil {
		return nil, err
	}
	if generate > 0 {
		fmt.Printf("%d generated documents processed\n", len(generated))
	}
	docs := make([]doc.Document, 0, len(files))
	for key, d := range recs {
		if strings.HasPrefix(key, st.UploadPrefix+"samples/") {
			docs = append(docs, d)
		}
	}
	sort.Slice(docs, func(i, j int) bool { return docs[i].Key < docs[j].Key })
	return docs, nil
}

func printTable(w io.Writer, docs []doc.Document) {
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "KEY\tID\tSTATUS\tENCODING\tSCRIPT\tTITLE\tKEYWORDS")
	for _, d := range docs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%d\n", d.Key, d.ID, d.Status, d.Encoding.Name,
			strings.TrimSpace(d.Script+" "+d.Variant), clip(d.Title, 24), len(d.Keywords))
	}
	tw.Flush()
}

func printQueries(w io.Writer, base string, docs []doc.Document) {
	fmt.Fprintln(w, "\nquery it:")
	fmt.Fprintf(w, "  curl -s %s/healthz\n", base)
	fmt.Fprintf(w, "  curl -s '%s/documents?limit=10'\n", base)
	if len(docs) > 0 {
		fmt.Fprintf(w, "  curl -s %s/documents/%s\n", base, docs[0].ID)
		fmt.Fprintf(w, "  curl -s %s/documents/%s/related\n", base, docs[0].ID)
		fmt.Fprintf(w, "  curl -s '%s/documents/%s/text?form=simplified'\n", base, docs[0].ID)
	}
	q := url.Values{"q": {"上海合作組織"}}
	fmt.Fprintf(w, "  curl -s '%s/search?%s'          # 上海合作組織, Traditional, finds both scripts\n", base, q.Encode())
	fmt.Fprintf(w, "  curl -s '%s/documents?%s'\n", base, url.Values{"person": {"王毅"}, "from": {"2024-05-01"}, "to": {"2024-05-31"}}.Encode())
	fmt.Fprintf(w, "  curl -s '%s/facets?field=people&limit=10'\n", base)
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// writeEnv writes vars as sh export lines, so that `. FILE` points the AWS
// CLI, SDKs and zhdoc at the stack.
func writeEnv(path string, vars []localstack.EnvVar) error {
	var b strings.Builder
	b.WriteString("# zhdoc local stack: . " + path + "\n")
	b.WriteString("# A session token from elsewhere would be sent along with these keys.\n")
	b.WriteString("unset AWS_SESSION_TOKEN AWS_SECURITY_TOKEN AWS_PROFILE\n")
	for _, v := range vars {
		fmt.Fprintf(&b, "export %s=%s\n", v.Name, shellQuote(v.Value))
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("env file: %w", err)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		return fmt.Errorf("env file: %w", err)
	}
	return nil
}

// shellQuote quotes s for sh unless it needs no quoting.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:@") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func printEnvUsage(w io.Writer, path, prefix string) {
	fmt.Fprintf(w, "\nput your own files in (another shell; %s lasts while the stack runs):\n", path)
	fmt.Fprintf(w, "  . %s\n", path)
	fmt.Fprintf(w, "  aws s3 cp FILE s3://$ZHDOC_BUCKET/%s\n", prefix)
	fmt.Fprintf(w, "  .build/zhdoc ingest --wait DIR\n")
	fmt.Fprintf(w, "  .build/zhdoc query search 上海合作组织\n")
}
