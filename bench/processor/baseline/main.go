// Command baseline is functions/processor with gse loaded as before the
// segmentation image (bench/baseline), for bench's start-up comparison.
package main

import (
	"github.com/zhdoc/zhdoc/bench/baseline"
	"github.com/zhdoc/zhdoc/bench/internal/processor"
)

func main() { processor.Main(baseline.NewPipeline) }
