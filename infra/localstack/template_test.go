package localstack

import (
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/zhdoc/zhdoc/shared/store"
	"github.com/zhdoc/zhdoc/shared/testcorpus"
)

// The local table and function environments come from template.yaml; this
// checks that they match what the code expects.
func TestTemplate(t *testing.T) {
	tpl, err := LoadTemplate(testcorpus.Testdata(t, "..", "template.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	in, err := tpl.CreateTableInput("DocumentTable", "t")
	if err != nil {
		t.Fatal(err)
	}
	if len(in.KeySchema) != 2 || *in.KeySchema[0].AttributeName != store.AttrPK || *in.KeySchema[1].AttributeName != store.AttrSK {
		t.Errorf("key schema %+v", in.KeySchema)
	}
	if g := in.GlobalSecondaryIndexes; len(g) != 2 || *g[0].IndexName != store.IndexGSI1 || *g[1].IndexName != store.IndexGSI2 ||
		*g[1].KeySchema[0].AttributeName != store.AttrPK || *g[1].KeySchema[1].AttributeName != "n" {
		t.Errorf("indexes %+v", in.GlobalSecondaryIndexes)
	}
	if in.BillingMode != "PAY_PER_REQUEST" {
		t.Errorf("billing %s", in.BillingMode)
	}
	bucket, err := tpl.BucketName("DocumentBucket")
	if err != nil || bucket != "zhdoc-docs-000000000000-us-east-1" {
		t.Errorf("bucket %q %v", bucket, err)
	}
	tpl.Values["DocumentTable"] = "t"
	tpl.Values["CursorSecret"] = "s"
	for _, fn := range []string{"ProcessorFunction", "QueryFunction"} {
		spec, err := tpl.Function(fn)
		if err != nil {
			t.Fatal(err)
		}
		if spec.Env["TABLE_NAME"] != "t" || spec.Env["TEXT_PREFIX"] != "derived/" || spec.Timeout < 10 || spec.Memory < 128 {
			t.Errorf("%s: %+v", fn, spec)
		}
	}
	if _, err := tpl.Function("NoSuchFunction"); err == nil {
		t.Error("missing resource accepted")
	}
	// The processor's Go runtime settings, read without resolving anything
	// else (a fresh template: DocumentTable has no value there).
	fresh, err := LoadTemplate(testcorpus.Testdata(t, "..", "template.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	goEnv, err := fresh.GoRuntimeEnv("ProcessorFunction")
	if err != nil {
		t.Fatal(err)
	}
	spec, _ := tpl.Function("ProcessorFunction")
	var want []string
	for k, v := range spec.Env {
		if strings.HasPrefix(k, "GO") {
			want = append(want, k+"="+v)
		}
	}
	sort.Strings(want)
	if len(goEnv) == 0 || !slices.Equal(goEnv, want) {
		t.Errorf("GoRuntimeEnv = %v, want %v (and not empty)", goEnv, want)
	}
}

// The local queue and retries follow the template's delivery policy; the
// visibility timeout is at least 6x the processor's timeout, as AWS advises
// for event source mappings.
func TestTemplateQueue(t *testing.T) {
	tpl, err := LoadTemplate(testcorpus.Testdata(t, "..", "template.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	q, err := tpl.Queue()
	if err != nil {
		t.Fatal(err)
	}
	tpl.Values["DocumentTable"], tpl.Values["DocumentBucket"] = "t", "b" // as Start sets them
	fn, err := tpl.Function("ProcessorFunction")
	if err != nil {
		t.Fatal(err)
	}
	if q.VisibilityTimeout < 6*fn.Timeout || q.MaxReceiveCount < 1 || q.BatchSize < 1 || q.MaxRetryAttempts < 0 {
		t.Errorf("queue spec %+v (function timeout %d s)", q, fn.Timeout)
	}
	if tpl.Values["IngestMode"] != IngestDirect && tpl.Values["IngestMode"] != IngestQueue {
		t.Errorf("IngestMode default %q", tpl.Values["IngestMode"])
	}
}
