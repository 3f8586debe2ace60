// The query function: API Gateway HTTP API events in, JSON out. Routing is a
// plain net/http handler in shared/api; this file only adapts events to it.
package main

import (
	"context"
	"net/http"
	"os"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"

	"github.com/zhdoc/zhdoc/shared/api"
	"github.com/zhdoc/zhdoc/shared/awsenv"
	"github.com/zhdoc/zhdoc/shared/httpevent"
	"github.com/zhdoc/zhdoc/shared/store"
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
	return adapt(api.New(store.New(clients.DynamoDB, table, []byte(secret)), awsenv.Logger())), nil
}

// adapt serves API Gateway HTTP API events with a net/http handler.
func adapt(srv http.Handler) handlerFunc {
	return func(ctx context.Context, ev events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		return httpevent.Serve(ctx, srv, ev)
	}
}
