package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/zhdoc/zhdoc/shared/analyze"
	"github.com/zhdoc/zhdoc/shared/script"
)

func init() {
	register("normalize", "repair and normalize a document", runNormalize)
}

// runNormalize implements `zhdoc normalize [--simplified] FILE`: it prints the
// repaired text of FILE (an HTML page, a Word file or a PDF read by the
// pipeline's format readers, else text) in its original script, or with --simplified the
// canonical form the pipeline stores (shared/analyze: converted to
// Simplified by script variant, quotes unified).
func runNormalize(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("normalize", flag.ContinueOnError)
	fs.SetOutput(stderr)
	simp := fs.Bool("simplified", false, "print the Simplified canonical form")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: zhdoc normalize [--simplified] FILE")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "zhdoc normalize: exactly one FILE")
		fs.Usage()
		return 2
	}
	b, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		fmt.Fprintf(stderr, "zhdoc normalize: %v\n", err)
		return 1
	}
	d, err := readDocument(b)
	if err != nil {
		fmt.Fprintf(stderr, "zhdoc normalize: %s: %v\n", fs.Arg(0), err)
		return 1
	}
	out := d.normalized()
	if *simp {
		// exactly the pipeline's canonical form (derived/<id>/simplified.txt)
		an, err := analyze.New()
		if err != nil {
			fmt.Fprintf(stderr, "zhdoc normalize: %v\n", err)
			return 1
		}
		if out, err = an.Simplified(out, script.Classify(out).Variant); err != nil {
			fmt.Fprintf(stderr, "zhdoc normalize: %v\n", err)
			return 1
		}
	}
	if out != "" {
		fmt.Fprintln(stdout, out)
	}
	return 0
}
