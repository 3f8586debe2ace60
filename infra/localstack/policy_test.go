package localstack

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/zhdoc/zhdoc/shared/testcorpus"
)

// The template's security properties, checked from template.yaml itself:
// each function reaches only its bucket prefixes, its table and its queue,
// with exactly the actions its code calls; the bucket is private,
// encrypted and TLS-only; table and queues are encrypted; the dead-letter
// queue keeps messages; the table has point-in-time recovery; the queue's
// wiring is safe for retries; the API is throttled; and every environment
// variable a function gets is read by some code.
func TestLeastPrivilege(t *testing.T) {
	src := readTemplate(t)
	for _, p := range securityProblems(t, src) {
		t.Error(p)
	}
}

// The checks can fail: each mutation of template.yaml must be reported.
func TestLeastPrivilegeCatches(t *testing.T) {
	src := readTemplate(t)
	for _, c := range []struct{ name, old, new, want string }{
		{"s3 wildcard action", "Action: s3:GetObject\n              Resource: !Sub", "Action: s3:*\n              Resource: !Sub", "s3:*"},
		{"dynamodb wildcard action", "- dynamodb:GetItem\n                - dynamodb:PutItem", "- dynamodb:*\n                - dynamodb:PutItem", "dynamodb:*"},
		{"action the code does not need", "- dynamodb:BatchGetItem\n", "- dynamodb:BatchGetItem\n                - dynamodb:Scan\n", "dynamodb:Scan"},
		{"whole bucket", `${TextPrefix}*"` + "\n            - Sid: WriteRecords", `*"` + "\n            - Sid: WriteRecords", "s3:PutObject"},
		{"star resource", "Resource: !GetAtt IngestQueue.Arn\n              - !Ref AWS::NoValue", "Resource: \"*\"\n              - !Ref AWS::NoValue", `"*"`},
		{"public access", "RestrictPublicBuckets: true", "RestrictPublicBuckets: false", "RestrictPublicBuckets"},
		{"bucket encryption", "SSEAlgorithm: AES256", "BucketKeyEnabled: false", "encryption"},
		{"TLS-only policy", "aws:SecureTransport: \"false\"\n\n  # Single table", "aws:SourceIp: 203.0.113.0/24\n\n  # Single table", "TLS"},
		{"table encryption", "SSEEnabled: true", "SSEEnabled: false", "SSEEnabled"},
		{"point-in-time recovery", "PointInTimeRecoveryEnabled: true", "PointInTimeRecoveryEnabled: false", "point-in-time"},
		{"queue encryption", "MessageRetentionPeriod: 1209600\n      SqsManagedSseEnabled: true", "MessageRetentionPeriod: 1209600", "encrypt"},
		{"DLQ retention", "MessageRetentionPeriod: 1209600\n", "", "retention"},
		{"visibility timeout", "VisibilityTimeout: 720", "VisibilityTimeout: 300", "VisibilityTimeout"},
		{"batch item failures", "FunctionResponseTypes: [ReportBatchItemFailures]", "", "ReportBatchItemFailures"},
		{"redrive", "maxReceiveCount: 3", "maxReceiveCount: 0", "maxReceiveCount"},
		{"throttling", "ThrottlingBurstLimit: 200", "", "Throttling"},
		{"unread variable", "SEARCH_CACHE_TTL: 15s\n", "SEARCH_CACHE_TTL: 15s\n          BUCKET_NAME: !Ref DocumentBucket\n", "BUCKET_NAME"},
		{"policy template", "      Policies:\n        - Version", "      Policies:\n        - DynamoDBCrudPolicy:\n            TableName: !Ref DocumentTable\n        - Version", "policy template"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(src, c.old) {
				t.Fatalf("template.yaml no longer contains %q: update the mutation", c.old)
			}
			problems := securityProblems(t, strings.Replace(src, c.old, c.new, 1))
			if !slices.ContainsFunc(problems, func(p string) bool { return strings.Contains(p, c.want) }) {
				t.Errorf("mutation not reported (want a problem mentioning %q); problems: %q", c.want, problems)
			}
		})
	}
}

