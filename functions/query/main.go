// The query function: API Gateway HTTP API events in, JSON out. Routing is a
// plain net/http handler in shared/api; this file only adapts events to it.
package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"

	"github.com/zhdoc/zhdoc/functions/internal/awsenv"
	"github.com/zhdoc/zhdoc/shared/analyze"
	"github.com/zhdoc/zhdoc/shared/api"
	"github.com/zhdoc/zhdoc/shared/httpevent"
	"github.com/zhdoc/zhdoc/shared/search"
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
	lambda.Start(h)
}

type handlerFunc func(ctx context.Context, ev events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error)

func newHandler(ctx context.Context) (handlerFunc, error) {
	table, err := awsenv.Require("TABLE_NAME")
	if err != nil {
		return nil, err
	}
	secret, err := awsenv.Require("CURSOR_SECRET")
	if err != nil {
		return nil, err
	}
	clients, err := awsenv.Load(ctx)
	if err != nil {
		return nil, err
	}
	// Queries are analysed exactly as documents were.
	an, err := analyze.New()
	if err != nil {
		return nil, err
	}
	cacheTTL, err := time.ParseDuration(awsenv.Get("SEARCH_CACHE_TTL", "15s"))
	if err != nil {
		return nil, fmt.Errorf("SEARCH_CACHE_TTL: %w", err)
	}
	docs := store.New(clients.DynamoDB, table, []byte(secret))
	return adapt(api.New(docs, api.Deps{
		Texts:    textstore.Reader{Objects: textstore.S3{Client: clients.S3}, Prefix: awsenv.Get("TEXT_PREFIX", "derived/")},
		Analyzer: an,
		Postings: search.NewCache(docs, cacheTTL, 2_000_000),
		Cursors:  docs.Cursors(),
		Log:      awsenv.Logger(),
	})), nil
}

// adapt serves API Gateway HTTP API events with a net/http handler.
func adapt(srv http.Handler) handlerFunc {
	return func(ctx context.Context, ev events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		return httpevent.Serve(ctx, srv, ev)
	}
}
