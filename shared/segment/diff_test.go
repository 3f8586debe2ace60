package segment

import (
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/go-ego/gse"

	"github.com/zhdoc/zhdoc/shared/testcorpus"
)

var (
	naiveOnce sync.Once
	naiveSeg  *gse.Segmenter
)

// naive is gse as the package used it before the image: LoadDictEmbed("zh_s").
func naive(tb testing.TB) *gse.Segmenter {
	tb.Helper()
	naiveOnce.Do(func() {
		s := new(gse.Segmenter)
		s.SkipLog = true
		if err := s.LoadDictEmbed("zh_s"); err != nil {
			tb.Fatal(err)
		}
		if s.Dict.NumTokens() > 100000 {
			naiveSeg = s
		}
	})
	if naiveSeg == nil {
		tb.Skip("gse has no embedded dictionary (built with -tags ne): nothing to compare with")
	}
	return naiveSeg
}

// corpus returns the seeds, the reference texts (when ../shared is there)
// and generated stress texts, by name.
func corpus(tb testing.TB) map[string]string {
	tb.Helper()
	texts := map[string]string{}
	read := func(dir string) {
		files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				tb.Fatal(err)
			}
			texts[filepath.Base(dir)+"/"+filepath.Base(f)] = string(b)
		}
	}
	read(testcorpus.Testdata(tb, "seeds"))
	if os.Getenv("ZHDOC_SHARED") != "" || dirExists(filepath.Join(filepath.Dir(testcorpus.Root(tb)), "shared")) {
		read(testcorpus.Shared(tb, "corpus", "reference"))
	}
	texts["stress/mixed"] = strings.Join([]string{
		"GDP增长6.5%，iPhone X售价8848元；API接口v2.0.1和3.14159、１２３全角ＡＢＣ。",
		"Ａ股B股港股 4S店 AA制 T恤衫 卡拉OK厅 5G网络 COVID-19疫情 U盘",
		"\t\n  他说：“我们在2018年1月2日发布了《关于实施乡村振兴战略的意见》……”\r\n",
		"😀表情 𠀀𠀁𪚥 〇〆々 ㄅㄆ ¼½ ΑΒΓ αβγ Привет мир é è ü",
		"abc123.5def 1.2.3 .5 12. a.b 3.14abc 00.00",
		"\xff\xfe半个\xe4\xb8字符\x80",
		"王小明和李华在北京大学读书，习近平主席会见普京总统。",
		"",
		"单",
		"  ",
	}, "\n")
	r := rand.New(rand.NewSource(1))
	pool := []rune("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理南府研济制队法万手手")
	var sb strings.Builder
	for i := 0; i < 20000; i++ {
		switch r.Intn(40) {
		case 0:
			sb.WriteString("，")
		case 1:
			sb.WriteString(" Ab9.")
		case 2:
			sb.WriteString("12.5")
		case 3:
			sb.WriteString("\n")
		default:
			sb.WriteRune(pool[r.Intn(len(pool))])
		}
	}
	texts["stress/random"] = sb.String()
	return texts
}

func dirExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

