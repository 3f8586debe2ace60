package localstack

import (
	"fmt"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"gopkg.in/yaml.v3"
)

// Template is the part of template.yaml the local stack reads, so that the
// table, the bucket name and the functions' environment cannot drift from
// what is deployed.
type Template struct {
	root *yaml.Node
	// Values resolves !Ref and ${…} names: parameters (defaults, overridable),
	// pseudo parameters and the physical names of local resources.
	Values map[string]string
}

// LoadTemplate parses path.
func LoadTemplate(path string) (*Template, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read template: %w", err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("parse %s: %w", path, err)
	}
	if len(doc.Content) == 0 {
		return nil, fmt.Errorf("parse %s: empty document", path)
	}
	t := &Template{root: doc.Content[0], Values: map[string]string{
		"AWS::AccountId": "000000000000",
		"AWS::Region":    "us-east-1",
		"AWS::Partition": "aws",
		"AWS::StackName": "zhdoc-local",
	}}
	if params := child(t.root, "Parameters"); params != nil {
		for i := 0; i+1 < len(params.Content); i += 2 {
			if def := child(params.Content[i+1], "Default"); def != nil && def.Kind == yaml.ScalarNode {
				t.Values[params.Content[i].Value] = def.Value
			}
		}
	}
	return t, nil
}

