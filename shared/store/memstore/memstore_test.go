package memstore_test

import (
	"testing"

	"github.com/zhdoc/zhdoc/shared/store/memstore"
	"github.com/zhdoc/zhdoc/shared/store/storetest"
)

func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Store { return memstore.New([]byte("test secret")) })
}
