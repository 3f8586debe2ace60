// Package boot is the processor function's start-up: configuration from the
// environment template.yaml sets, AWS clients, the pipeline, then the Lambda
// loop. The pipeline is a parameter so that bench can start the very same
// function over a baseline segmenter (bench/processor/baseline).
package boot

import (
	"context"
	"fmt"
	"os"
	"strconv"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/zhdoc/zhdoc/functions/internal/awsenv"
	"github.com/zhdoc/zhdoc/shared/emf"
	"github.com/zhdoc/zhdoc/shared/ingest"
	"github.com/zhdoc/zhdoc/shared/pipeline"
	"github.com/zhdoc/zhdoc/shared/store"
	"github.com/zhdoc/zhdoc/shared/textstore"
)

// Main initialises the processor over the pipeline newPipeline loads and
// serves the Lambda Runtime API; it exits when initialisation fails.
func Main(newPipeline func() (*pipeline.Pipeline, error)) {
	log := awsenv.Logger()
	h, err := Handler(context.Background(), newPipeline)
	if err != nil {
		log.Error("init failed", "error", err.Error())
		os.Exit(1)
	}
	h.Log = log
	lambda.Start(h.Handle)
}

// Handler builds the processor from the environment.
func Handler(ctx context.Context, newPipeline func() (*pipeline.Pipeline, error)) (*ingest.Processor, error) {
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
	if err := Configure(p); err != nil {
		return nil, err
	}
	return &ingest.Processor{
		Objects:      textstore.S3{Client: clients.S3},
		Records:      store.New(clients.DynamoDB, table, nil),
		Pipeline:     p,
		TextPrefix:   awsenv.Get("TEXT_PREFIX", "derived/"),
		UploadPrefix: awsenv.Get("UPLOAD_PREFIX", "incoming/"),
		Log:          awsenv.Logger(),
		// EMF lines on stdout, beside the JSON log: CloudWatch Logs turns
		// them into metrics (documents by outcome and failure code, bytes,
		// stage latencies) that template.yaml's alarms read.
		Metrics: emf.New(os.Stdout, awsenv.Get("METRICS_NAMESPACE", "zhdoc"),
			map[string]string{"Function": awsenv.Get("AWS_LAMBDA_FUNCTION_NAME", "processor")}),
	}, nil
}

// Configure applies the pipeline settings template.yaml sets: MAX_BYTES,
// the size above which an object fails with too_large unread (the
// MaxObjectBytes parameter; pipeline.DefaultMaxBytes when unset).
func Configure(p *pipeline.Pipeline) error {
	v := awsenv.Get("MAX_BYTES", "")
	if v == "" {
		return nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 1 {
		return fmt.Errorf("MAX_BYTES=%q: want a positive number of bytes", v)
	}
	p.MaxBytes = n
	return nil
}
