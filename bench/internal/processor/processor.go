// Package processor is functions/processor's main with the pipeline as a
// parameter, for bench's start-up comparison: bench/processor runs it with
// pipeline.New (what the processor does), bench/processor/baseline with gse
// loaded as before the segmentation image. Keep Main in step with
// functions/processor/main.go, so that the two differ only in the segmenter.
package processor

import (
	"context"
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/zhdoc/zhdoc/shared/awsenv"
	"github.com/zhdoc/zhdoc/shared/ingest"
	"github.com/zhdoc/zhdoc/shared/pipeline"
	"github.com/zhdoc/zhdoc/shared/store"
)

// Main initialises the processor over the pipeline newPipeline loads and
// serves the Lambda Runtime API.
func Main(newPipeline func() (*pipeline.Pipeline, error)) {
	log := awsenv.Logger()
	h, err := newHandler(context.Background(), newPipeline)
	if err != nil {
		log.Error("init failed", "error", err.Error())
		os.Exit(1)
	}
	h.Log = log
	lambda.Start(h.HandleS3Event)
}

func newHandler(ctx context.Context, newPipeline func() (*pipeline.Pipeline, error)) (*ingest.Processor, error) {
	table, err := awsenv.Require("TABLE_NAME")
	if err != nil {
		return nil, err
	}
	clients, err := awsenv.Load(ctx)
	if err != nil {
		return nil, err
	}
	p, err := newPipeline()
	if err != nil {
		return nil, err
	}
	return &ingest.Processor{
		S3:           clients.S3,
		Records:      store.New(clients.DynamoDB, table, nil),
		Pipeline:     p,
		TextPrefix:   awsenv.Get("TEXT_PREFIX", "derived/"),
		UploadPrefix: awsenv.Get("UPLOAD_PREFIX", "incoming/"),
		Log:          awsenv.Logger(),
	}, nil
}
