package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/zhdoc/zhdoc/shared/doc"
	"github.com/zhdoc/zhdoc/shared/testcorpus"
)

func TestInspect(t *testing.T) {
	var out, errb bytes.Buffer
	seed := testcorpus.Testdata(t, "seeds", "002_999ae4f09e75931b.txt")
	if code := dispatch([]string{"inspect", seed, seed + ".missing"}, nil, &out, &errb); code != 1 {
		t.Fatalf("exit %d with a missing file, want 1", code)
	}
	var d doc.Document
	if err := json.Unmarshal(out.Bytes(), &d); err != nil || d.Status != doc.StatusProcessed || d.Script != "Hans" {
		t.Fatalf("record %+v %v", d, err)
	}

	in := `{"id":"a","text":"新华社北京7月4日电 国家主席习近平出席会议。"}
{"id":"b","text":"香港特別行政區政府今日宣佈。"}
`
	out.Reset()
	if code := dispatch([]string{"inspect", "--jsonl"}, strings.NewReader(in), &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines out for 2 in", len(lines))
	}
	for i, want := range []struct{ id, script string }{{"a", "Hans"}, {"b", "Hant"}} {
		var d doc.Document
		if err := json.Unmarshal([]byte(lines[i]), &d); err != nil || d.ID != want.id || d.Script != want.script {
			t.Errorf("line %d: %+v %v", i, d, err)
		}
	}
	if code := dispatch([]string{"inspect"}, nil, &out, &errb); code != 2 {
		t.Errorf("no arguments: exit %d, want 2", code)
	}
}
