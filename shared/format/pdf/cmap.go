package pdf

import "unicode/utf16"

// cmap is what a CMap stream says: its codespace and, for a ToUnicode
// CMap, the text of each code.
type cmap struct {
	spaces []span
	uni    map[uint32]string
}

// maxRange bounds one bfrange (a hostile range of 2^32 codes), maxCodes
// all of a CMap's (or a font's widths') entries together.
const (
	maxRange = 1 << 16
	maxCodes = 1 << 18
)

func codeOf(s string) uint32 {
	var c uint32
	for i := 0; i < len(s) && i < 4; i++ {
		c = c<<8 | uint32(s[i])
	}
	return c
}

// utf16Text reads a destination string: UTF-16BE (surrogate pairs and
// several characters, e.g. a ligature, included).
func utf16Text(s string) string {
	if len(s)%2 == 1 {
		s = "\x00" + s
	}
	u := make([]uint16, 0, len(s)/2)
	for i := 0; i+1 < len(s); i += 2 {
		u = append(u, uint16(s[i])<<8|uint16(s[i+1]))
	}
	return string(utf16.Decode(u))
}

// parseCMap reads begincodespacerange, beginbfchar and beginbfrange
// sections (ranges with a start string or an array of strings).
func parseCMap(b []byte) cmap {
	cm := cmap{uni: map[uint32]string{}}
	l := &lexer{b: b}
	var stack []any
	section := ""
	for {
		v, err := l.object(0)
		if err != nil {
			break
		}
		kw, ok := v.(keyword)
		if !ok {
			stack = append(stack, v)
			continue
		}
		switch kw {
		case "begincodespacerange", "beginbfchar", "beginbfrange", "begincidrange", "begincidchar":
			section, stack = string(kw), stack[:0]
			continue
		case "endcodespacerange":
			for i := 0; i+1 < len(stack); i += 2 {
				lo, ok1 := stack[i].(string)
				hi, ok2 := stack[i+1].(string)
				if ok1 && ok2 && len(lo) == len(hi) && len(lo) >= 1 && len(lo) <= 4 {
					cm.spaces = append(cm.spaces, span{len(lo), codeOf(lo), codeOf(hi)})
				}
			}
		case "endbfchar":
			for i := 0; i+1 < len(stack); i += 2 {
				src, ok := stack[i].(string)
				if !ok {
					continue
				}
				switch dst := stack[i+1].(type) {
				case string:
					cm.uni[codeOf(src)] = utf16Text(dst)
				case name:
					if t := glyphText(string(dst)); t != "" {
						cm.uni[codeOf(src)] = t
					}
				}
			}
		case "endbfrange":
			for i := 0; i+2 < len(stack); i += 3 {
				lo, ok1 := stack[i].(string)
				hi, ok2 := stack[i+1].(string)
				if !ok1 || !ok2 {
					continue
				}
				a, z := codeOf(lo), codeOf(hi)
				if z < a || z-a >= maxRange || len(cm.uni) > maxCodes {
					continue
				}
				switch dst := stack[i+2].(type) {
				case string:
					// the last UTF-16 unit counts up
					u := []rune(utf16Text(dst))
					if len(u) == 0 {
						continue
					}
					for c := a; c <= z; c++ {
						r := append([]rune(nil), u...)
						r[len(r)-1] += rune(c - a)
						cm.uni[c] = string(r)
					}
				case []any:
					for k, x := range dst {
						if s, ok := x.(string); ok && a+uint32(k) <= z {
							cm.uni[a+uint32(k)] = utf16Text(s)
						}
					}
				}
			}
		default:
			if section == "" {
				stack = stack[:0]
			}
			continue
		}
		section, stack = "", stack[:0]
	}
	return cm
}
