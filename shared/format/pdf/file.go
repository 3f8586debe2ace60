package pdf

import (
	"bytes"
	"compress/flate"
	"compress/zlib"
	"encoding/ascii85"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/zhdoc/zhdoc/shared/format"
)

var (
	errMalformed = format.ErrMalformed
	errTooLarge  = format.ErrTooLarge
)

// xrefEntry locates an object: at an offset in the file, or as the
// index-th object of object stream stm.
type xrefEntry struct {
	offset     int
	stm, index int
	inStream   bool
}

// file is a parsed PDF: its cross-reference table and trailer, with the
// objects read so far.
type file struct {
	b       []byte
	xref    map[int]xrefEntry
	trailer dict
	cache   map[int]any
	loading map[int]bool
	// budget is what may still be inflated (all streams together).
	budget int64
	// objstm caches the parsed object streams (number → objects).
	objstm map[int][]any
	// broken is the first object that could not be read (skipped, as
	// viewers do; reported when nothing could be read).
	broken error
	zr     io.ReadCloser
	// work is the bytes parsed so far: objects that overlap (an unclosed
	// string running over every later object) would otherwise make a
	// scan quadratic.
	work int
	// deadline, when set, is when reading gives up (too_large)
	deadline time.Time
	calls    int
}

// late reports, every 256 calls, whether the deadline has passed.
func (f *file) late() bool {
	f.calls++
	return f.calls%256 == 0 && !f.deadline.IsZero() && time.Now().After(f.deadline)
}

// open reads the cross-reference data; a file whose table is broken is
// read by scanning for its objects, as viewers do.
func open(b []byte, budget int64, deadline time.Time) (*file, error) {
	f := &file{b: b, xref: map[int]xrefEntry{}, cache: map[int]any{}, loading: map[int]bool{},
		budget: budget, objstm: map[int][]any{}, deadline: deadline}
	if err := f.readXref(); err != nil || f.trailer == nil || f.trailer["Root"] == nil {
		f.xref, f.trailer = map[int]xrefEntry{}, nil
		if err := f.scan(); err != nil {
			return nil, err
		}
	}
	return f, nil
}

func (f *file) readXref() error {
	tail := f.b[max(0, len(f.b)-4096):]
	i := bytes.LastIndex(tail, []byte("startxref"))
	if i < 0 {
		return fmt.Errorf("%w: no startxref", errMalformed)
	}
	l := &lexer{b: tail, pos: i + len("startxref")}
	v, _ := l.object(0)
	off, ok := v.(int)
	seen := map[int]bool{}
	for ok && off >= 0 && off < len(f.b) && !seen[off] && len(seen) < 64 {
		seen[off] = true
		tr, err := f.xrefSection(off)
		if err != nil {
			return err
		}
		if f.trailer == nil {
			f.trailer = tr
		}
		// A hybrid file's table points at an xref stream with the
		// objects kept in object streams.
		if x, ok2 := integer(tr["XRefStm"]); ok2 && !seen[x] && x > 0 && x < len(f.b) {
			seen[x] = true
			if _, err := f.xrefSection(x); err != nil {
				return err
			}
		}
		off, ok = integer(tr["Prev"])
	}
	return nil
}

