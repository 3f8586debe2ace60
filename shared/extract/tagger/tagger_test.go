package tagger

import (
	"bytes"
	"testing"
)

// sample is a tiny fixed training set: a surname-like character opens a
// person, a place suffix closes a place.
func sample() []Example {
	mk := func(s string, spans ...Span) Example {
		rs := []rune(s)
		ex := Example{Cells: make([]Cell, len(rs)), Labels: make([]uint8, len(rs))}
		for i, r := range rs {
			ex.Cells[i] = Cell{R: r, WPos: WS, WLen: 1}
		}
		for _, sp := range spans {
			b := Begin(sp.Type)
			ex.Labels[sp.Start] = b
			for k := sp.Start + 1; k < sp.End; k++ {
				ex.Labels[k] = b + 1
			}
		}
		return ex
	}
	return []Example{
		mk("王明去了北京市。", Span{"PER", 0, 2}, Span{"LOC", 4, 7}),
		mk("李华住在上海市。", Span{"PER", 0, 2}, Span{"LOC", 4, 7}),
		mk("张强来自天津市。", Span{"PER", 0, 2}, Span{"LOC", 4, 7}),
		mk("他在联合国工作。", Span{"ORG", 2, 5}),
	}
}

func TestTrainDeterministic(t *testing.T) {
	o := TrainOptions{Bits: 10, Epochs: 5, Seed: 1}
	a, b := Train(sample(), o), Train(sample(), o)
	if !bytes.Equal(a, b) {
		t.Fatal("two runs on the same sample gave different tables")
	}
	if len(a) != header+(NLabels+1)*row*2+(1<<10)*row {
		t.Fatalf("table of %d bytes", len(a))
	}
}

func TestTrainFitsSample(t *testing.T) {
	m, err := Load(Train(sample(), TrainOptions{Bits: 12, Epochs: 10, Seed: 1}))
	if err != nil {
		t.Fatal(err)
	}
	tg := m.New()
	for _, ex := range sample() {
		got := tg.Tag(ex.Cells, nil)
		if !bytes.Equal(got, ex.Labels) {
			t.Errorf("labels %v, want %v", got, ex.Labels)
		}
		for i := range got {
			if c := tg.Confidence(got, i); c < 0 || c > 1 {
				t.Errorf("confidence %v outside [0, 1]", c)
			}
		}
	}
}

func TestLoadRejects(t *testing.T) {
	good := Train(sample(), TrainOptions{Bits: 8, Epochs: 1, Seed: 1})
	for _, c := range []struct {
		name string
		b    []byte
	}{
		{"empty", nil},
		{"bad magic", append([]byte("NOTNER01"), good[8:]...)},
		{"truncated", good[:len(good)-2]},
	} {
		if _, err := Load(c.b); err == nil {
			t.Errorf("%s: loaded", c.name)
		}
	}
	if _, err := Load(good); err != nil {
		t.Errorf("good table: %v", err)
	}
}

func TestSpans(t *testing.T) {
	for _, c := range []struct {
		labels []uint8
		want   []Span
	}{
		{[]uint8{O, O}, nil},
		{[]uint8{BPER, IPER, O, BLOC}, []Span{{"PER", 0, 2}, {"LOC", 3, 4}}},
		{[]uint8{BPER, BPER}, []Span{{"PER", 0, 1}, {"PER", 1, 2}}},
		{[]uint8{IORG, IORG, ILOC}, []Span{{"ORG", 0, 2}, {"LOC", 2, 3}}}, // a stray I- opens a mention
	} {
		got := Spans(c.labels, nil)
		if len(got) != len(c.want) {
			t.Errorf("%v: %v, want %v", c.labels, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%v: %v, want %v", c.labels, got, c.want)
			}
		}
	}
}
