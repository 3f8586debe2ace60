// The processor function: S3 ObjectCreated/ObjectRemoved events in, document
// records and derived texts out. Start-up is in ./boot, all logic in
// shared/ingest.
package main

import (
	"github.com/zhdoc/zhdoc/functions/processor/boot"
	"github.com/zhdoc/zhdoc/shared/pipeline"
)

func main() { boot.Main(pipeline.New) }
