// Command processor is functions/processor's init and loop as bench measures
// it beside the baseline (see bench/internal/processor).
package main

import (
	"github.com/zhdoc/zhdoc/bench/internal/processor"
	"github.com/zhdoc/zhdoc/shared/pipeline"
)

func main() { processor.Main(pipeline.New) }
