package main

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhdoc/zhdoc/infra/localstack"
)

// The env file, sourced by sh, sets exactly the values given.
func TestWriteEnv(t *testing.T) {
	path := filepath.Join(t.TempDir(), "local", "env")
	vars := []localstack.EnvVar{
		{Name: "AWS_ENDPOINT_URL_S3", Value: "http://127.0.0.1:40123"},
		{Name: "ZHDOC_BUCKET", Value: "zhdoc-documents-000000000000-us-east-1"},
		{Name: "ODD", Value: `it's "quoted" $HOME; 上海`},
		{Name: "EMPTY", Value: ""},
	}
	if err := writeEnv(path, vars); err != nil {
		t.Fatal(err)
	}
	script := `. "$1"; for v in AWS_ENDPOINT_URL_S3 ZHDOC_BUCKET ODD EMPTY; do eval "printf '%s=%s\n' $v \"\$$v\""; done; printf 'token=%s\n' "${AWS_SESSION_TOKEN-unset}"`
	cmd := exec.Command("sh", "-c", script, "sh", path)
	cmd.Env = []string{"AWS_SESSION_TOKEN=stale", "HOME=/nowhere"}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("sh: %v\n%s", err, out)
	}
	var want strings.Builder
	for _, v := range vars {
		want.WriteString(v.Name + "=" + v.Value + "\n")
	}
	want.WriteString("token=unset\n")
	if string(out) != want.String() {
		t.Errorf("sourced:\n%s\nwant:\n%s", out, want.String())
	}
}
