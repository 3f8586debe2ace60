package doc

import (
	"reflect"
	"slices"
	"testing"
)

func TestFilterMatch(t *testing.T) {
	d := Document{People: []string{"王毅"}, Agencies: []string{"新华社"}, Script: "Hans", Variant: "cn", Status: StatusProcessed, Published: "2024-07-04"}
	undated := d
	undated.Published = ""
	for _, c := range []struct {
		name string
		f    Filter
		d    Document
		want bool
	}{
		{"empty", Filter{}, d, true},
		{"person", Filter{Person: "王毅"}, d, true},
		{"other person", Filter{Person: "李强"}, d, false},
		{"agency and script", Filter{Agency: "新华社", Script: "Hans"}, d, true},
		{"variant", Filter{Variant: "tw"}, d, false},
		{"status", Filter{Status: StatusFailed}, d, false},
		{"range inclusive", Filter{From: "2024-07-04", To: "2024-07-04"}, d, true},
		{"before from", Filter{From: "2024-07-05"}, d, false},
		{"undated has no date to compare", Filter{To: "2099-01-01"}, undated, false},
	} {
		if got := c.f.Match(c.d); got != c.want {
			t.Errorf("%s: Match = %v, want %v", c.name, got, c.want)
		}
	}
	// Cursors are bound to the scope: two filters differing in one field
	// must not share it.
	if (Filter{Person: "x"}).Scope() == (Filter{Place: "x"}).Scope() {
		t.Error("person and place filters share a cursor scope")
	}
}

func TestTopCounts(t *testing.T) {
	got := TopCounts([]FacetCount{{"b", 1}, {"a", 1}, {"c", 5}}, 2)
	if want := []FacetCount{{"c", 5}, {"a", 1}}; !reflect.DeepEqual(got, want) {
		t.Errorf("TopCounts = %v, want %v", got, want)
	}
}

func TestPositionsRoundTrip(t *testing.T) {
	for _, pos := range [][]int{nil, {0}, {3, 4, 200, 70000}} {
		if got := DecodePositions(EncodePositions(pos)); !slices.Equal(got, pos) {
			t.Errorf("%v came back as %v", pos, got)
		}
	}
}

func TestListKeyOrder(t *testing.T) {
	newer := ListKey(Document{ID: "a", Published: "2024-07-04", ProcessedAt: "t2"})
	older := ListKey(Document{ID: "b", Published: "2024-07-04", ProcessedAt: "t1"})
	undated := ListKey(Document{ID: "c", ProcessedAt: "t9"})
	if !(newer > older && older > undated) {
		t.Errorf("descending order broken: %q %q %q", newer, older, undated)
	}
}
