package encoding

// reading is the outcome of scanning bytes as one candidate encoding: strict
// validity over the whole input, and the model cost of a bounded prefix.
type reading struct {
	ok    bool
	at    int // offset of the first invalid byte when !ok
	ctrl  int // forbidden control characters in the whole input
	cost  int // total cost of the scored prefix, in 1/costUnit nats
	chars int // characters scored
	wide  int // scored characters outside ASCII
	wcost int // cost of those characters
}

func (r *reading) add(k uint8, wide bool) {
	r.cost += int(k)
	r.chars++
	if wide {
		r.wide++
		r.wcost += int(k)
	}
}

// avgWide is the mean cost in nats of the non-ASCII characters scored.
func (r *reading) avgWide() float64 {
	if r.wide == 0 {
		return 0
	}
	return float64(r.wcost) / float64(r.wide) / costUnit
}

// ctrlOK reports whether the forbidden controls are rare enough for text:
// none in short inputs, at most one per 512 bytes in long ones.
func (r *reading) ctrlOK(n int) bool { return r.ctrl == 0 || r.ctrl*512 <= n }

const (
	costRare4 = 13 * costUnit // a GB18030 four-byte sequence, a non-BMP rune
)

// ascii scores one byte below 0x80 (if i is within the scored prefix) and
// reports false at a NUL byte, which ends the reading at i.
func (r *reading) ascii(t *tableSet, c byte, i, limit int) bool {
	k := t.cost[c]
	if k == costForbidden {
		if c == 0 {
			r.at = i
			return false
		}
		r.ctrl++
	}
	if i < limit {
		r.add(k, false)
	}
	return true
}

// scanGB18030 validates b as GB18030 (one-, two- and four-byte sequences,
// with the two-byte table of x/text) and scores the first limit bytes.
func scanGB18030(t *tableSet, b []byte, limit int) (r reading) {
	n := len(b)
	i := 0
	for i < n {
		c := b[i]
		if c < 0x80 {
			if !r.ascii(t, c, i, limit) {
				return
			}
			i++
			continue
		}
		if c == 0x80 || c == 0xFF || i+1 >= n {
			r.at = i
			return
		}
		c2 := b[i+1]
		if c2 >= 0x30 && c2 <= 0x39 {
			if i+3 >= n {
				r.at = i
				return
			}
			c3, c4 := b[i+2], b[i+3]
			if c3 < 0x81 || c3 > 0xFE || c4 < 0x30 || c4 > 0x39 {
				r.at = i
				return
			}
			lin := ((int(c-0x81)*10+int(c2-0x30))*126+int(c3-0x81))*10 + int(c4-0x30)
			if lin > 39419 && (lin < 189000 || lin > 1237575) {
				r.at = i
				return
			}
			if i < limit {
				r.add(costRare4, true)
			}
			i += 4
			continue
		}
		if c2 < 0x40 || c2 == 0xFF {
			r.at = i
			return
		}
		v := t.gb[int(c-0x81)*pairCols+int(c2-0x40)]
		if v == 0 {
			r.at = i
			return
		}
		if i < limit {
			r.add(t.cost[v], true)
		}
		i += 2
	}
	r.ok = true
	return
}

// scanBig5 validates b as Big5-HKSCS (the WHATWG big5 table of x/text, lead
// bytes 0x81..0xFE) and scores the first limit bytes.
func scanBig5(t *tableSet, b []byte, limit int) (r reading) {
	n := len(b)
	i := 0
	for i < n {
		c := b[i]
		if c < 0x80 {
			if !r.ascii(t, c, i, limit) {
				return
			}
			i++
			continue
		}
		if c == 0x80 || c == 0xFF || i+1 >= n {
			r.at = i
			return
		}
		c2 := b[i+1]
		if c2 < 0x40 || c2 == 0xFF || (c2 > 0x7E && c2 < 0xA1) {
			r.at = i
			return
		}
		v := t.big5[int(c-0x81)*pairCols+int(c2-0x40)]
		if v == 0 {
			r.at = i
			return
		}
		if i < limit {
			if v == bigMulti {
				r.add(costRare4, true)
			} else {
				r.add(t.cost[v], true)
			}
		}
		i += 2
	}
	r.ok = true
	return
}