// child returns the value of key in mapping node m.
func child(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func (t *Template) resource(name string) (*yaml.Node, error) {
	r := child(child(t.root, "Resources"), name)
	if r == nil {
		return nil, fmt.Errorf("template has no resource %s", name)
	}
	return child(r, "Properties"), nil
}

var subRef = regexp.MustCompile(`\$\{([A-Za-z0-9:]+)\}`)

// Resolve evaluates a scalar that may carry !Ref or !Sub.
func (t *Template) Resolve(n *yaml.Node) (string, error) {
	if n == nil || n.Kind != yaml.ScalarNode {
		return "", fmt.Errorf("line %d: only scalar values, !Ref and !Sub are supported locally", lineOf(n))
	}
	switch n.Tag {
	case "!Ref":
		v, ok := t.Values[n.Value]
		if !ok {
			return "", fmt.Errorf("line %d: !Ref %s has no local value", n.Line, n.Value)
		}
		return v, nil
	case "!Sub":
		var missing string
		out := subRef.ReplaceAllStringFunc(n.Value, func(m string) string {
			name := m[2 : len(m)-1]
			v, ok := t.Values[name]
			if !ok {
				missing = name
			}
			return v
		})
		if missing != "" {
			return "", fmt.Errorf("line %d: ${%s} has no local value", n.Line, missing)
		}
		return out, nil
	default:
		return n.Value, nil
	}
}

func lineOf(n *yaml.Node) int {
	if n == nil {
		return 0
	}
	return n.Line
}

// BucketName resolves the physical name of a bucket resource.
func (t *Template) BucketName(resource string) (string, error) {
	props, err := t.resource(resource)
	if err != nil {
		return "", err
	}
	return t.Resolve(child(props, "BucketName"))
}

// tableProps mirrors the AWS::DynamoDB::Table properties that shape the table.
type tableProps struct {
	AttributeDefinitions []struct {
		AttributeName string `yaml:"AttributeName"`
		AttributeType string `yaml:"AttributeType"`
	} `yaml:"AttributeDefinitions"`
	KeySchema              []keyElem `yaml:"KeySchema"`
	GlobalSecondaryIndexes []struct {
		IndexName  string    `yaml:"IndexName"`
		KeySchema  []keyElem `yaml:"KeySchema"`
		Projection struct {
			ProjectionType   string   `yaml:"ProjectionType"`
			NonKeyAttributes []string `yaml:"NonKeyAttributes"`
		} `yaml:"Projection"`
	} `yaml:"GlobalSecondaryIndexes"`
	BillingMode string `yaml:"BillingMode"`
}

type keyElem struct {
	AttributeName string `yaml:"AttributeName"`
	KeyType       string `yaml:"KeyType"`
}

func keySchema(ks []keyElem) []types.KeySchemaElement {
	out := make([]types.KeySchemaElement, len(ks))
	for i, k := range ks {
		out[i] = types.KeySchemaElement{AttributeName: aws.String(k.AttributeName), KeyType: types.KeyType(k.KeyType)}
	}
	return out
}

// CreateTableInput builds the CreateTable call for a table resource.
func (t *Template) CreateTableInput(resource, tableName string) (*dynamodb.CreateTableInput, error) {
	props, err := t.resource(resource)
	if err != nil {
		return nil, err
	}
	var p tableProps
	if err := props.Decode(&p); err != nil {
		return nil, fmt.Errorf("decode %s properties: %w", resource, err)
	}
	in := &dynamodb.CreateTableInput{
		TableName:   aws.String(tableName),
		KeySchema:   keySchema(p.KeySchema),
		BillingMode: types.BillingMode(p.BillingMode),
	}
	for _, a := range p.AttributeDefinitions {
		in.AttributeDefinitions = append(in.AttributeDefinitions, types.AttributeDefinition{
			AttributeName: aws.String(a.AttributeName), AttributeType: types.ScalarAttributeType(a.AttributeType),
		})
	}
	for _, g := range p.GlobalSecondaryIndexes {
		gsi := types.GlobalSecondaryIndex{
			IndexName:  aws.String(g.IndexName),
			KeySchema:  keySchema(g.KeySchema),
			Projection: &types.Projection{ProjectionType: types.ProjectionType(g.Projection.ProjectionType)},
		}
		if len(g.Projection.NonKeyAttributes) > 0 {
			gsi.Projection.NonKeyAttributes = g.Projection.NonKeyAttributes
		}
		in.GlobalSecondaryIndexes = append(in.GlobalSecondaryIndexes, gsi)
	}
	return in, nil
}

// FunctionSpec is what the local stack needs to run a function as Lambda would.
type FunctionSpec struct {
	Name    string
	Env     map[string]string
	Timeout int // seconds
	Memory  int // MB
}

// GoRuntimeEnv returns the Go runtime variables (GOGC, GOMEMLIMIT, …: the
// names starting with GO) a function's environment sets, as NAME=value,
// sorted; other variables are not resolved, so no resource needs a value.
func (t *Template) GoRuntimeEnv(resource string) ([]string, error) {
	props, err := t.resource(resource)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, src := range []*yaml.Node{child(child(t.root, "Globals"), "Function"), props} {
		vars := child(child(src, "Environment"), "Variables")
		if vars == nil {
			continue
		}
		for i := 0; i+1 < len(vars.Content); i += 2 {
			name := vars.Content[i].Value
			if !strings.HasPrefix(name, "GO") {
				continue
			}
			v, err := t.Resolve(vars.Content[i+1])
			if err != nil {
				return nil, fmt.Errorf("%s %s: %w", resource, name, err)
			}
			out = append(out, name+"="+v)
		}
	}
	sort.Strings(out)
	return out, nil
}

// Function reads a function's environment, timeout and memory (its own
// properties over Globals).
func (t *Template) Function(resource string) (FunctionSpec, error) {
	props, err := t.resource(resource)
	if err != nil {
		return FunctionSpec{}, err
	}
	spec := FunctionSpec{Name: resource, Env: map[string]string{}}
	globals := child(child(t.root, "Globals"), "Function")
	for _, src := range []*yaml.Node{globals, props} {
		if v := child(src, "Timeout"); v != nil {
			spec.Timeout, _ = strconv.Atoi(v.Value)
		}
		if v := child(src, "MemorySize"); v != nil {
			spec.Memory, _ = strconv.Atoi(v.Value)
		}
		vars := child(child(src, "Environment"), "Variables")
		if vars == nil {
			continue
		}
		for i := 0; i+1 < len(vars.Content); i += 2 {
			v, err := t.Resolve(vars.Content[i+1])
			if err != nil {
				return FunctionSpec{}, fmt.Errorf("%s %s: %w", resource, vars.Content[i].Value, err)
			}
			spec.Env[vars.Content[i].Value] = v
		}
	}
	if spec.Timeout == 0 {
		spec.Timeout = 3
	}
	return spec, nil
}

// QueueSpec is the delivery policy the template gives the processor's events.
type QueueSpec struct {
	VisibilityTimeout int // seconds, IngestQueue
	MaxReceiveCount   int // IngestQueue's redrive policy
	BatchSize         int // ProcessorQueueMapping
	MaxRetryAttempts  int // ProcessorFunction's EventInvokeConfig (direct)
}

// Queue reads the delivery policy of both ingest modes.
func (t *Template) Queue() (QueueSpec, error) {
	var q QueueSpec
	num := func(resource string, path ...string) (int, error) {
		n, err := t.resource(resource)
		if err != nil {
			return 0, err
		}
		for _, p := range path {
			n = child(n, p)
		}
		v, err := t.Resolve(n)
		if err != nil {
			return 0, fmt.Errorf("%s %v: %w", resource, path, err)
		}
		i, err := strconv.Atoi(v)
		if err != nil || i <= 0 {
			return 0, fmt.Errorf("%s %v: %q is not a positive number", resource, path, v)
		}
		return i, nil
	}
	var err error
	if q.VisibilityTimeout, err = num("IngestQueue", "VisibilityTimeout"); err != nil {
		return q, err
	}
	if q.MaxReceiveCount, err = num("IngestQueue", "RedrivePolicy", "maxReceiveCount"); err != nil {
		return q, err
	}
	if q.BatchSize, err = num("ProcessorQueueMapping", "BatchSize"); err != nil {
		return q, err
	}
	if q.MaxRetryAttempts, err = num("ProcessorFunction", "EventInvokeConfig", "MaximumRetryAttempts"); err != nil {
		return q, err
	}
	return q, nil
}
