//go:build integration

package localstack

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/zhdoc/zhdoc/shared/store"
	"github.com/zhdoc/zhdoc/shared/store/storetest"
	"github.com/zhdoc/zhdoc/shared/testcorpus"
)

// TestIntegrationStoreContract runs the store contract, the same suite the
// in-memory store passes in the unit run, against the DynamoDB store on
// DynamoDB Local: one table per test, created from template.yaml.
func TestIntegrationStoreContract(t *testing.T) {
	jar := os.Getenv("ZHDOC_DYNAMODB_JAR")
	if jar == "" {
		t.Fatal("ZHDOC_DYNAMODB_JAR is not set: run the integration tests through `make test`")
	}
	tpl, err := LoadTemplate(testcorpus.Testdata(t, "..", "template.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	// Only DynamoDB Local: the stack's own starter, without MinIO or functions.
	st := &Stack{
		opts:    Options{DynamoDBJar: jar, ServerLogs: io.Discard},
		log:     slog.New(slog.DiscardHandler),
		workDir: t.TempDir(),
		Table:   "zhdoc-contract-0", // startDynamoDB creates it; the tests use their own
	}
	t.Cleanup(st.Close)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := st.startDynamoDB(ctx, tpl); err != nil {
		t.Fatalf("start DynamoDB Local: %v", err)
	}
	n := 0
	storetest.Run(t, func(t *testing.T) storetest.Store {
		n++
		table := fmt.Sprintf("zhdoc-contract-%d", n)
		in, err := tpl.CreateTableInput("DocumentTable", table)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.DynamoDB.CreateTable(context.Background(), in); err != nil {
			t.Fatalf("create table %s: %v", table, err)
		}
		return store.New(st.DynamoDB, table, []byte("contract secret"))
	})
}