func readTemplate(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(testcorpus.Testdata(t, "..", "template.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// value converts a YAML node into plain Go values; a CloudFormation short
// form (!Ref, !Sub, !GetAtt, !If, …) becomes a one-key map "Ref", "Fn::Sub", ….
func value(n *yaml.Node) any {
	var v any
	switch n.Kind {
	case yaml.DocumentNode:
		return value(n.Content[0])
	case yaml.AliasNode:
		return value(n.Alias)
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			m[n.Content[i].Value] = value(n.Content[i+1])
		}
		v = m
	case yaml.SequenceNode:
		l := make([]any, len(n.Content))
		for i, c := range n.Content {
			l[i] = value(c)
		}
		v = l
	default:
		v = n.Value
	}
	if strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!") {
		name := strings.TrimPrefix(n.Tag, "!")
		if name != "Ref" && name != "Condition" {
			name = "Fn::" + name
		}
		return map[string]any{name: v}
	}
	return v
}

// expr renders a CloudFormation value as one comparable string: "!Sub …",
// "!Ref X", "!GetAtt X.Arn", or the literal.
func expr(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case map[string]any:
		for k, a := range x {
			switch k {
			case "Ref":
				return "!Ref " + expr(a)
			case "Fn::Sub":
				return "!Sub " + expr(a)
			case "Fn::GetAtt":
				if l, ok := a.([]any); ok {
					parts := make([]string, len(l))
					for i, p := range l {
						parts[i] = expr(p)
					}
					return "!GetAtt " + strings.Join(parts, ".")
				}
				return "!GetAtt " + expr(a)
			}
		}
	}
	return fmt.Sprint(v)
}

// list reads a value that may be a scalar or a list, and flattens !If
// (both branches: either may be deployed) and drops AWS::NoValue.
func list(v any) []any {
	switch x := v.(type) {
	case nil:
		return nil
	case []any:
		var out []any
		for _, e := range x {
			out = append(out, list(e)...)
		}
		return out
	case map[string]any:
		if c, ok := x["Fn::If"].([]any); ok && len(x) == 1 && len(c) == 3 {
			return append(list(c[1]), list(c[2])...)
		}
		if r, ok := x["Ref"]; ok && r == "AWS::NoValue" {
			return nil
		}
	}
	return []any{v}
}

func get(v any, path ...string) any {
	for _, p := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[p]
	}
	return v
}

func isTrue(v any) bool { return v == "true" }

