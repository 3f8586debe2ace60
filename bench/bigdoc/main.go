// Command bigdoc writes a large test document composed from the reference
// texts (bench/internal/bigdoc), for measuring the pipeline by hand:
//
//	go run ./bench/bigdoc -mb 16 -script Hant -damage > /tmp/16.txt
//	/usr/bin/time -v zhdoc inspect /tmp/16.txt
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/zhdoc/zhdoc/bench/internal/bigdoc"
)

func main() {
	dir := flag.String("ref", "../shared/corpus/reference", "reference texts")
	mb := flag.Float64("mb", 1, "size in MB (2^20 bytes)")
	script := flag.String("script", "Hans", "Hans or Hant")
	damage := flag.Bool("damage", false, "OCR wraps and mojibake in some paragraphs")
	oneLine := flag.Bool("one-line", false, "no line breaks at all")
	seed := flag.Uint64("seed", 1, "random seed")
	flag.Parse()
	paras, err := bigdoc.Paragraphs(*dir, *script)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Stdout.Write(bigdoc.Compose(paras, int(*mb*(1<<20)), bigdoc.Kind{Script: *script, Damage: *damage, OneLine: *oneLine}, *seed))
}
