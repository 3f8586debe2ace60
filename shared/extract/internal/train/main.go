// Command train fits the entity tagger (shared/extract/tagger) on the
// Universal NER Chinese GSD training file (and, with -extra pud, the UNER
// Chinese PUD file converted to Simplified) and writes its table.
//
//	go generate ./shared/extract    # or:
//	go run ./shared/extract/internal/train -out shared/extract/data/ner/model.bin -extra pud
//
// The file is split by a hash of each sentence: bucket 0 of 10 is held out
// (reported by the tests, never tuned on), bucket 1 is the dev split the
// options were chosen on, the rest is trained on. Training is
// deterministic: a fixed seed, the file's order, no map iteration.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/zhdoc/zhdoc/shared/extract"
	"github.com/zhdoc/zhdoc/shared/extract/internal/uner"
	"github.com/zhdoc/zhdoc/shared/extract/tagger"
	"github.com/zhdoc/zhdoc/shared/zhconv"
)

func main() {
	data := flag.String("data", "", "UNER train.jsonl (default: ../shared/peers/uner-zh/train.jsonl beside the module)")
	out := flag.String("out", "", "where to write the table (empty: do not write)")
	bits := flag.Uint("bits", 17, "log2 of the feature rows")
	epochs := flag.Int("epochs", 20, "passes over the training split")
	seed := flag.Uint64("seed", 13, "shuffle seed")
	curve := flag.Bool("curve", false, "print dev F1 after every epoch")
	extra := flag.String("extra", "", `comma-separated Universal NER .iob2 files (Traditional, converted to Simplified) trained on whole, after the training split; "pud" is `+pudPath)
	flag.Parse()
	if err := run(*data, *out, *extra, *bits, *epochs, *seed, *curve); err != nil {
		log.Fatal(err)
	}
}

// pudPath is the UNER Chinese PUD file in the module (CC BY-SA 3.0, its
// licence beside it): public data the project added, so retraining needs
// nothing but the peers' GSD file.
const pudPath = "shared/extract/data/ner/pud/zh_pud-ud-test.iob2"

func run(data, out, extra string, bits uint, epochs int, seed uint64, curve bool) error {
	if data == "" {
		root, err := moduleRoot()
		if err != nil {
			return err
		}
		data = filepath.Join(filepath.Dir(root), "shared", "peers", "uner-zh", "train.jsonl")
	}
	sents, err := uner.Read(data)
	if err != nil {
		return err
	}
	e, err := extract.NewForTraining()
	if err != nil {
		return fmt.Errorf("extractor: %w", err)
	}
	var train, dev []tagger.Example
	var devGold []uner.Sentence
	for _, s := range sents {
		ex, err := example(e, s)
		if err != nil {
			return err
		}
		switch uner.Split(s.Text) {
		case uner.Train:
			train = append(train, ex)
		case uner.Dev:
			dev = append(dev, ex)
			devGold = append(devGold, s)
		}
	}
	log.Printf("%s: %d sentences, train %d, dev %d", data, len(sents), len(train), len(dev))
	if extra != "" {
		t2s, err := zhconv.New("t2s")
		if err != nil {
			return fmt.Errorf("t2s: %w", err)
		}
		for _, p := range strings.Split(extra, ",") {
			if p == "pud" {
				root, err := moduleRoot()
				if err != nil {
					return err
				}
				p = filepath.Join(root, filepath.FromSlash(pudPath))
			}
			xs, err := uner.ReadIOB2(p, t2s.Convert)
			if err != nil {
				return err
			}
			for _, s := range xs {
				ex, err := example(e, s)
				if err != nil {
					return err
				}
				train = append(train, ex)
			}
			log.Printf("%s: %d sentences trained on", p, len(xs))
		}
	}
	t0 := time.Now()
	o := tagger.TrainOptions{Bits: bits, Epochs: epochs, Seed: seed}
	if curve {
		o.Epoch = func(ep int, m *tagger.Model) { log.Printf("epoch %d: dev %s", ep, score(m, dev, devGold)) }
	}
	table := tagger.Train(train, o)
	m, err := tagger.Load(table)
	if err != nil {
		return err
	}
	log.Printf("trained in %s: %d bytes; dev (tagger alone) %s", time.Since(t0).Round(time.Millisecond), len(table), score(m, dev, devGold))
	if out != "" {
		if err := os.WriteFile(out, table, 0o644); err != nil {
			return fmt.Errorf("write table: %w", err)
		}
	}
	return nil
}

func example(e *extract.Extractor, s uner.Sentence) (tagger.Example, error) {
	lines := e.TagCells(s.Text)
	if len(lines) != 1 || len(lines[0]) != len([]rune(s.Text)) {
		return tagger.Example{}, fmt.Errorf("sentence %q: cells do not tile it", s.Text)
	}
	cs := lines[0]
	labels := make([]uint8, len(cs))
	for _, m := range s.Mentions {
		b := tagger.Begin(m.Type)
		labels[m.Start] = b
		for k := m.Start + 1; k < m.End; k++ {
			labels[k] = b + 1
		}
	}
	return tagger.Example{Cells: cs, Labels: labels}, nil
}

// score is micro F1 over distinct surface strings per sentence and type.
func score(m *tagger.Model, exs []tagger.Example, gold []uner.Sentence) string {
	t := m.New()
	var got [][]uner.Mention
	for _, ex := range exs {
		labels := t.Tag(ex.Cells, nil)
		var ms []uner.Mention
		rs := make([]rune, len(ex.Cells))
		for i, c := range ex.Cells {
			rs[i] = c.R
		}
		for _, sp := range tagger.Spans(labels, nil) {
			ms = append(ms, uner.Mention{Type: sp.Type, Text: string(rs[sp.Start:sp.End]), Start: sp.Start, End: sp.End})
		}
		got = append(got, ms)
	}
	c := uner.Score(gold, got)
	types := make([]string, 0, len(c))
	for k := range c {
		types = append(types, k)
	}
	sort.Strings(types)
	s := ""
	for _, k := range types {
		s += fmt.Sprintf("%s %.3f ", k, c[k].F1())
	}
	return s
}

func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("getwd: %w", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		p := filepath.Dir(dir)
		if p == dir {
			return "", fmt.Errorf("go.mod not found above %s", dir)
		}
		dir = p
	}
}
