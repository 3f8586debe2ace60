package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"golang.org/x/term"
)

// What ingest and query read when a flag is not given; `make run` writes
// them into .build/local/env.
const (
	envBucket = "ZHDOC_BUCKET"
	envAPI    = "ZHDOC_API"
)

// fromEnv returns flagValue, else the environment variable, else an error
// that says how to provide it.
func fromEnv(flagValue, flagName, envName string) (string, error) {
	if flagValue != "" {
		return flagValue, nil
	}
	if v := os.Getenv(envName); v != "" {
		return v, nil
	}
	return "", missingSetting(fmt.Sprintf("no %s: pass --%s or set %s (for the local stack: . .build/local/env)", flagName, flagName, envName))
}

// missingSetting is a setting neither given nor in the environment: said
// without the usage text, which would bury it.
type missingSetting string

func (m missingSetting) Error() string { return string(m) }

// usageText returns usage unless err is a missing setting.
func usageText(err error, usage string) string {
	var m missingSetting
	if errors.As(err, &m) {
		return ""
	}
	return usage
}

// parseInterspersed parses flags that may come before, between or after
// the positional arguments ("search 上海 --limit 5"), which the flag package
// alone stops at. "--" ends the flags.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// apiError is an error response of the query API; Detail comes from its
// problem+json body when it has one.
type apiError struct {
	Status int
	Detail string
}

func (e *apiError) Error() string {
	if e.Detail != "" {
		return fmt.Sprintf("%s (HTTP %d)", e.Detail, e.Status)
	}
	return fmt.Sprintf("HTTP %d %s", e.Status, http.StatusText(e.Status))
}

// apiClient calls the query API.
type apiClient struct {
	base string
	http *http.Client
}

func newAPIClient(base string) (*apiClient, error) {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("API URL %q is not an http(s) URL", base)
	}
	return &apiClient{base: strings.TrimRight(base, "/"), http: &http.Client{Timeout: 60 * time.Second}}, nil
}

// get fetches path?params and returns the body of a 200 response, or an
// *apiError for any other status.
func (c *apiClient) get(ctx context.Context, path string, params url.Values) ([]byte, error) {
	u := c.base + path
	if len(params) > 0 {
		u += "?" + params.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", u, err)
	}
	req.Header.Set("Accept", "application/json")
	res, err := c.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", u, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, 64<<20))
	if err != nil {
		return nil, fmt.Errorf("GET %s: read response: %w", u, err)
	}
	if res.StatusCode != http.StatusOK {
		e := &apiError{Status: res.StatusCode}
		var p struct {
			Title   string `json:"title"`
			Detail  string `json:"detail"`
			Message string `json:"message"` // API Gateway's own errors
		}
		if json.Unmarshal(body, &p) == nil {
			e.Detail = firstNonEmpty(p.Detail, p.Message, p.Title)
		}
		return nil, e
	}
	return body, nil
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// isNotFound reports whether err is the API's 404.
func isNotFound(err error) bool {
	var e *apiError
	return errors.As(err, &e) && e.Status == http.StatusNotFound
}

// newS3Client builds an S3 client from the standard configuration chain
// (environment, shared config and credentials files, SSO, instance roles),
// including endpoint overrides such as AWS_ENDPOINT_URL_S3. Path-style
// addressing, which MinIO and most S3-compatible servers need, is used when
// S3_FORCE_PATH_STYLE says so, and by default when an endpoint is overridden.
func newS3Client(ctx context.Context) (*s3.Client, error) {
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, fmt.Errorf("load AWS config: %w", err)
	}
	pathStyle, err := usePathStyle(os.LookupEnv)
	if err != nil {
		return nil, err
	}
	return s3.NewFromConfig(cfg, func(o *s3.Options) {
		o.UsePathStyle = pathStyle
		if cfg.RequestChecksumCalculation == 0 && pathStyle {
			// S3-compatible servers may not implement the newer default
			// integrity checksums; Content-MD5 still protects each upload.
			o.RequestChecksumCalculation = aws.RequestChecksumCalculationWhenRequired
			o.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenRequired
		}
	}), nil
}

// usePathStyle decides the S3 addressing style from the environment.
func usePathStyle(lookup func(string) (string, bool)) (bool, error) {
	if v, ok := lookup("S3_FORCE_PATH_STYLE"); ok && v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return false, fmt.Errorf("S3_FORCE_PATH_STYLE=%q is not a boolean", v)
		}
		return b, nil
	}
	for _, name := range []string{"AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL"} {
		if v, ok := lookup(name); ok && v != "" {
			return true, nil
		}
	}
	return false, nil
}