func number(v any) (int, bool) {
	s, ok := v.(string)
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

// Resource classes a function's statement may name.
const (
	bucketARN = `!Sub arn:${AWS::Partition}:s3:::${BucketNamePrefix}-${AWS::AccountId}-${AWS::Region}`
	uploads   = bucketARN + "/${UploadPrefix}*"
	texts     = bucketARN + "/${TextPrefix}*"
	table     = "!GetAtt DocumentTable.Arn"
	indexes   = "!Sub ${DocumentTable.Arn}/index/*"
	queue     = "!GetAtt IngestQueue.Arn"
)

// grants are, per function, the actions its code calls and the resources
// each may reach: nothing more is allowed, and every grant is used.
var grants = map[string]map[string][]string{
	"ProcessorFunction": {
		"s3:GetObject":                {uploads},
		"s3:ListBucket":               {bucketARN}, // with an s3:prefix condition
		"s3:PutObject":                {texts},
		"s3:DeleteObject":             {texts},
		"dynamodb:GetItem":            {table, indexes},
		"dynamodb:PutItem":            {table, indexes},
		"dynamodb:DeleteItem":         {table, indexes},
		"dynamodb:UpdateItem":         {table, indexes},
		"dynamodb:Query":              {table, indexes},
		"dynamodb:BatchWriteItem":     {table, indexes},
		"dynamodb:TransactWriteItems": {table, indexes},
		"sqs:ReceiveMessage":          {queue},
		"sqs:DeleteMessage":           {queue},
		"sqs:ChangeMessageVisibility": {queue},
		"sqs:GetQueueAttributes":      {queue},
	},
	"QueryFunction": {
		"s3:GetObject":          {texts, uploads}, // originals: ?form=original
		"dynamodb:GetItem":      {table, indexes},
		"dynamodb:Query":        {table, indexes},
		"dynamodb:BatchGetItem": {table, indexes},
	},
}

// securityProblems lists what src (a template) gets wrong.
func securityProblems(t *testing.T, src string) []string {
	t.Helper()
	var root yaml.Node
	if err := yaml.Unmarshal([]byte(src), &root); err != nil {
		return []string{"parse: " + err.Error()}
	}
	tpl := value(&root)
	resources, _ := get(tpl, "Resources").(map[string]any)
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	byType := func(typ string) []string {
		var names []string
		for name, r := range resources {
			if get(r, "Type") == typ {
				names = append(names, name)
			}
		}
		sort.Strings(names)
		return names
	}
	globalTimeout, _ := number(get(tpl, "Globals", "Function", "Timeout"))

	// Functions: inline statements only, each action granted on exactly
	// the resources listed in grants.
	timeouts := map[string]int{}
	for _, fn := range byType("AWS::Serverless::Function") {
		props := get(resources[fn], "Properties")
		timeouts[fn] = globalTimeout
		if n, ok := number(get(props, "Timeout")); ok {
			timeouts[fn] = n
		}
		want, known := grants[fn]
		if !known {
			bad("%s: a function the least-privilege test does not know", fn)
			continue
		}
		used := map[string]bool{}
		for _, pol := range list(get(props, "Policies")) {
			stmts := get(pol, "Statement")
			if stmts == nil {
				bad("%s: policy %s is a managed policy or SAM policy template, which this test cannot check", fn, expr(pol))
				continue
			}
			for _, st := range list(stmts) {
				sid := expr(get(st, "Sid"))
				if get(st, "Effect") != "Allow" {
					continue
				}
				if get(st, "NotAction") != nil || get(st, "NotResource") != nil {
					bad("%s %s: NotAction/NotResource in an Allow", fn, sid)
				}
				for _, a := range list(get(st, "Action")) {
					action := expr(a)
					allowed, ok := want[action]
					if strings.Contains(action, "*") || !ok {
						bad("%s %s: action %s is not one the function's code needs", fn, sid, action)
						continue
					}
					used[action] = true
					for _, r := range list(get(st, "Resource")) {
						res := expr(r)
						if !slices.Contains(allowed, res) {
							bad("%s %s: %s on %s (allowed: %s)", fn, sid, action, res, strings.Join(allowed, ", "))
						}
					}
					if action == "s3:ListBucket" {
						prefix := expr(get(st, "Condition", "StringLike", "s3:prefix"))
						if prefix != "!Sub ${UploadPrefix}*" {
							bad("%s %s: s3:ListBucket not limited to the upload prefix (s3:prefix %s)", fn, sid, prefix)
						}
					}
				}
			}
		}
		for action := range want {
			if !used[action] {
				bad("%s: action %s is expected but not granted (update the test if the code no longer calls it)", fn, action)
			}
		}
		// Every variable must be read by code (GO* are the Go runtime's).
		vars, _ := get(props, "Environment", "Variables").(map[string]any)
		for name := range vars {
			if !strings.HasPrefix(name, "GO") && !readByCode(t, name) {
				bad("%s: environment variable %s is read by no code", fn, name)
			}
		}
	}
	// No statement anywhere allows everything.
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch x := v.(type) {
		case map[string]any:
			if x["Effect"] == "Allow" {
				for _, r := range list(x["Resource"]) {
					if expr(r) == "*" {
						bad(`%s: an Allow on Resource "*"`, path)
					}
				}
				for _, a := range list(x["Action"]) {
					if s := expr(a); s == "*" || strings.HasSuffix(s, ":*") {
						bad("%s: an Allow of %s", path, s)
					}
				}
			}
			for k, e := range x {
				walk(path+"."+k, e)
			}
		case []any:
			for i, e := range x {
				walk(fmt.Sprintf("%s[%d]", path, i), e)
			}
		}
	}
	walk("Resources", resources)

	// Buckets: private, encrypted, TLS only.
	for _, b := range byType("AWS::S3::Bucket") {
		props := get(resources[b], "Properties")
		for _, k := range []string{"BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"} {
			if !isTrue(get(props, "PublicAccessBlockConfiguration", k)) {
				bad("%s: PublicAccessBlockConfiguration %s is not true", b, k)
			}
		}
		rules := list(get(props, "BucketEncryption", "ServerSideEncryptionConfiguration"))
		if len(rules) == 0 || get(rules[0], "ServerSideEncryptionByDefault", "SSEAlgorithm") == nil {
			bad("%s: no default encryption at rest", b)
		}
		tlsOnly := false
		for _, pol := range byType("AWS::S3::BucketPolicy") {
			pp := get(resources[pol], "Properties")
			if expr(get(pp, "Bucket")) != "!Ref "+b {
				continue
			}
			for _, st := range list(get(pp, "PolicyDocument", "Statement")) {
				res := list(get(st, "Resource"))
				var rs []string
				for _, r := range res {
					rs = append(rs, expr(r))
				}
				if get(st, "Effect") == "Deny" && get(st, "Principal") == "*" && expr(get(st, "Action")) == "s3:*" &&
					get(st, "Condition", "Bool", "aws:SecureTransport") == "false" &&
					slices.Contains(rs, "!GetAtt "+b+".Arn") && slices.Contains(rs, "!Sub ${"+b+".Arn}/*") {
					tlsOnly = true
				}
			}
		}
		if !tlsOnly {
			bad("%s: no bucket policy denies requests without TLS (aws:SecureTransport false) on the bucket and its objects", b)
		}
	}

	// Tables: encrypted, point-in-time recovery.
	for _, tb := range byType("AWS::DynamoDB::Table") {
		props := get(resources[tb], "Properties")
		if !isTrue(get(props, "SSESpecification", "SSEEnabled")) {
			bad("%s: SSESpecification SSEEnabled is not true", tb)
		}
		if !isTrue(get(props, "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled")) {
			bad("%s: point-in-time recovery is not enabled", tb)
		}
	}

	// Queues: encrypted; dead-letter queues keep messages a week or more;
	// a queue a function consumes redrives to a DLQ and hides a message
	// for 6x the function's timeout; its mapping reports failed items.
	dlqs := map[string]bool{}
	for _, q := range byType("AWS::SQS::Queue") {
		if arn := expr(get(resources[q], "Properties", "RedrivePolicy", "deadLetterTargetArn")); strings.HasPrefix(arn, "!GetAtt ") {
			dlqs[strings.TrimSuffix(strings.TrimPrefix(arn, "!GetAtt "), ".Arn")] = true
		}
	}
	for _, fn := range byType("AWS::Serverless::Function") {
		if arn := expr(get(resources[fn], "Properties", "EventInvokeConfig", "DestinationConfig", "OnFailure", "Destination")); strings.HasPrefix(arn, "!GetAtt ") {
			dlqs[strings.TrimSuffix(strings.TrimPrefix(arn, "!GetAtt "), ".Arn")] = true
		}
	}
	if len(dlqs) == 0 {
		bad("no dead-letter queue")
	}
	for _, q := range byType("AWS::SQS::Queue") {
		props := get(resources[q], "Properties")
		if !isTrue(get(props, "SqsManagedSseEnabled")) && get(props, "KmsMasterKeyId") == nil {
			bad("%s: not encrypted at rest (SqsManagedSseEnabled or KmsMasterKeyId)", q)
		}
		if dlqs[q] {
			if n, ok := number(get(props, "MessageRetentionPeriod")); !ok || n < 7*24*3600 {
				bad("%s: a dead-letter queue needs MessageRetentionPeriod set to a week or more (retention %v)", q, get(props, "MessageRetentionPeriod"))
			}
		}
	}
	for _, m := range byType("AWS::Lambda::EventSourceMapping") {
		props := get(resources[m], "Properties")
		src := expr(get(props, "EventSourceArn"))
		q := strings.TrimSuffix(strings.TrimPrefix(src, "!GetAtt "), ".Arn")
		fn := strings.TrimPrefix(expr(get(props, "FunctionName")), "!Ref ")
		if get(resources[q], "Type") != "AWS::SQS::Queue" {
			continue
		}
		if !slices.Contains(list(get(props, "FunctionResponseTypes")), any("ReportBatchItemFailures")) {
			bad("%s: FunctionResponseTypes lacks ReportBatchItemFailures: one bad message would redeliver its batch", m)
		}
		qp := get(resources[q], "Properties")
		if vt, ok := number(get(qp, "VisibilityTimeout")); !ok || vt < 6*timeouts[fn] {
			bad("%s: VisibilityTimeout %v is under 6x %s's timeout (%d s)", q, get(qp, "VisibilityTimeout"), fn, timeouts[fn])
		}
		if n, ok := number(get(qp, "RedrivePolicy", "maxReceiveCount")); !ok || n < 1 || n > 10 {
			bad("%s: RedrivePolicy maxReceiveCount %v is not between 1 and 10", q, get(qp, "RedrivePolicy", "maxReceiveCount"))
		}
	}

	// The API: throttled.
	stages := byType("AWS::ApiGatewayV2::Stage")
	if len(stages) == 0 {
		bad("no API stage")
	}
	for _, s := range stages {
		rs := get(resources[s], "Properties", "DefaultRouteSettings")
		for _, k := range []string{"ThrottlingBurstLimit", "ThrottlingRateLimit"} {
			if n, ok := number(get(rs, k)); !ok || n <= 0 {
				bad("%s: DefaultRouteSettings %s is not set", s, k)
			}
		}
	}
	return problems
}

var codeLiterals struct {
	once map[string]bool
}

// readByCode reports whether a Go source file outside tests in functions/
// or shared/ names the variable as a string literal.
func readByCode(t *testing.T, name string) bool {
	t.Helper()
	if codeLiterals.once == nil {
		codeLiterals.once = map[string]bool{}
		lit := regexp.MustCompile(`"([A-Z][A-Z0-9_]+)"`)
		root := testcorpus.Testdata(t, "..")
		for _, dir := range []string{"functions", "shared"} {
			err := filepath.WalkDir(filepath.Join(root, dir), func(p string, d os.DirEntry, err error) error {
				if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
					return err
				}
				b, err := os.ReadFile(p)
				if err != nil {
					return err
				}
				for _, m := range lit.FindAllStringSubmatch(string(b), -1) {
					codeLiterals.once[m[1]] = true
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	return codeLiterals.once[name]
}