// xrefSection reads a table or an xref stream at off; entries already
// known (from a newer section) win.
func (f *file) xrefSection(off int) (dict, error) {
	l := &lexer{b: f.b, pos: off}
	l.skip()
	if bytes.HasPrefix(f.b[l.pos:], []byte("xref")) {
		l.pos += 4
		for {
			v, err := l.object(0)
			if err != nil {
				return nil, err
			}
			if kw, ok := v.(keyword); ok && kw == "trailer" {
				t, err := l.object(0)
				d, ok := t.(dict)
				if err != nil || !ok {
					return nil, fmt.Errorf("%w: bad trailer", errMalformed)
				}
				return d, nil
			}
			start, ok1 := v.(int)
			c, _ := l.object(0)
			count, ok2 := c.(int)
			if !ok1 || !ok2 || count < 0 || count > len(f.b) {
				return nil, fmt.Errorf("%w: bad xref subsection", errMalformed)
			}
			for k := 0; k < count; k++ {
				o, _ := l.object(0)
				_, _ = l.object(0)
				t, _ := l.object(0)
				n := start + k
				if _, known := f.xref[n]; !known && t == keyword("n") {
					if oi, ok := o.(int); ok {
						f.xref[n] = xrefEntry{offset: oi}
					}
				}
			}
		}
	}
	// an xref stream: "n g obj << /Type /XRef … >> stream"
	_, v, err := f.parseAt(off)
	if err != nil {
		return nil, err
	}
	s, ok := v.(*stream)
	if !ok || s.dict["Type"] != name("XRef") {
		return nil, fmt.Errorf("%w: startxref points at no cross-reference", errMalformed)
	}
	data, err := f.decode(s)
	if err != nil {
		return nil, err
	}
	w, _ := s.dict["W"].([]any)
	if len(w) != 3 {
		return nil, fmt.Errorf("%w: xref stream /W", errMalformed)
	}
	var ws [3]int
	rec := 0
	for i := range ws {
		ws[i], _ = integer(w[i])
		if ws[i] < 0 || ws[i] > 8 {
			return nil, fmt.Errorf("%w: xref stream /W", errMalformed)
		}
		rec += ws[i]
	}
	size, _ := integer(s.dict["Size"])
	index := []any{0, size}
	if ix, ok := s.dict["Index"].([]any); ok {
		index = ix
	}
	if rec == 0 {
		return s.dict, nil
	}
	p := 0
	for i := 0; i+1 < len(index); i += 2 {
		start, _ := integer(index[i])
		count, _ := integer(index[i+1])
		for k := 0; k < count && p+rec <= len(data); k++ {
			var fld [3]int
			for j := range ws {
				v := 0
				if ws[j] == 0 && j == 0 {
					v = 1
				}
				for _, c := range data[p : p+ws[j]] {
					v = v<<8 | int(c)
				}
				p += ws[j]
				fld[j] = v
			}
			n := start + k
			if _, known := f.xref[n]; known {
				continue
			}
			switch fld[0] {
			case 1:
				f.xref[n] = xrefEntry{offset: fld[1]}
			case 2:
				f.xref[n] = xrefEntry{stm: fld[1], index: fld[2], inStream: true}
			}
		}
	}
	return s.dict, nil
}

// scan rebuilds the table from "n g obj" headers (the last one of a number
// wins, as in an incremental update) and takes the last trailer, or the
// catalog.
func (f *file) scan() error {
	b := f.b
	for i := 0; ; {
		j := bytes.Index(b[i:], []byte("obj"))
		if j < 0 {
			break
		}
		at := i + j
		i = at + 3
		// back over " g " and "n"
		k := at - 1
		for k >= 0 && isSpace(b[k]) {
			k--
		}
		ge := k + 1
		for k >= 0 && b[k] >= '0' && b[k] <= '9' {
			k--
		}
		if k+1 == ge || k < 0 || !isSpace(b[k]) {
			continue
		}
		for k >= 0 && isSpace(b[k]) {
			k--
		}
		ne := k + 1
		for k >= 0 && b[k] >= '0' && b[k] <= '9' {
			k--
		}
		if k+1 == ne {
			continue
		}
		n, err := strconv.Atoi(string(b[k+1 : ne]))
		if err != nil {
			continue
		}
		f.xref[n] = xrefEntry{offset: k + 1}
	}
	if t := bytes.LastIndex(b, []byte("trailer")); t >= 0 {
		l := &lexer{b: b, pos: t + len("trailer")}
		if v, err := l.object(0); err == nil {
			f.trailer, _ = v.(dict)
		}
	}
	// Objects inside object streams, and the catalog when no trailer says.
	nums := make([]int, 0, len(f.xref))
	for n := range f.xref {
		nums = append(nums, n)
	}
	for _, n := range nums {
		v, err := f.get(n)
		if err != nil {
			continue
		}
		switch x := v.(type) {
		case *stream:
			if x.dict["Type"] == name("ObjStm") {
				if objs, nums2, err := f.objectStream(n); err == nil {
					for i, m := range nums2 {
						if _, known := f.xref[m]; !known && i < len(objs) {
							f.xref[m] = xrefEntry{stm: n, index: i, inStream: true}
						}
					}
				}
			}
		case dict:
			if x["Type"] == name("Catalog") && (f.trailer == nil || f.trailer["Root"] == nil) {
				if f.trailer == nil {
					f.trailer = dict{}
				}
				f.trailer["Root"] = ref{n, 0}
			}
		}
	}
	if f.trailer == nil || f.trailer["Root"] == nil {
		return fmt.Errorf("%w: no catalog", errMalformed)
	}
	return nil
}

