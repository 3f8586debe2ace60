// Package awsenv builds AWS clients and reads function configuration from
// the environment variables template.yaml sets. The local stack sets the same
// variables plus endpoint overrides (AWS_ENDPOINT_URL_S3,
// AWS_ENDPOINT_URL_DYNAMODB), which the SDK honours by itself. It is
// internal to functions/ so that only the function mains build clients.
package awsenv

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// Clients are built once per process, at init, and reused by every invocation.
type Clients struct {
	S3       *s3.Client
	DynamoDB *dynamodb.Client
}

// Load builds the clients.
func Load(ctx context.Context) (Clients, error) {
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return Clients{}, fmt.Errorf("load AWS config: %w", err)
	}
	// S3-compatible servers other than AWS (MinIO locally) need path-style URLs.
	pathStyle, _ := strconv.ParseBool(os.Getenv("S3_FORCE_PATH_STYLE"))
	return Clients{
		S3: s3.NewFromConfig(cfg, func(o *s3.Options) {
			o.UsePathStyle = pathStyle
			// MinIO does not implement the newer default integrity checksums.
			o.RequestChecksumCalculation = aws.RequestChecksumCalculationWhenRequired
			o.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenRequired
		}),
		DynamoDB: dynamodb.NewFromConfig(cfg),
	}, nil
}

// Require returns the value of an environment variable that must be set.
func Require(name string) (string, error) {
	v := os.Getenv(name)
	if v == "" {
		return "", fmt.Errorf("environment variable %s is not set", name)
	}
	return v, nil
}

// Get returns the value of name, or def when it is unset.
func Get(name, def string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return def
}

// Logger is the JSON logger every function uses.
func Logger() *slog.Logger {
	level := slog.LevelInfo
	if os.Getenv("LOG_LEVEL") == "debug" {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewJSONHandler(os.Stdout, &slog.HandlerOptions{Level: level}))
}
