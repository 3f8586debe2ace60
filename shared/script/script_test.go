package script

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhdoc/zhdoc/shared/testcorpus"
)

func TestSeeds(t *testing.T) {
	want := map[string][2]string{
		"000": {Hant, ""}, // machine-converted Traditional, no regional evidence
		"001": {Hans, "cn"},
		"002": {Hans, "cn"},
		"003": {Hant, "hk"},
		"004": {Hans, "cn"},
	}
	files, _ := filepath.Glob(filepath.Join(testcorpus.Testdata(t, "seeds"), "*.txt"))
	if len(files) != 5 {
		t.Fatalf("want 5 seeds, got %d", len(files))
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		w := want[filepath.Base(f)[:3]]
		r := Classify(string(b))
		if r.Script != w[0] || (w[1] != "" && r.Variant != w[1]) {
			t.Errorf("%s: got %+v, want %v", filepath.Base(f), r, w)
		}
	}
}

func TestReference(t *testing.T) {
	dir := testcorpus.Shared(t, "corpus", "reference")
	idx, err := os.ReadFile(filepath.Join(dir, "index.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(idx)), "\n")[1:] {
		col := strings.Split(line, "\t")
		b, err := os.ReadFile(filepath.Join(dir, col[0]+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		r := Classify(string(b))
		if r.Script != col[1] {
			t.Errorf("%s: got %+v, want %s", col[0], r, col[1])
		}
		if col[1] == Hans && r.Variant != "cn" {
			t.Errorf("%s: variant %q", col[0], r.Variant)
		}
	}
}

func TestCases(t *testing.T) {
	cases := []struct {
		name, text, script, variant string
	}{
		{"no han", "Hello, world 123 — ＡＢＣ。", None, ""},
		{"empty", "", None, ""},
		{"simplified", "国务院关于实施乡村振兴战略的意见，这是一个重要的文件。", Hans, "cn"},
		{"traditional", "國務院關於實施鄉村振興戰略的意見，這是一個重要的文件。", Hant, ""},
		{"hant quoting a hans name", "記者報導，這家公司在內地註冊的名稱是「华为技术」，但在香港以繁體登記。該公司發言人表示，將會繼續與當地監管機構緊密聯繫，並會於稍後公佈詳細的業務計劃及財務報告，讓投資者了解最新發展。", Hant, ""},
		{"hans quoting a hant title", "这本书的繁体版书名是《資治通鑑》，记者在北京图书馆看到了这个版本，馆员介绍说这套书是从香港运来的，目前已经对读者开放借阅，欢迎大家前来参观和学习。", Hans, "cn"},
		{"mixed", "汉字简化方案实施以后，内地使用简体字。漢字簡化方案實施以後，香港使用繁體字。两岸三地书写习惯不同，這是歷史造成的。", Mixed, ""},
		{"hk words", "市民可於網上登記，乘搭的士或巴士前往會場，港鐵亦會加開班次。", Hant, "hk"},
		{"tw words", "民眾可以搭乘計程車或捷運前往會場，也可以在網路上下載軟體報名。", Hant, "tw"},
		{"hk chars", "香港政府宣佈，新綫路將於下月啓用，市民要留意衞生。", Hant, "hk"},
		{"tw chars", "他在房間裡看著窗外，心裡想著明天的計畫。", Hant, "tw"},
	}
	for _, c := range cases {
		r := Classify(c.text)
		if r.Script != c.script || r.Variant != c.variant {
			t.Errorf("%s: got %+v, want %s/%q", c.name, r, c.script, c.variant)
		}
	}
}

func BenchmarkClassify(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join(testcorpus.Testdata(b, "seeds"), "*.txt"))
	var docs []string
	size := 0
	for _, f := range files {
		d, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, string(d))
		size += len(d)
	}
	Classify("") // build the tables outside the timing
	b.SetBytes(int64(size))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, d := range docs {
			Classify(d)
		}
	}
}