// parseAt reads "n g obj <object>" at off.
func (f *file) parseAt(off int) (int, any, error) {
	if off < 0 || off >= len(f.b) {
		return 0, nil, fmt.Errorf("%w: object offset %d outside the file", errMalformed, off)
	}
	if f.late() {
		return 0, nil, fmt.Errorf("%w: reading took longer than the limit", errTooLarge)
	}
	if f.work > 16*len(f.b)+1<<20 {
		return 0, nil, fmt.Errorf("%w: objects overlap (parsed 16 times the file)", errMalformed)
	}
	l := &lexer{b: f.b, pos: off}
	defer func() { f.work += l.pos - off }()
	nv, _ := l.object(0)
	n, ok := nv.(int)
	_, _ = l.object(0)
	kw, _ := l.object(0)
	if !ok || kw != keyword("obj") {
		return 0, nil, fmt.Errorf("%w: no object at offset %d", errMalformed, off)
	}
	v, err := l.object(0)
	if err != nil {
		return 0, nil, err
	}
	d, isDict := v.(dict)
	if !isDict {
		return n, v, nil
	}
	save := l.pos
	l.skip()
	if !bytes.HasPrefix(f.b[l.pos:], []byte("stream")) {
		l.pos = save
		return n, v, nil
	}
	p := l.pos + len("stream")
	if p < len(f.b) && f.b[p] == '\r' {
		p++
	}
	if p < len(f.b) && f.b[p] == '\n' {
		p++
	}
	length := -1
	switch lv := d["Length"].(type) {
	case int:
		length = lv
	case ref:
		if lv.num != n && !f.loading[lv.num] {
			if x, err := f.get(lv.num); err == nil {
				length, _ = integer(x)
			}
		}
	}
	end := p + length
	if length < 0 || end > len(f.b) || !bytes.HasPrefix(bytes.TrimLeft(f.b[end:min(len(f.b), end+32)], " \r\n\t"), []byte("endstream")) {
		e := bytes.Index(f.b[p:], []byte("endstream"))
		if e < 0 {
			return 0, nil, fmt.Errorf("%w: stream of object %d has no end", errMalformed, n)
		}
		end = p + e
		for end > p && (f.b[end-1] == '\n' || f.b[end-1] == '\r') {
			end--
		}
	}
	return n, &stream{dict: d, raw: f.b[p:end]}, nil
}

// get returns object n (nil when absent, as the specification says).
func (f *file) get(n int) (any, error) {
	if v, ok := f.cache[n]; ok {
		return v, nil
	}
	e, ok := f.xref[n]
	if !ok {
		return nil, nil
	}
	if f.loading[n] {
		return nil, fmt.Errorf("%w: object %d refers to itself", errMalformed, n)
	}
	f.loading[n] = true
	defer delete(f.loading, n)
	var v any
	if e.inStream {
		objs, _, err := f.objectStream(e.stm)
		if err != nil {
			return nil, err
		}
		if e.index < len(objs) {
			v = objs[e.index]
		}
	} else {
		got, x, err := f.parseAt(e.offset)
		if err != nil {
			return nil, err
		}
		if got == n {
			v = x
		}
	}
	f.cache[n] = v
	return v, nil
}

// objectStream parses object stream n: its objects, and their numbers.
func (f *file) objectStream(n int) ([]any, []int, error) {
	if objs, ok := f.objstm[n]; ok {
		return objs, nil, nil
	}
	if f.loading[-n-1] {
		return nil, nil, fmt.Errorf("%w: object stream %d contains itself", errMalformed, n)
	}
	f.loading[-n-1] = true
	defer delete(f.loading, -n-1)
	v, err := f.get(n)
	if err != nil {
		return nil, nil, err
	}
	s, ok := v.(*stream)
	if !ok {
		return nil, nil, fmt.Errorf("%w: object stream %d is not a stream", errMalformed, n)
	}
	data, err := f.decode(s)
	if err != nil {
		return nil, nil, err
	}
	count, _ := integer(s.dict["N"])
	first, _ := integer(s.dict["First"])
	if count < 0 || count > len(data) || first < 0 || first > len(data) {
		return nil, nil, fmt.Errorf("%w: object stream %d header", errMalformed, n)
	}
	l := &lexer{b: data}
	nums, offs := make([]int, count), make([]int, count)
	for i := 0; i < count; i++ {
		a, _ := l.object(0)
		b, _ := l.object(0)
		nums[i], _ = integer(a)
		offs[i], _ = integer(b)
	}
	objs := make([]any, count)
	for i := range objs {
		l := &lexer{b: data, pos: first + offs[i]}
		if l.pos < 0 || l.pos >= len(data) {
			continue
		}
		objs[i], _ = l.object(0)
	}
	f.objstm[n] = objs
	return objs, nums, nil
}

// resolve follows references (a chain of them is bounded).
func (f *file) resolve(v any) any {
	for i := 0; i < 16; i++ {
		r, ok := v.(ref)
		if !ok {
			return v
		}
		x, err := f.get(r.num)
		if err != nil {
			if f.broken == nil {
				f.broken = err
			}
			return nil
		}
		v = x
	}
	return nil
}

func (f *file) dict(v any) dict {
	switch x := f.resolve(v).(type) {
	case dict:
		return x
	case *stream:
		return x.dict
	}
	return nil
}

