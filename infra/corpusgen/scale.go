package corpusgen

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"

	"github.com/zhdoc/zhdoc/shared/zhconv"
)

// Pool is the material scale documents are composed from. Sentences are in
// any script (Scale converts them); Entities are names found in them.
type Pool struct {
	Sentences []string
	People    []string
	Places    []string
	Orgs      []string
}

// LoadPool reads the sentences of shared/corpus/reference/*.txt (CC BY-SA,
// see its README; the msra files are evaluation-only and skipped) and of
// shared/peers/uner-zh/train.jsonl (CC BY-SA 4.0, Universal NER), with the
// latter's tagged names, from dir (the ../shared beside the checkout). It
// reads in place and copies nothing into the repository.
func LoadPool(dir string) (Pool, error) {
	var p Pool
	files, err := filepath.Glob(filepath.Join(dir, "corpus", "reference", "*.txt"))
	if err != nil {
		return p, err
	}
	for _, f := range files {
		if strings.HasPrefix(filepath.Base(f), "msra") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			return p, fmt.Errorf("corpusgen: %w", err)
		}
		p.Sentences = append(p.Sentences, Sentences(string(b))...)
	}
	f, err := os.Open(filepath.Join(dir, "peers", "uner-zh", "train.jsonl"))
	if err != nil {
		return p, fmt.Errorf("corpusgen: %w", err)
	}
	defer f.Close()
	seen := map[string]bool{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var row struct {
			Text     string  `json:"text"`
			Entities [][]any `json:"entities"`
		}
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			return p, fmt.Errorf("corpusgen: uner-zh: %w", err)
		}
		p.Sentences = append(p.Sentences, Sentences(row.Text)...)
		r := []rune(row.Text)
		for _, e := range row.Entities {
			if len(e) != 3 {
				continue
			}
			s, _ := e[0].(float64)
			t, _ := e[1].(float64)
			kind, _ := e[2].(string)
			if int(s) < 0 || int(t) > len(r) || s >= t {
				continue
			}
			name := string(r[int(s):int(t)])
			if n := len([]rune(name)); n < 2 || n > 8 || seen[kind+name] {
				continue
			}
			seen[kind+name] = true
			switch kind {
			case "PER":
				p.People = append(p.People, name)
			case "LOC":
				p.Places = append(p.Places, name)
			case "ORG":
				p.Orgs = append(p.Orgs, name)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return p, fmt.Errorf("corpusgen: uner-zh: %w", err)
	}
	if len(p.Sentences) < 100 || len(p.People) < 20 || len(p.Places) < 20 {
		return p, fmt.Errorf("corpusgen: %s holds too little material (%d sentences)", dir, len(p.Sentences))
	}
	return p, nil
}

var scaleAgencies = []string{"新华社", "中新社", "人民日报", "央视新闻", "香港电台", "中央社", "澎湃新闻", "财新网", "联合早报", "明报"}

// Scale returns n documents for load tests: sentences, names, agencies and
// dates are drawn with Zipfian frequencies (a few very common, a long tail),
// so term and facet distributions look like a news archive's rather than
// copies of a few samples. A third are in Traditional script. Seeded: the
// same n and seed give the same corpus.
func Scale(n int, p Pool, seed uint64) ([]Doc, error) {
	s2t, err := zhconv.New("s2t")
	if err != nil {
		return nil, err
	}
	t2s, err := zhconv.New("t2s")
	if err != nil {
		return nil, err
	}
	simp := make([]string, len(p.Sentences))
	for i, s := range p.Sentences {
		if simp[i], err = t2s.Convert(s); err != nil {
			return nil, err
		}
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x51ed2701))
	// Shuffle once so the Zipf head is not the first file's sentences.
	rng.Shuffle(len(simp), func(i, j int) { simp[i], simp[j] = simp[j], simp[i] })
	people := shuffled(rng, p.People)
	places := shuffled(rng, p.Places)
	orgs := shuffled(rng, p.Orgs)
	zipf := func(k int) *rand.Zipf { return rand.NewZipf(rng, 1.1, 4, uint64(k-1)) }
	zs, zp, zl, zo, za := zipf(len(simp)), zipf(len(people)), zipf(len(places)), zipf(len(orgs)), zipf(len(scaleAgencies))
	docs := make([]Doc, 0, n)
	for i := 0; i < n; i++ {
		agency := scaleAgencies[za.Uint64()]
		place := places[zl.Uint64()]
		year, month, day := 2019+rng.IntN(7), 1+rng.IntN(12), 1+rng.IntN(28)
		var b strings.Builder
		title := strings.TrimRight(simp[zs.Uint64()], "。！？")
		if r := []rune(title); len(r) > 28 {
			title = string(r[:28])
		}
		fmt.Fprintf(&b, "%s\n\n", title)
		if rng.IntN(5) != 0 {
			fmt.Fprintf(&b, "%d-%02d-%02d %02d:%02d:00 来源：%s\n\n", year, month, day, rng.IntN(24), rng.IntN(60), agency)
		}
		fmt.Fprintf(&b, "%s%s%d月%d日电 ", agency, place, month, day)
		for k := 2 + rng.IntN(5); k > 0; k-- {
			for m := 1 + rng.IntN(4); m > 0; m-- {
				b.WriteString(simp[zs.Uint64()])
			}
			// Names in a context the extractor reads as people, places
			// and organisations.
			switch rng.IntN(4) {
			case 0:
				fmt.Fprintf(&b, "%s代表%s出席会议并讲话。", people[zp.Uint64()], orgs[zo.Uint64()])
			case 1:
				fmt.Fprintf(&b, "%s当天抵达%s进行访问。", people[zp.Uint64()], places[zl.Uint64()])
			}
			b.WriteString("\n\n")
		}
		text := b.String()
		d := Doc{Script: "Hans", Agency: agency, Date: fmt.Sprintf("%d-%02d-%02d", year, month, day), Encoding: "UTF-8"}
		if rng.IntN(3) == 0 {
			if text, err = s2t.Convert(text); err != nil {
				return nil, err
			}
			d.Script = "Hant"
		}
		d.Body = []byte(text)
		d.Name = fmt.Sprintf("scale-%06d.txt", i)
		docs = append(docs, d)
	}
	return docs, nil
}

func shuffled(rng *rand.Rand, in []string) []string {
	out := append([]string(nil), in...)
	rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}
