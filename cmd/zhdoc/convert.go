package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/zhdoc/zhdoc/shared/zhconv"
)

func init() {
	register("convert", "convert script (OpenCC configs)", runConvert)
}

// runConvert implements `zhdoc convert -c CONFIG [FILE]`: it converts FILE
// (stdin when absent) with an OpenCC config and writes the result to stdout.
func runConvert(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("convert", flag.ContinueOnError)
	fs.SetOutput(stderr)
	config := fs.String("c", "", "OpenCC config: "+strings.Join(zhconv.Configs(), ", "))
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: zhdoc convert -c CONFIG [FILE]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	if *config == "" || fs.NArg() > 1 {
		if *config == "" {
			fmt.Fprintln(stderr, "zhdoc convert: -c CONFIG is required")
		} else {
			fmt.Fprintln(stderr, "zhdoc convert: at most one FILE")
		}
		fs.Usage()
		return 2
	}
	conv, err := zhconv.New(*config)
	if err != nil {
		fmt.Fprintf(stderr, "zhdoc convert: %v\n", err)
		return 2
	}
	in := stdin
	name := "stdin"
	if fs.NArg() == 1 {
		name = fs.Arg(0)
		f, err := os.Open(name)
		if err != nil {
			fmt.Fprintf(stderr, "zhdoc convert: %v\n", err)
			return 1
		}
		defer f.Close()
		in = f
	}
	src, err := io.ReadAll(in)
	if err != nil {
		fmt.Fprintf(stderr, "zhdoc convert: %s: %v\n", name, err)
		return 1
	}
	out, err := conv.ConvertBytes(make([]byte, 0, len(src)+len(src)/8), src)
	if err != nil {
		fmt.Fprintf(stderr, "zhdoc convert: %s: %v\n", name, err)
		return 1
	}
	w := bufio.NewWriter(stdout)
	w.Write(out)
	if err := w.Flush(); err != nil {
		fmt.Fprintf(stderr, "zhdoc convert: write: %v\n", err)
		return 1
	}
	return 0
}