func (f *file) array(v any) []any {
	a, _ := f.resolve(v).([]any)
	return a
}

// decode applies the stream's filters, charging the inflated size to the
// file's budget. Image filters (DCT, JPX, CCITT, JBIG2) are not decoded:
// their streams are not text.
func (f *file) decode(s *stream) ([]byte, error) {
	var filters []any
	switch x := f.resolve(s.dict["Filter"]).(type) {
	case name:
		filters = []any{x}
	case []any:
		filters = x
	}
	var params []any
	switch x := f.resolve(s.dict["DecodeParms"]).(type) {
	case dict:
		params = []any{x}
	case []any:
		params = x
	}
	data := s.raw
	for i, fl := range filters {
		var p dict
		if i < len(params) {
			p = f.dict(params[i])
		}
		var err error
		switch f.resolve(fl) {
		case name("FlateDecode"), name("Fl"):
			data, err = f.inflate(data)
			if err == nil {
				data, err = predict(data, p)
			}
		case name("ASCIIHexDecode"), name("AHx"):
			l := &lexer{b: append(append([]byte{'<'}, data...), '>')}
			var s string
			s, err = l.hex()
			data = []byte(s)
		case name("ASCII85Decode"), name("A85"):
			if e := bytes.Index(data, []byte("~>")); e >= 0 {
				data = data[:e]
			}
			data = bytes.TrimPrefix(bytes.TrimSpace(data), []byte("<~"))
			out := make([]byte, 4*len(data)/5+4)
			var n int
			n, _, err = ascii85.Decode(out, data, true)
			data = out[:n]
		default:
			return nil, fmt.Errorf("%w: filter %v", errUnsupportedFilter, fl)
		}
		if err != nil {
			return nil, err
		}
	}
	return data, nil
}

var errUnsupportedFilter = errors.New("unsupported filter")

// inflate reads a zlib stream (or raw deflate, which some producers
// write), at most the remaining budget; a truncated stream yields what it
// holds.
func (f *file) inflate(b []byte) ([]byte, error) {
	var r io.Reader
	// one zlib reader per file, reset per stream (its window is 32 KiB)
	if f.zr == nil {
		if zr, err := zlib.NewReader(bytes.NewReader(b)); err == nil {
			f.zr = zr
			r = zr
		}
	} else if f.zr.(zlib.Resetter).Reset(bytes.NewReader(b), nil) == nil {
		r = f.zr
	}
	if r == nil {
		r = flate.NewReader(bytes.NewReader(b))
	}
	out, err := io.ReadAll(io.LimitReader(r, f.budget+1))
	if int64(len(out)) > f.budget {
		return nil, fmt.Errorf("%w: the PDF's streams inflate beyond the limit", errTooLarge)
	}
	f.budget -= int64(len(out))
	if err != nil && len(out) == 0 {
		return nil, fmt.Errorf("%w: flate: %v", errMalformed, err)
	}
	return out, nil
}

// predict undoes a PNG predictor (xref streams use Up); TIFF predictors
// are rare in text PDFs and left as they are.
func predict(b []byte, p dict) ([]byte, error) {
	pred, _ := integer(p["Predictor"])
	if pred < 10 {
		return b, nil
	}
	cols, ok := integer(p["Columns"])
	if !ok || cols <= 0 {
		cols = 1
	}
	colors, ok := integer(p["Colors"])
	if !ok || colors <= 0 {
		colors = 1
	}
	bpc, ok := integer(p["BitsPerComponent"])
	if !ok || bpc <= 0 {
		bpc = 8
	}
	bpp := max(1, colors*bpc/8)
	row := (cols*colors*bpc + 7) / 8
	if row <= 0 || row > 1<<20 {
		return nil, fmt.Errorf("%w: predictor columns", errMalformed)
	}
	out := make([]byte, 0, len(b))
	prev := make([]byte, row)
	for i := 0; i+1 <= len(b); i += row + 1 {
		t := b[i]
		cur := make([]byte, row)
		copy(cur, b[i+1:min(len(b), i+1+row)])
		for j := range cur {
			var a, c byte
			if j >= bpp {
				a, c = cur[j-bpp], prev[j-bpp]
			}
			up := prev[j]
			switch t {
			case 1:
				cur[j] += a
			case 2:
				cur[j] += up
			case 3:
				cur[j] += byte((int(a) + int(up)) / 2)
			case 4:
				pa, pb, pc := abs(int(up)-int(c)), abs(int(a)-int(c)), abs(int(a)+int(up)-2*int(c))
				switch {
				case pa <= pb && pa <= pc:
					cur[j] += a
				case pb <= pc:
					cur[j] += up
				default:
					cur[j] += c
				}
			}
		}
		out = append(out, cur...)
		prev = cur
	}
	return out, nil
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