// TestSameTokensAsGse: the image-backed segmenter gives exactly gse's Cut
// (HMM on) words, tags and frequencies, on the seeds, the reference texts and
// stress texts, before and after Extend.
func TestSameTokensAsGse(t *testing.T) {
	ref := naive(t)
	g, err := New()
	if err != nil {
		t.Fatal(err)
	}
	texts := corpus(t)
	names := make([]string, 0, len(texts))
	for n := range texts {
		names = append(names, n)
	}
	sort.Strings(names)
	compare := func(stage string) {
		words := 0
		for _, name := range names {
			text := texts[name]
			want := naiveTokens(ref, text)
			got := g.Tokens(text)
			words += len(want)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s %s: tokens differ from gse:\n%s", stage, name, firstDiff(got, want))
				continue
			}
			if gc, wc := g.Cut(text), ref.Cut(text, true); !reflect.DeepEqual(gc, wc) {
				t.Errorf("%s %s: Cut differs from gse", stage, name)
			}
			if gs, ws := g.CutSearch(text), ref.CutSearch(text, true); !reflect.DeepEqual(gs, ws) {
				t.Errorf("%s %s: CutSearch differs from gse", stage, name)
			}
		}
		t.Logf("%s: %d texts, %d words identical to gse", stage, len(names), words)
	}
	compare("dictionary")
	if ref.Dict.TotalFreq() != g.TotalFreq() || ref.Dict.NumTokens() != g.NumWords() {
		t.Errorf("totals: gse %v/%d, image %v/%d", ref.Dict.TotalFreq(), ref.Dict.NumTokens(), g.TotalFreq(), g.NumWords())
	}

	// Extend both with the extractor's gazetteers (as extract.New does) plus
	// words that exercise the re-add and case rules.
	words := gazetteerWords(t)
	words["普京"] = "nr"
	words["中国"] = "ns"
	words["上海合作"] = "nt"
	words["ＡＢＣ公司"] = "nt"
	words["XYZ集团"] = "nt"
	words["𠀀𠀁"] = "nr"
	// A gse segmenter of this test's own: the shared one stays as loaded.
	ref = new(gse.Segmenter)
	ref.SkipLog = true
	if err := ref.LoadDictEmbed("zh_s"); err != nil {
		t.Fatal(err)
	}
	nr, ng := extendGse(ref, words, 2000), g.Extend(words, 2000)
	if nr != ng {
		t.Errorf("Extend added %d words on the image, gse %d", ng, nr)
	}
	if ref.Dict.TotalFreq() != g.TotalFreq() {
		t.Errorf("total after Extend: gse %v, image %v", ref.Dict.TotalFreq(), g.TotalFreq())
	}
	for w := range words {
		f1, p1, ok1 := gseLookup(ref, w)
		f2, p2, ok2 := g.Lookup(w)
		if f1 != f2 || p1 != p2 || ok1 != ok2 {
			t.Errorf("Lookup(%q): gse %v %q %v, image %v %q %v", w, f1, p1, ok1, f2, p2, ok2)
		}
	}
	compare("extended")

	// Again, over words the first call added: re-added with the new
	// frequency and tag.
	again := map[string]string{}
	for w, p := range words {
		if len(again) < 200 {
			again[w] = p + "x"
		}
	}
	again["中华人民共和国"] = "ns"
	if nr, ng := extendGse(ref, again, 5000), g.Extend(again, 5000); nr != ng || ref.Dict.TotalFreq() != g.TotalFreq() {
		t.Errorf("second Extend: gse %d words, total %v; image %d, %v", nr, ref.Dict.TotalFreq(), ng, g.TotalFreq())
	}
	compare("extended twice")
}

func gazetteerWords(tb testing.TB) map[string]string {
	tb.Helper()
	out := map[string]string{}
	for _, f := range []struct{ file, pos string }{{"places.txt", "ns"}, {"orgs.txt", "nt"}, {"people.txt", "nr"}} {
		b, err := os.ReadFile(filepath.Join("..", "extract", "data", f.file))
		if err != nil {
			tb.Skipf("gazetteer: %v", err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(line, "#") {
				continue
			}
			for _, w := range strings.Fields(line) {
				if _, ok := out[w]; !ok {
					out[w] = f.pos
				}
			}
		}
	}
	return out
}

func firstDiff(got, want []Token) string {
	for i := 0; i < len(got) && i < len(want); i++ {
		if got[i] != want[i] {
			lo := max(0, i-3)
			return "at " + itoa(i) + ": got " + show(got[lo:min(len(got), i+4)]) + "\n want " + show(want[lo:min(len(want), i+4)])
		}
	}
	return "lengths " + itoa(len(got)) + " and " + itoa(len(want))
}

func show(ts []Token) string {
	var sb strings.Builder
	for _, t := range ts {
		sb.WriteString(strings.ReplaceAll(t.Text, "\n", `\n`) + "/" + t.Pos + "/" + ftoa(t.Freq) + " ")
	}
	return sb.String()
}

func itoa(i int) string { return strconv.Itoa(i) }

func ftoa(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }
