package engine

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Pipeline is a compiled OpenCC config: normalization steps over the whole
// text, then optional maximum-match segmentation, then the conversion chain
// applied to each segment in turn.
type Pipeline struct {
	Name  string
	Norm  []*Step
	Seg   *Step
	Chain []*Step
}

type jsonDict struct {
	Type        string     `json:"type"`
	File        string     `json:"file"`
	MatchPolicy string     `json:"match_policy"`
	Dicts       []jsonDict `json:"dicts"`
}

type jsonConfig struct {
	Name          string `json:"name"`
	Normalization []struct {
		Dict jsonDict `json:"dict"`
	} `json:"normalization"`
	Segmentation *struct {
		Type string   `json:"type"`
		Dict jsonDict `json:"dict"`
	} `json:"segmentation"`
	ConversionChain []struct {
		Dict jsonDict `json:"dict"`
	} `json:"conversion_chain"`
}

// ParseConfig compiles an OpenCC JSON config. leaf resolves a dictionary
// name such as "TSPhrases" (the file name without ".ocd2").
func ParseConfig(data []byte, leaf func(name string) (*Leaf, error)) (*Pipeline, error) {
	var c jsonConfig
	if err := json.Unmarshal(data, &c); err != nil {
		return nil, err
	}
	var build func(d jsonDict) (*Node, error)
	build = func(d jsonDict) (*Node, error) {
		switch d.Type {
		case "group":
			n := &Node{}
			switch d.MatchPolicy {
			case "", "short_circuit":
			case "union":
				n.Union = true
			default:
				return nil, fmt.Errorf("unknown match_policy %q", d.MatchPolicy)
			}
			for _, ch := range d.Dicts {
				cn, err := build(ch)
				if err != nil {
					return nil, err
				}
				n.Children = append(n.Children, cn)
			}
			return n, nil
		case "ocd2", "text":
			name := d.File
			name = strings.TrimSuffix(strings.TrimSuffix(name, ".ocd2"), ".txt")
			l, err := leaf(name)
			if err != nil {
				return nil, err
			}
			return &Node{Leaf: l}, nil
		}
		return nil, fmt.Errorf("unsupported dictionary type %q", d.Type)
	}
	p := &Pipeline{Name: c.Name}
	for _, it := range c.Normalization {
		n, err := build(it.Dict)
		if err != nil {
			return nil, err
		}
		p.Norm = append(p.Norm, NewStep(n))
	}
	if c.Segmentation != nil {
		if c.Segmentation.Type != "mmseg" {
			return nil, fmt.Errorf("unsupported segmentation %q", c.Segmentation.Type)
		}
		n, err := build(c.Segmentation.Dict)
		if err != nil {
			return nil, err
		}
		p.Seg = NewStep(n)
	}
	for _, it := range c.ConversionChain {
		n, err := build(it.Dict)
		if err != nil {
			return nil, err
		}
		p.Chain = append(p.Chain, NewStep(n))
	}
	if len(p.Chain) == 0 {
		return nil, fmt.Errorf("empty conversion_chain")
	}
	return p, nil
}

// Scratch holds reusable buffers for Convert.
type Scratch struct {
	a, b, c []byte
	cuts    []int
}

// Convert appends the conversion of src (valid UTF-8) to dst.
func (p *Pipeline) Convert(dst, src []byte, sc *Scratch) []byte {
	if len(src) == 0 {
		return dst
	}
	text := src
	for _, st := range p.Norm {
		if st.Untouched(text) {
			continue
		}
		out := st.Convert(sc.a[:0], text)
		sc.a, sc.c = sc.c, out // keep out alive in c, recycle the other
		text = out
	}
	if p.Seg == nil {
		return p.chain(dst, text, sc)
	}
	sc.cuts = p.Seg.Segment(sc.cuts[:0], text)
	start := 0
	for _, end := range sc.cuts {
		dst = p.chain(dst, text[start:end], sc)
		start = end
	}
	return dst
}

// chain runs the conversion chain over one segment.
func (p *Pipeline) chain(dst, seg []byte, sc *Scratch) []byte {
	last := len(p.Chain) - 1
	cur := seg
	for i, st := range p.Chain {
		if i == last {
			return st.Convert(dst, cur)
		}
		out := st.Convert(sc.a[:0], cur)
		sc.a, sc.b = sc.b, out
		cur = out
	}
	return dst
}
