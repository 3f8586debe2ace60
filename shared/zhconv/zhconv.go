// Package zhconv converts between Chinese scripts exactly like OpenCC 1.4.2,
// from OpenCC's own dictionaries and configs (npm opencc@1.4.2, Apache-2.0,
// see data/LICENSE), embedded in a compact pointer-free form read in place.
//
// A conversion runs OpenCC's pipeline: CJK compatibility ideographs are
// normalized, text is optionally segmented by maximum matching, then each
// step of the conversion chain replaces the longest dictionary key at each
// position, left to right. Complete Ideographic Description Sequences are
// copied unconverted. The TSCharactersExt ("tofu risk") table is loaded, as
// in the OpenCC library default.
package zhconv

//go:generate go run ./internal/gen -out .

import (
	"fmt"
	"sort"
	"sync"
	"unicode/utf8"
	"unsafe"

	"github.com/zhdoc/zhdoc/shared/zhconv/internal/engine"
)

// Converter converts text with one OpenCC config. It is safe for concurrent
// use.
type Converter struct {
	name string
	p    *engine.Pipeline
}

var (
	mu         sync.Mutex
	converters = map[string]*Converter{}
	leaves     = map[string]*engine.Leaf{}
	scratch    = sync.Pool{New: func() any { return new(engine.Scratch) }}
)

// Configs lists the supported config names (OpenCC's, e.g. "t2s", "s2twp").
func Configs() []string {
	names := make([]string, 0, len(configData))
	for n := range configData {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// New returns the converter for an OpenCC config name such as "t2s",
// "hk2s", "tw2s", "tw2sp", "s2t", "t2tw", "s2hk" or "s2tw" (see Configs).
// Converters are cached: repeated calls with one name return the same one.
func New(config string) (*Converter, error) {
	mu.Lock()
	defer mu.Unlock()
	if c, ok := converters[config]; ok {
		return c, nil
	}
	p, err := load(config, leaves)
	if err != nil {
		return nil, err
	}
	c := &Converter{name: config, p: p}
	converters[config] = c
	return c, nil
}

type leafT = engine.Leaf

// load compiles a config, taking dictionaries from and adding them to cache.
func load(config string, cache map[string]*leafT) (*engine.Pipeline, error) {
	js, ok := configData[config]
	if !ok {
		return nil, fmt.Errorf("zhconv: unknown config %q (have %v)", config, Configs())
	}
	p, err := engine.ParseConfig([]byte(js), func(name string) (*engine.Leaf, error) {
		if l, ok := cache[name]; ok {
			return l, nil
		}
		s, ok := dictData[name]
		if !ok {
			return nil, fmt.Errorf("no dictionary %s", name)
		}
		// The embedded string is read-only data; the view never writes to it.
		l, err := engine.ParseLeaf(name, unsafe.Slice(unsafe.StringData(s), len(s)))
		if err != nil {
			return nil, err
		}
		cache[name] = l
		return l, nil
	})
	if err != nil {
		return nil, fmt.Errorf("zhconv: config %s: %w", config, err)
	}
	return p, nil
}

// Config returns the config name the converter was made for.
func (c *Converter) Config() string { return c.name }

// Convert returns the conversion of s. The only error is invalid UTF-8.
func (c *Converter) Convert(s string) (string, error) {
	src := unsafe.Slice(unsafe.StringData(s), len(s)) // read only
	if err := validate(src); err != nil {
		return "", err
	}
	sc := scratch.Get().(*engine.Scratch)
	out := c.p.Convert(make([]byte, 0, len(s)+len(s)/8), src, sc)
	scratch.Put(sc)
	return unsafe.String(unsafe.SliceData(out), len(out)), nil
}

// ConvertBytes appends the conversion of src to dst and returns the
// extended buffer; src and dst must not overlap. On invalid UTF-8 it
// returns dst unchanged and an error.
func (c *Converter) ConvertBytes(dst, src []byte) ([]byte, error) {
	if err := validate(src); err != nil {
		return dst, err
	}
	sc := scratch.Get().(*engine.Scratch)
	dst = c.p.Convert(dst, src, sc)
	scratch.Put(sc)
	return dst, nil
}

// InvalidUTF8Error reports input that is not valid UTF-8.
type InvalidUTF8Error struct {
	Offset int // byte offset of the first invalid sequence
}

func (e *InvalidUTF8Error) Error() string {
	return fmt.Sprintf("zhconv: invalid UTF-8 at byte offset %d", e.Offset)
}

func validate(b []byte) error {
	if utf8.Valid(b) {
		return nil
	}
	off := 0
	for off < len(b) {
		r, n := utf8.DecodeRune(b[off:])
		if r == utf8.RuneError && n <= 1 {
			return &InvalidUTF8Error{Offset: off}
		}
		off += n
	}
	return nil
}
