// Command e2e is bench's end-to-end child over the pipeline as the
// processor loads it (see bench/internal/e2e).
package main

import (
	"github.com/zhdoc/zhdoc/bench/internal/e2e"
	"github.com/zhdoc/zhdoc/shared/pipeline"
)

func main() { e2e.Main(pipeline.New) }
