// Command baseline is bench's end-to-end child over the pipeline with gse
// loaded as before the segmentation image (bench/baseline).
package main

import (
	"github.com/zhdoc/zhdoc/bench/baseline"
	"github.com/zhdoc/zhdoc/bench/internal/e2e"
)

func main() { e2e.Main(baseline.NewPipeline) }
