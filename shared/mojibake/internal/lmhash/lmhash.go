// Package lmhash is the word hash of the repairer's word model, shared
// by the generator that writes lm.bin and the code that reads it.
package lmhash

// Sum is FNV-1a over the bytes of s, then a 64-bit finalizer.
func Sum(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	return h
}
