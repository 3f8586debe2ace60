//go:build ignore

// gen_lm.go writes lm.bin, the word model that chooses among the readings
// of a damaged span (which byte a lost byte was, which characters a dropped
// mojibake pair held). Run it with `go generate` in this folder.
//
// Sources (read at generation time only; lm.bin is committed):
//
//   - the word frequency lists of github.com/go-ego/gse (data/dict/zh/s_1.txt
//     and t_1.txt, the module version in go.mod; Apache-2.0, derived from
//     jieba's dictionary, MIT); t_1 is scaled to the total of s_1;
//   - OpenCC's phrase lists (npm opencc@1.4.2, Apache-2.0; `npm pack
//     opencc@1.4.2` and unpack, then pass -opencc DIR/package/data/dictionary):
//     every phrase on either side of STPhrases, TSPhrases, TWPhrases and
//     HKVariantsPhrases that the word lists lack counts as a rare word.
//
// The model is a word unigram model, read by the most probable segmentation
// (lm.go): per character of U+3400–U+9FFF the cost of the character as a
// one-character word, and the -max most frequent words of two to four Han
// characters in an open-addressing hash table of 4-byte slots (24-bit
// fingerprint, cost in eighths of a nat) filled to 80%.
//
// Why words and not character bigrams: choosing the lost character of a
// lost-byte repair from its trail byte and three characters on each side, on
// the reference texts (held out: none of the sources above), unigram costs
// pick the right one 27% of the time, a character-bigram model built from
// the same word lists, the phrases and the reference corpus' sentence pools
// 80%, this word model 84% (87% with all 570,000 words, 4× the size), and
// the word model and the bigram model together no better than words alone.
package main

import (
	"github.com/zhdoc/zhdoc/shared/mojibake/internal/lmhash"

	"bufio"
	"encoding/binary"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

const (
	hanLo = 0x3400
	hanHi = 0x9FFF
)

var (
	freq = map[string]float64{}
	F    float64
)

// modelled: the characters lm.bin holds one-character costs for (lm.go
// gives every other ideograph the cost of an unseen one); words are made of
// these only.
func modelled(r rune) bool { return r >= hanLo && r <= hanHi }

func addWord(w string, n float64) {
	rs := []rune(w)
	if len(rs) == 0 {
		return
	}
	for _, r := range rs {
		if !modelled(r) {
			return
		}
	}
	freq[w] += n
	F += n
}

func readDict(path string, scale float64) {
	f, err := os.Open(path)
	check(err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) < 2 {
			continue
		}
		n, err := strconv.ParseFloat(fs[1], 64)
		if err != nil {
			continue
		}
		addWord(fs[0], n*scale)
	}
	check(sc.Err())
}

func dictTotal(path string) float64 {
	f, err := os.Open(path)
	check(err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	t := 0.0
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) >= 2 {
			n, _ := strconv.ParseFloat(fs[1], 64)
			t += n
		}
	}
	return t
}

func readPhrases(path string, seen map[string]bool) {
	b, err := os.ReadFile(path)
	check(err)
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "#") {
			continue
		}
		for _, w := range strings.Fields(strings.ReplaceAll(l, "\t", " ")) {
			if !seen[w] {
				seen[w] = true
				addWord(w, 3)
			}
		}
	}
}

func main() {
	opencc := flag.String("opencc", "/tmp/opencc/package/data/dictionary", "OpenCC 1.4.2 dictionary folder")
	out := flag.String("o", "lm.bin", "output")
	maxWords := flag.Int("max", 100000, "words of two to four characters stored (the most frequent)")
	flag.Parse()

	gse, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/go-ego/gse").Output()
	check(err)
	dict := filepath.Join(strings.TrimSpace(string(gse)), "data", "dict", "zh")
	s1, t1 := filepath.Join(dict, "s_1.txt"), filepath.Join(dict, "t_1.txt")
	readDict(s1, 1)
	readDict(t1, dictTotal(s1)/dictTotal(t1))
	seen := map[string]bool{}
	for w := range freq {
		seen[w] = true
	}
	for _, p := range []string{"STPhrases.txt", "TSPhrases.txt", "TWPhrases.txt", "HKVariantsPhrases.txt"} {
		readPhrases(filepath.Join(*opencc, p), seen)
	}

	type word struct {
		w string
		f float64
	}
	var words []word
	chars := make([]byte, hanHi-hanLo+1)
	for i := range chars {
		chars[i] = 255
	}
	for w, f := range freq {
		switch n := utf8.RuneCountInString(w); {
		case n == 1:
			r, _ := utf8.DecodeRuneInString(w)
			chars[r-hanLo] = byte(min(254, math.Round(-math.Log(f/F)*8)))
		case n <= 4:
			words = append(words, word{w, f})
		}
	}
	sort.Slice(words, func(i, j int) bool {
		if words[i].f != words[j].f {
			return words[i].f > words[j].f
		}
		return words[i].w < words[j].w
	})
	all := len(words)
	if len(words) > *maxWords {
		words = words[:*maxWords]
	}
	slots := int(float64(len(words))/0.8) + 1
	table := make([]byte, 4*slots)
	for _, w := range words {
		h := lmHash(w.w)
		fp := uint32(h>>40) | 1
		i := (h & 0xFFFFFFFF) * uint64(slots) >> 32
		for table[4*i] != 0 || table[4*i+1] != 0 || table[4*i+2] != 0 {
			if i++; i == uint64(slots) {
				i = 0
			}
		}
		table[4*i], table[4*i+1], table[4*i+2] = byte(fp), byte(fp>>8), byte(fp>>16)
		table[4*i+3] = byte(min(255, math.Round(-math.Log(w.f/F)*8)))
	}
	var buf []byte
	buf = append(buf, "ZHLM2\x00"...)
	buf = binary.LittleEndian.AppendUint32(buf, uint32(slots))
	buf = binary.LittleEndian.AppendUint32(buf, math.Float32bits(float32(math.Log(F))))
	buf = append(buf, chars...)
	buf = append(buf, table...)
	check(os.WriteFile(*out, buf, 0o644))
	fmt.Printf("%d of %d words stored in %d slots, %d bytes\n", len(words), all, slots, len(buf))
}

// lmHash is the model's word hash (one definition, in internal/lmhash).
func lmHash(s string) uint64 { return lmhash.Sum(s) }

func check(err error) {
	if err != nil {
		panic(err)
	}
}
