// The processor function: object changes in (S3 notifications direct or
// through SQS, EventBridge S3 events, S3 Batch Operations tasks; the source
// is detected from the payload), document records and derived texts out.
// Start-up is in ./boot, all logic in shared/ingest.
package main

import (
	"github.com/zhdoc/zhdoc/functions/processor/boot"
	"github.com/zhdoc/zhdoc/shared/pipeline"
)

func main() { boot.Main(pipeline.New) }
