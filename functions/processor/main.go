// The processor function: S3 ObjectCreated/ObjectRemoved events in, document
// records and derived texts out. All logic lives in shared/ingest.
package main

import (
	"context"
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/zhdoc/zhdoc/functions/internal/awsenv"
	"github.com/zhdoc/zhdoc/shared/ingest"
	"github.com/zhdoc/zhdoc/shared/pipeline"
	"github.com/zhdoc/zhdoc/shared/store"
	"github.com/zhdoc/zhdoc/shared/textstore"
)

func main() {
	log := awsenv.Logger()
	h, err := newHandler(context.Background())
	if err != nil {
		log.Error("init failed", "error", err.Error())
		os.Exit(1)
	}
	h.Log = log
	lambda.Start(h.HandleS3Event)
}

func newHandler(ctx context.Context) (*ingest.Processor, error) {
	table, err := awsenv.Require("TABLE_NAME")
	if err != nil {
		return nil, err
	}
	clients, err := awsenv.Load(ctx)
	if err != nil {
		return nil, err
	}
	p, err := pipeline.New()
	if err != nil {
		return nil, err
	}
	return &ingest.Processor{
		Objects:      textstore.S3{Client: clients.S3},
		Records:      store.New(clients.DynamoDB, table, nil),
		Pipeline:     p,
		TextPrefix:   awsenv.Get("TEXT_PREFIX", "derived/"),
		UploadPrefix: awsenv.Get("UPLOAD_PREFIX", "incoming/"),
		Log:          awsenv.Logger(),
	}, nil
}
