package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/zhdoc/zhdoc/shared/encoding"
	"github.com/zhdoc/zhdoc/shared/script"
)

func init() {
	register("detect", "detect encoding, script and variant", runDetect)
}

// detectRecord is one output line of `zhdoc detect`.
type detectRecord struct {
	File     string           `json:"file"`
	Format   string           `json:"format,omitempty"` // text, html, docx, pdf
	Title    string           `json:"title,omitempty"`  // the document's own title (HTML, DOCX, PDF)
	Encoding *encoding.Result `json:"encoding,omitempty"`
	Script   *string          `json:"script,omitempty"`  // set (maybe "") unless Error
	Variant  *string          `json:"variant,omitempty"` // set (maybe "") unless Error
	Error    string           `json:"error,omitempty"`
}

// runDetect prints one JSON line per file: its format, its title (HTML,
// DOCX, PDF), the encoding, script and variant of the text its format
// reader gives,
// or an error for files that cannot be read or are not text. The exit code is
// 1 when any file failed, 2 on usage errors.
func runDetect(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(stderr, "usage: zhdoc detect FILE...")
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	status := 0
	for _, path := range args {
		rec := detectRecord{File: path}
		b, err := os.ReadFile(path)
		if err == nil {
			var d document
			d, err = readDocument(b)
			if err == nil {
				c := script.Classify(d.text)
				rec.Format, rec.Encoding, rec.Script, rec.Variant = d.format, &d.enc, &c.Script, &c.Variant
				if d.meta != nil {
					rec.Title = d.meta.Title
				}
			}
		}
		if err != nil {
			rec.Error = err.Error()
			status = 1
		}
		if err := enc.Encode(rec); err != nil {
			fmt.Fprintf(stderr, "zhdoc detect: %v\n", err)
			return 1
		}
	}
	return status
}
