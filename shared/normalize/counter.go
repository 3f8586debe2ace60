package normalize

// counter accumulates repairs by name.
type counter map[string]int

func (c counter) add(name string, n int) {
	if n != 0 {
		c[name] += n
	}
}
