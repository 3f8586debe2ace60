package pdf

import (
	"bytes"
	"fmt"
	"strconv"
)

// The PDF object model, as Go values: nil, bool, int, float64, name,
// string (the bytes of a literal or hex string), []any, dict, ref,
// *stream, and keyword (an operator in a content stream, or obj/R/…).
type (
	name    string
	keyword string
	dict    map[name]any
	ref     struct{ num, gen int }
	stream  struct {
		dict dict
		raw  []byte // the bytes between stream and endstream, undecoded
	}
)

// maxNesting bounds arrays and dictionaries inside one another.
const maxNesting = 64

// lexer reads PDF tokens from b[pos:].
type lexer struct {
	b   []byte
	pos int
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isDelim(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

// skip passes blanks and comments.
func (l *lexer) skip() {
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		if isSpace(c) {
			l.pos++
			continue
		}
		if c == '%' {
			for l.pos < len(l.b) && l.b[l.pos] != '\n' && l.b[l.pos] != '\r' {
				l.pos++
			}
			continue
		}
		return
	}
}

// errEOF is returned by next at the end of the input.
var errEOF = fmt.Errorf("%w: unexpected end of data", errMalformed)

// object reads one object (refs "n g R" included); depth counts nesting.
func (l *lexer) object(depth int) (any, error) {
	if depth > maxNesting {
		return nil, fmt.Errorf("%w: objects nest deeper than %d", errMalformed, maxNesting)
	}
	l.skip()
	if l.pos >= len(l.b) {
		return nil, errEOF
	}
	c := l.b[l.pos]
	switch {
	case c == '/':
		return l.name(), nil
	case c == '(':
		return l.literal()
	case c == '<':
		if l.pos+1 < len(l.b) && l.b[l.pos+1] == '<' {
			l.pos += 2
			d := dict{}
			for {
				l.skip()
				if l.pos+1 < len(l.b) && l.b[l.pos] == '>' && l.b[l.pos+1] == '>' {
					l.pos += 2
					return d, nil
				}
				k, err := l.object(depth + 1)
				if err != nil {
					return nil, err
				}
				kn, ok := k.(name)
				if !ok {
					return nil, fmt.Errorf("%w: dictionary key %v is not a name", errMalformed, k)
				}
				v, err := l.object(depth + 1)
				if err != nil {
					return nil, err
				}
				if kw, ok := v.(keyword); ok && kw == ">>" {
					d[kn] = nil // a key without value: broken, keep reading
					return d, nil
				}
				d[kn] = v
			}
		}
		return l.hex()
	case c == '[':
		l.pos++
		var a []any
		for {
			l.skip()
			if l.pos < len(l.b) && l.b[l.pos] == ']' {
				l.pos++
				return a, nil
			}
			v, err := l.object(depth + 1)
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
	case c == ']' || c == '>' || c == ')' || c == '{' || c == '}':
		l.pos++
		if c == '>' && l.pos < len(l.b) && l.b[l.pos] == '>' {
			l.pos++
			return keyword(">>"), nil
		}
		return keyword(string(c)), nil
	case c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.':
		v := l.number()
		if n, ok := v.(int); ok && n >= 0 {
			// n g R
			save := l.pos
			l.skip()
			if l.pos < len(l.b) && l.b[l.pos] >= '0' && l.b[l.pos] <= '9' {
				g := l.number()
				l.skip()
				if gi, ok := g.(int); ok && l.pos < len(l.b) && l.b[l.pos] == 'R' &&
					(l.pos+1 == len(l.b) || isSpace(l.b[l.pos+1]) || isDelim(l.b[l.pos+1])) {
					l.pos++
					return ref{n, gi}, nil
				}
			}
			l.pos = save
		}
		return v, nil
	}
	start := l.pos
	for l.pos < len(l.b) && !isSpace(l.b[l.pos]) && !isDelim(l.b[l.pos]) {
		l.pos++
	}
	if l.pos == start {
		l.pos++
	}
	switch w := string(l.b[start:l.pos]); w {
	case "true":
		return true, nil
	case "false":
		return false, nil
	case "null":
		return nil, nil
	default:
		return keyword(w), nil
	}
}

func (l *lexer) name() name {
	l.pos++ // '/'
	var out []byte
	for l.pos < len(l.b) && !isSpace(l.b[l.pos]) && !isDelim(l.b[l.pos]) {
		c := l.b[l.pos]
		if c == '#' && l.pos+2 < len(l.b) {
			if v, err := strconv.ParseUint(string(l.b[l.pos+1:l.pos+3]), 16, 8); err == nil {
				out = append(out, byte(v))
				l.pos += 3
				continue
			}
		}
		out = append(out, c)
		l.pos++
	}
	return name(out)
}

func (l *lexer) number() any {
	start := l.pos
	real := false
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		if c == '.' {
			real = true
		} else if !(c >= '0' && c <= '9' || c == '+' || c == '-') {
			break
		}
		l.pos++
	}
	s := string(l.b[start:l.pos])
	if !real {
		if n, err := strconv.Atoi(s); err == nil {
			return n
		}
	}
	// Producers write "-.5", "--3" and "4." alike; read what can be read.
	s = "-" + trimSigns(s)
	if !bytes.Contains(l.b[start:l.pos], []byte("-")) {
		s = s[1:]
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0.0
	}
	return f
}

func trimSigns(s string) string {
	for len(s) > 0 && (s[0] == '-' || s[0] == '+') {
		s = s[1:]
	}
	return s
}

func (l *lexer) literal() (string, error) {
	l.pos++ // '('
	var out []byte
	level := 1
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		l.pos++
		switch c {
		case '(':
			level++
		case ')':
			level--
			if level == 0 {
				return string(out), nil
			}
		case '\\':
			if l.pos >= len(l.b) {
				return "", errEOF
			}
			e := l.b[l.pos]
			l.pos++
			switch e {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r':
				if l.pos < len(l.b) && l.b[l.pos] == '\n' {
					l.pos++
				}
				continue
			case '\n':
				continue
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for k := 0; k < 2 && l.pos < len(l.b) && l.b[l.pos] >= '0' && l.b[l.pos] <= '7'; k++ {
						v = v*8 + int(l.b[l.pos]-'0')
						l.pos++
					}
					c = byte(v)
				} else {
					c = e
				}
			}
		}
		out = append(out, c)
	}
	return "", errEOF
}

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

func (l *lexer) hex() (string, error) {
	l.pos++ // '<'
	var out []byte
	half, odd := byte(0), false
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		l.pos++
		if c == '>' {
			if odd {
				out = append(out, half<<4)
			}
			return string(out), nil
		}
		v, ok := unhex(c)
		if !ok {
			continue // blanks (and junk) inside a hex string are ignored
		}
		if odd {
			out = append(out, half<<4|v)
		} else {
			half = v
		}
		odd = !odd
	}
	return "", errEOF
}

// Accessors that tolerate a wrong type (a broken file) by giving zero.

func num(v any) float64 {
	switch x := v.(type) {
	case int:
		return float64(x)
	case float64:
		return x
	}
	return 0
}

func integer(v any) (int, bool) {
	switch x := v.(type) {
	case int:
		return x, true
	case float64:
		return int(x), true
	}
	return 0, false
}
