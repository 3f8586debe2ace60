// Command baseline is functions/processor (its start-up, functions/processor/boot)
// with gse loaded as before the segmentation image (bench/baseline), for
// bench's start-up comparison.
package main

import (
	"github.com/zhdoc/zhdoc/bench/baseline"
	"github.com/zhdoc/zhdoc/functions/processor/boot"
)

func main() { boot.Main(baseline.NewPipeline) }
