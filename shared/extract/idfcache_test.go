package extract

import (
	"sync"
	"testing"
)

// TestIDFCache: cached weights are the table's, also when words collide and
// goroutines share the cache.
func TestIDFCache(t *testing.T) {
	e, err := New()
	if err != nil {
		t.Fatal(err)
	}
	words := []string{"合作", "上海合作组织", "的", "阿斯塔纳", "xyz未知词", "", "中国", "合作"}
	for i := 0; i < 3*len(e.idfc.slots); i++ {
		words = append(words, string(rune(0x4E00+i%20000))+string(rune(0x4E00+i%97)))
	}
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, w := range words {
				if got, want := e.idfWeight(w), e.idf.Weight(w); got != want {
					t.Errorf("idfWeight(%q) = %v, want %v", w, got, want)
					return
				}
			}
		}()
	}
	wg.Wait()
}
