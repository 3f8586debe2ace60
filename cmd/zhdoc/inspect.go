package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/zhdoc/zhdoc/shared/pipeline"
)

func init() {
	register("inspect", "run the whole pipeline and print the record (JSON Lines)", runInspect)
}

func runInspect(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("inspect", flag.ContinueOnError)
	fs.SetOutput(stderr)
	jsonl := fs.Bool("jsonl", false, `read {"id","text"} lines on stdin, print one record per line`)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: zhdoc inspect FILE...\n       zhdoc inspect --jsonl < input.jsonl")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *jsonl == (fs.NArg() > 0) {
		fs.Usage()
		return 2
	}
	p, err := pipeline.New()
	if err != nil {
		fmt.Fprintln(stderr, "zhdoc inspect:", err)
		return 1
	}
	out := bufio.NewWriter(stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	if *jsonl {
		return inspectLines(p, stdin, out, enc, stderr)
	}
	status := 0
	for _, name := range fs.Args() {
		body, err := os.ReadFile(name)
		if err != nil {
			fmt.Fprintln(stderr, "zhdoc inspect:", err)
			status = 1
			continue
		}
		res := p.Process(pipeline.Source{Key: name, Size: int64(len(body))}, body)
		if err := enc.Encode(res.Doc); err != nil {
			fmt.Fprintln(stderr, "zhdoc inspect:", err)
			return 1
		}
	}
	return status
}

// inspectLines streams records, flushing each line, so an evaluation can
// push thousands of texts through one process.
func inspectLines(p *pipeline.Pipeline, stdin io.Reader, out *bufio.Writer, enc *json.Encoder, stderr io.Writer) int {
	sc := bufio.NewScanner(stdin)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	line := 0
	for sc.Scan() {
		line++
		var in struct {
			ID   string `json:"id"`
			Text string `json:"text"`
		}
		if err := json.Unmarshal(sc.Bytes(), &in); err != nil {
			fmt.Fprintf(stderr, "zhdoc inspect: line %d: %v\n", line, err)
			return 1
		}
		res := p.Process(pipeline.Source{Key: in.ID}, []byte(in.Text))
		res.Doc.ID = in.ID
		if err := enc.Encode(res.Doc); err != nil {
			fmt.Fprintln(stderr, "zhdoc inspect:", err)
			return 1
		}
		if err := out.Flush(); err != nil {
			return 1
		}
	}
	if err := sc.Err(); err != nil {
		fmt.Fprintln(stderr, "zhdoc inspect:", err)
		return 1
	}
	return 0
}
