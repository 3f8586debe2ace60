package tagger

import (
	"encoding/binary"
	"math"
	"math/rand/v2"
	"slices"
)

// Example is one training sentence: its cells and gold labels.
type Example struct {
	Cells  []Cell
	Labels []uint8
}

// TrainOptions set a training run.
type TrainOptions struct {
	Bits   uint   // log2 of the feature rows (table size = 2^Bits·16 bytes)
	Epochs int    // passes over the examples
	Seed   uint64 // of the per-epoch shuffle
	// Epoch, when not nil, is called after each pass with the averaged
	// model so far (for a learning curve on a dev split).
	Epoch func(epoch int, m *Model)
}

// Train fits an averaged structured perceptron (Collins 2002) and returns
// the model table. The result depends only on the examples, their order
// and the options: the shuffle is seeded, nothing iterates over a map.
func Train(exs []Example, o TrainOptions) []byte {
	n := 1 << o.Bits
	mask := uint32(n - 1)
	nt := (NLabels + 1) * row
	// w: current weights; u: sums of step·update, so the average is
	// w - u/step (the lazy averaging trick).
	w := make([]float64, nt+n*row)
	u := make([]float64, nt+n*row)
	step := 1.0
	order := make([]int, len(exs))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(o.Seed, o.Seed^0x5DEECE66D))
	var feats [][]uint32
	var ps []pre
	var emit []int32
	var back []uint8
	var pred []uint8
	upd := func(i int, d float64) {
		w[i] += d
		u[i] += step * d
	}
	for ep := 1; ep <= o.Epochs; ep++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, k := range order {
			ex := &exs[k]
			m := len(ex.Cells)
			if m == 0 {
				continue
			}
			feats = feats[:0]
			ps = prepare(ex.Cells, ps)
			for i := range ex.Cells {
				var fs [maxFeatures]uint32
				k := features(ex.Cells, ps, i, &fs)
				feats = append(feats, fs[:k])
			}
			// Decode with the current (float) weights, scaled to int32.
			if cap(emit) < m*row {
				emit = make([]int32, m*row)
				back = make([]uint8, m*row)
			}
			emit, back = emit[:m*row], back[:m*row]
			for i, fs := range feats {
				for l := 0; l < NLabels; l++ {
					s := 0.0
					for _, f := range fs {
						s += w[nt+int(f&mask)*row+l]
					}
					emit[i*row+l] = int32(math.Round(s * 1000))
				}
			}
			tm := &Model{}
			for i := range tm.trans {
				tm.trans[i] = int32(math.Round(w[i] * 1000))
			}
			tm.scale = 1000
			pred = tm.viterbi(emit, back, m, pred[:0])
			for i := range pred {
				g, p := ex.Labels[i], pred[i]
				gp, pp := uint8(NLabels), uint8(NLabels)
				if i > 0 {
					gp, pp = ex.Labels[i-1], pred[i-1]
				}
				if g != p {
					for _, f := range feats[i] {
						upd(nt+int(f&mask)*row+int(g), 1)
						upd(nt+int(f&mask)*row+int(p), -1)
					}
				}
				if g != p || gp != pp {
					upd(int(gp)*row+int(g), 1)
					upd(int(pp)*row+int(p), -1)
				}
			}
			step++
		}
		if o.Epoch != nil {
			m, _ := Load(encode(w, u, step, o.Bits))
			o.Epoch(ep, m)
		}
	}
	return encode(w, u, step, o.Bits)
}

// encode averages, quantizes and lays out the table: feature weights as
// int8 (a row is 8 bytes, so the table stays small enough for the caches;
// the few weights beyond the 99.9th percentile are clamped), transitions
// as int16 on the same scale.
func encode(w, u []float64, step float64, bits uint) []byte {
	nt := (NLabels + 1) * row
	avg := make([]float64, len(w))
	for i := range w {
		avg[i] = w[i] - u[i]/step
	}
	mags := make([]float64, 0, len(w)-nt)
	for _, v := range avg[nt:] {
		if v != 0 {
			mags = append(mags, math.Abs(v))
		}
	}
	slices.Sort(mags)
	scale := 1.0
	if len(mags) > 0 {
		scale = 127 / mags[len(mags)*999/1000]
	}
	b := make([]byte, header+nt*2+len(w)-nt) // rows start 16-byte aligned
	copy(b, magic)
	binary.LittleEndian.PutUint32(b[8:], uint32(bits))
	binary.LittleEndian.PutUint32(b[16:], math.Float32bits(float32(scale)))
	for i, v := range avg[:nt] {
		q := max(-32767, min(32767, math.Round(v*scale)))
		binary.LittleEndian.PutUint16(b[header+2*i:], uint16(int16(q)))
	}
	for i, v := range avg[nt:] {
		q := max(-127, min(127, math.Round(v*scale)))
		b[header+nt*2+i] = byte(int8(q))
	}
	return b
}
