package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/zhdoc/zhdoc/shared/doc"
	"github.com/zhdoc/zhdoc/shared/index"
)

// step is one write of the ordering contract: a put of version v (v > 0)
// or a removal (v == 0) at sequencer seq.
type step struct {
	v     int
	seq   string
	stale bool // the store must refuse it with doc.ErrStale
}

// version n of one document: its own title, person, term and length, so
// what remains of each version after a run can be counted.
func version(n int, seq string) (doc.Document, index.Entries) {
	d := article("a.txt", fmt.Sprintf("2024-07-0%d", n), "2024-07-10T00:00:00Z", fmt.Sprintf("人%d", n))
	d.Title = fmt.Sprintf("版本%d", n)
	d.Sequencer = seq
	return d, entries(d, n, fmt.Sprintf("词%d", n))
}

// testOrdering: whatever order or repetition S3 delivers the changes of a
// key in, the store ends with exactly the state of the latest one, by
// sequencer, and its index entries and counters only; a removal leaves a
// tombstone no reader sees.
func testOrdering(t *testing.T, newStore func(t *testing.T) Store) {
	for _, c := range []struct {
		name  string
		steps []step
		want  int    // version left; 0: none
		seq   string // its sequencer
	}{
		{"same create twice", []step{{1, "0A", false}, {1, "0A", false}}, 1, "0A"},
		{"older create after a newer", []step{{2, "0B", false}, {1, "0A", true}}, 2, "0B"},
		{"sequencers of unequal length", []step{{1, "FF", false}, {2, "100", false}, {3, "0FE", true}}, 2, "100"},
		{"case ignored", []step{{1, "0b", false}, {2, "0A", true}}, 1, "0b"},
		{"delete before the create it follows", []step{{0, "0B", false}, {1, "0A", true}}, 0, ""},
		{"delete then a newer create", []step{{1, "0A", false}, {0, "0B", false}, {3, "0C", false}}, 3, "0C"},
		{"late delete after a newer create", []step{{3, "0C", false}, {0, "0B", true}}, 3, "0C"},
		{"delete twice", []step{{1, "0A", false}, {0, "0B", false}, {0, "0B", false}}, 0, ""},
		{"late create after a re-create", []step{{1, "0A", false}, {0, "0B", false}, {3, "0C", false}, {1, "0A", true}, {0, "0B", true}}, 3, "0C"},
		// A batch re-run reads the object as it is: it applies and keeps
		// the latest sequencer, so an older event is still refused.
		{"unordered re-process inherits", []step{{2, "0B", false}, {3, "", false}, {1, "0A", true}}, 3, "0B"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := newStore(t)
			ctx := context.Background()
			id := doc.ID("bucket", "a.txt")
			for i, st := range c.steps {
				var err error
				if st.v == 0 {
					err = s.Remove(ctx, id, st.seq)
				} else {
					d, e := version(st.v, st.seq)
					err = s.Put(ctx, d, e)
				}
				if st.stale != errors.Is(err, doc.ErrStale) || (err != nil && !errors.Is(err, doc.ErrStale)) {
					t.Fatalf("step %d %+v: err %v, want stale=%v", i, st, err, st.stale)
				}
			}
			got, err := s.Get(ctx, id)
			switch {
			case c.want == 0 && !errors.Is(err, doc.ErrNotFound):
				t.Fatalf("get: %+v %v, want doc.ErrNotFound (a tombstone is no document)", got, err)
			case c.want != 0 && err != nil:
				t.Fatalf("get: %v", err)
			case c.want != 0 && (got.Title != fmt.Sprintf("版本%d", c.want) || got.Sequencer != c.seq):
				t.Fatalf("record %q at %q, want 版本%d at %q", got.Title, got.Sequencer, c.want, c.seq)
			}
			wantCorpus, wantPeople, wantKeys := doc.Corpus{}, map[string]int{}, []string(nil)
			if c.want != 0 {
				wantCorpus = doc.Corpus{Docs: 1, Tokens: c.want}
				wantPeople[fmt.Sprintf("人%d", c.want)] = 1
				wantKeys = []string{"a.txt"}
			}
			if cs := corpus(t, s); cs != wantCorpus {
				t.Errorf("corpus %+v, want %+v", cs, wantCorpus)
			}
			if got := counts(t, s, index.FieldPerson); !reflect.DeepEqual(got, wantPeople) {
				t.Errorf("person counts %v, want %v", got, wantPeople)
			}
			for n := 1; n <= 3; n++ {
				rows, _, err := s.Postings(ctx, fmt.Sprintf("词%d", n), 10, false)
				if err != nil {
					t.Fatal(err)
				}
				if want := map[bool]int{true: 1}[n == c.want]; len(rows) != want {
					t.Errorf("postings of 词%d: %d, want %d", n, len(rows), want)
				}
			}
			if keys := listAll(t, s, doc.ListQuery{Limit: 10}); !slices.Equal(keys, wantKeys) {
				t.Errorf("listing %v, want %v", keys, wantKeys)
			}
			for _, p := range []string{"人1", "人2", "人3"} {
				keys := listAll(t, s, doc.ListQuery{Filter: doc.Filter{Person: p}, Limit: 10})
				if want := strings.TrimPrefix(p, "人") == fmt.Sprint(c.want); len(keys) != map[bool]int{true: 1}[want] {
					t.Errorf("person %s lists %v", p, keys)
				}
			}
		})
	}
}