// scanUTF16 validates b as UTF-16 (even length, no lone surrogates, no U+0000,
// U+FFFE or U+FFFF) and scores the first limit bytes.
func scanUTF16(t *tableSet, b []byte, le bool, limit int) (r reading) {
	n := len(b)
	if n%2 != 0 {
		r.at = n - 1
		return
	}
	lo, hi := 1, 0
	if le {
		lo, hi = 0, 1
	}
	for i := 0; i < n; i += 2 {
		u := uint16(b[i+lo]) | uint16(b[i+hi])<<8
		switch {
		case u >= 0xD800 && u <= 0xDBFF:
			if i+3 >= n {
				r.at = i
				return
			}
			u2 := uint16(b[i+2+lo]) | uint16(b[i+2+hi])<<8
			if u2 < 0xDC00 || u2 > 0xDFFF {
				r.at = i
				return
			}
			if i < limit {
				r.add(costRare4, true)
			}
			i += 2
			continue
		case u >= 0xDC00 && u <= 0xDFFF, u == 0, u == 0xFFFE, u == 0xFFFF:
			r.at = i
			return
		}
		k := t.cost[u]
		if k == costForbidden {
			r.ctrl++
		}
		if i < limit {
			r.add(k, u >= 0x80)
		}
	}
	r.ok = true
	return
}

// scanHZ validates b as HZ-GB-2312 (RFC 1843): in ASCII mode "~~", "~{" and
// "~\n" are the only escapes; in GB mode only pairs of bytes 0x21..0x7E
// (lead ≤ 0x77) that are GB2312 characters, and "~}". It returns the number
// of GB pairs and their cost.
func scanHZ(t *tableSet, b []byte) (pairs, cost int, ok bool) {
	n := len(b)
	gb := false
	for i := 0; i < n; {
		c := b[i]
		if c >= 0x80 {
			return 0, 0, false
		}
		if !gb {
			if c == '~' {
				if i+1 >= n {
					return 0, 0, false
				}
				switch b[i+1] {
				case '~', '\n':
				case '{':
					gb = true
				default:
					return 0, 0, false
				}
				i += 2
				continue
			}
			i++
			continue
		}
		if c == '~' {
			if i+1 >= n || b[i+1] != '}' {
				return 0, 0, false
			}
			gb = false
			i += 2
			continue
		}
		if i+1 >= n || c < 0x21 || c > 0x77 {
			return 0, 0, false
		}
		c2 := b[i+1]
		if c2 < 0x21 || c2 > 0x7E {
			return 0, 0, false
		}
		v := t.gb[int(c|0x80-0x81)*pairCols+int(c2|0x80-0x40)]
		if v == 0 {
			return 0, 0, false
		}
		pairs++
		cost += int(t.cost[v])
		i += 2
	}
	return pairs, cost, true
}

// eucTWShape reports whether every non-ASCII byte of b fits EUC-TW: pairs of
// 0xA1..0xFE, or SS2 (0x8E, plane 0xA1..0xB0, pair); ss2 counts the latter.
func eucTWShape(b []byte) (ok bool, ss2 int) {
	n := len(b)
	for i := 0; i < n; {
		c := b[i]
		switch {
		case c < 0x80:
			i++
		case c == 0x8E:
			if i+3 >= n || b[i+1] < 0xA1 || b[i+1] > 0xB0 || b[i+2] < 0xA1 || b[i+2] == 0xFF || b[i+3] < 0xA1 || b[i+3] == 0xFF {
				return false, 0
			}
			ss2++
			i += 4
		case c >= 0xA1 && c <= 0xFE:
			if i+1 >= n || b[i+1] < 0xA1 || b[i+1] == 0xFF {
				return false, 0
			}
			i += 2
		default:
			return false, 0
		}
	}
	return true, ss2
}
