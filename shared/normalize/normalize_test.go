package normalize

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/zhdoc/zhdoc/shared/lexicon"
	"github.com/zhdoc/zhdoc/shared/mojibake/mojibaketest"
	"github.com/zhdoc/zhdoc/shared/testcorpus"
)

func seeds(t testing.TB) map[string]string {
	files, err := filepath.Glob(filepath.Join(testcorpus.Testdata(t, "seeds"), "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no seeds: %v", err)
	}
	m := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		m[filepath.Base(f)[:3]] = string(b)
	}
	return m
}

func references(t testing.TB) map[string]string {
	dir := testcorpus.Shared(t, "corpus", "reference")
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	m := map[string]string{}
	for _, f := range files {
		if strings.HasPrefix(filepath.Base(f), "pool-") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		m[filepath.Base(f)] = string(b)
	}
	return m
}

// lineDiff prints the differing lines of two texts, side by side.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < max(len(w), len(g)); i++ {
		var x, y string
		if i < len(w) {
			x = w[i]
		}
		if i < len(g) {
			y = g[i]
		}
		if x != y {
			// show from the first differing rune
			xr, yr := []rune(x), []rune(y)
			k := 0
			for k < len(xr) && k < len(yr) && xr[k] == yr[k] {
				k++
			}
			a := max(0, k-10)
			b.WriteString("line " + itoa(i+1) + " at rune " + itoa(k) + ":\n  want …" + clip(xr[a:]) + "\n  got  …" + clip(yr[a:]) + "\n")
		}
	}
	return b.String()
}

func clip(r []rune) string {
	if len(r) > 60 {
		r = r[:60]
	}
	return string(r)
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	s := ""
	for ; i > 0; i /= 10 {
		s = string(rune('0'+i%10)) + s
	}
	return s
}

// runeEdits is the length of the differing middle of two texts (after their
// common prefix and suffix): an upper bound of their edit distance.
func runeEdits(a, b string) int {
	x, y := []rune(a), []rune(b)
	p := 0
	for p < len(x) && p < len(y) && x[p] == y[p] {
		p++
	}
	s := 0
	for s < len(x)-p && s < len(y)-p && x[len(x)-1-s] == y[len(y)-1-s] {
		s++
	}
	return max(len(x)-p-s, len(y)-p-s)
}

// TestGolden compares each seed with its hand-written clean text, exactly.
// Seed 000's mojibake passage also lost two characters before it reached us:
// the out-of-step pairs AB C9 and AC BA (user-defined area, private use when
// decoded) are absent from the file, and refineDrops restores them.
func TestGolden(t *testing.T) {
	for id, src := range seeds(t) {
		want, err := os.ReadFile(testcorpus.Testdata(t, "normalize", id+".golden.txt"))
		if err != nil {
			t.Fatal(err)
		}
		if got := Normalize(src).Text + "\n"; got != string(want) {
			t.Errorf("seed %s differs from golden:\n%s", id, lineDiff(string(want), got))
		}
	}
}

func TestSeedRequirements(t *testing.T) {
	s := seeds(t)
	r0 := Normalize(s["000"])
	if strings.Contains(r0.Text, "(fā)") || strings.Contains(r0.Text, "(jīng)") {
		t.Error("000: pinyin annotation left")
	}
	if !strings.Contains(r0.Text, "共同家園。“上海") || !strings.Contains(r0.Text, "平共處五項原則一脈相承") {
		t.Errorf("000: mojibake passage not repaired")
	}
	if len(r0.Articles) < 3 {
		t.Errorf("000: %d articles", len(r0.Articles))
	}
	if !strings.Contains(Normalize(s["001"]).Text, "上海合作组织成立于世纪之交") {
		t.Error("001: OCR spaces left")
	}
	r2 := Normalize(s["002"])
	if len(r2.Articles) != 2 || r2.Articles[1].Title != "习近平出席“上海合作组织+”阿斯塔纳峰会并发表重要讲话" {
		t.Errorf("002: articles %+v", r2.Articles)
	}
	r4 := Normalize(s["004"])
	for _, bad := range []string{"相关阅读", "宏观政策", "时间:05-22", "免责声明", "首页", "18:02:47"} {
		if strings.Contains(r4.Text, bad) {
			t.Errorf("004: %q left", bad)
		}
	}
	if !strings.HasSuffix(r4.Text, "举行了双边会谈。（外交部网站）") || !strings.HasPrefix(r4.Text, "王毅出席上海合作组织成员国外长理事会会议\n当地时间") {
		t.Error("004: article body incomplete")
	}
}

// hanDelta counts Han characters of in missing from out (as a multiset).
func hanDelta(in, out string) int {
	m := map[rune]int{}
	for _, r := range in {
		if lexicon.IsIdeograph(r) {
			m[r]++
		}
	}
	for _, r := range out {
		if lexicon.IsIdeograph(r) {
			m[r]--
		}
	}
	n := 0
	for _, v := range m {
		if v > 0 {
			n += v
		}
	}
	return n
}

func TestProperties(t *testing.T) {
	texts := map[string]string{}
	for k, v := range seeds(t) {
		texts["seed "+k] = v
	}
	for k, v := range references(t) {
		texts[k] = v
	}
	for name, src := range texts {
		r := Normalize(src)
		if !utf8.ValidString(r.Text) {
			t.Errorf("%s: invalid UTF-8", name)
		}
		if again := Normalize(r.Text).Text; again != r.Text {
			t.Errorf("%s: not idempotent:\n%s", name, lineDiff(r.Text, again))
		}
		if r.Text != "" && len(r.Articles) == 0 {
			t.Errorf("%s: no article", name)
		}
		lines := strings.Count(r.Text, "\n") + 1
		for _, a := range r.Articles {
			if a.StartLine >= a.EndLine || a.EndLine > lines {
				t.Errorf("%s: bad article %+v", name, a)
			}
		}
		// every Han character is in the text, a removed line or a repair
		lost := hanDelta(src, r.Text+strings.Join(r.Boilerplate, ""))
		budget := r.Counts["pinyin"]*0 + r.Counts["mojibake"]*30 + r.Counts["duplicates"]*200
		if lost > budget {
			t.Errorf("%s: %d Han characters lost (budget %d)", name, lost, budget)
		}
	}
}

func TestReferencePassThrough(t *testing.T) {
	for name, src := range references(t) {
		r := Normalize(src)
		if len(r.Boilerplate) > 0 || r.Counts["mojibake"] > 0 || len(r.Unrepaired) > 0 {
			t.Errorf("%s: removed %q, counts %v, unrepaired %q", name, r.Boilerplate, r.Counts, r.Unrepaired)
		}
		if han(src) != han(r.Text) {
			t.Errorf("%s: Han characters changed", name)
		}
	}
}

func han(s string) string {
	var b strings.Builder
	for _, r := range s {
		if lexicon.IsIdeograph(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func TestRepairsAlone(t *testing.T) {
	tests := []struct{ name, in, want, count string }{
		{"bom crlf", "\uFEFF第一行。\r\n第二行。\r\n", "第一行。\n第二行。", "crlf"},
		{"controls", "中文\x00\x07内容\u200b很好。", "中文内容很好。", "controlChars"},
		{"nfc", "Cafe\u0301 是一家咖啡店。", "Café 是一家咖啡店。", "nfc"},
		{"nbsp", "\u00a0\u00a0他说，很好。", "他说，很好。", "nbsp"},
		{"ideographic space", "\u3000\u3000他说，很好。", "他说，很好。", "ideographicSpace"},
		{"fullwidth", "２０２４年ＡＰＥＣ会议。", "2024年APEC会议。", "fullwidthAlnum"},
		{"punct", "他说:\"你好,世界!\"然后(笑)走了;好吗?", "他说：“你好，世界！”然后（笑）走了；好吗？", "punctuation"},
		{"keep numbers", "共有1,000人,增长3.5%,时间12:30。", "共有1,000人，增长3.5%，时间12:30。", "punctuation"},
		{"keep english", "他说 Hello, world! 然后走了。Visit http://a.com/x?y=1, ok.", "他说 Hello, world! 然后走了。Visit http://a.com/x?y=1, ok.", ""},
		{"pinyin", "發(fā)展經（jīng）濟。", "發展經濟。", "pinyin"},
		{"keep parens", "新华社(2024)报道(新华社)，上合组织(上合组织)会议（完）。", "新华社（2024）报道（新华社），上合组织（上合组织）会议（完）。", ""},
		{"keep non-pinyin", "他(he)说(ni hao)，还有(fa)。", "他(he)说(ni hao)，还有(fa)。", ""},
		{"ocr spaces", "上海合作组织 成立于世纪之交，当时冷战遗留 的对立和割裂尚待弥合，本组 织创始成员。", "上海合作组织成立于世纪之交，当时冷战遗留的对立和割裂尚待弥合，本组织创始成员。", "ocrSpaces"},
		{"keep latin spaces", "使用 Python 语言编程，很方便。", "使用 Python 语言编程，很方便。", ""},
		{"ocr join", "习近平强调，上海合作组织之所以能够经受住国际形势风\n\n云变幻的考验，根源在于团结。", "习近平强调，上海合作组织之所以能够经受住国际形势风云变幻的考验，根源在于团结。", "ocrJoinedLines"},
		{"caption", "会议召开。\n▲习近平出席会议。新华社\n新华社记者 李涛 摄\n会议结束。", "会议召开。\n会议结束。", "captions"},
		{"boilerplate", "首页 > 新闻 > 国内\n标题在这里\n来源：新华网\n正文第一段，内容。\n责任编辑：张三\n相关阅读\n• 另一条新闻标题\n时间：05-22\n免责声明：本网转载仅供参考。", "标题在这里\n正文第一段，内容。", "boilerplate"},
		{"latin1", "ä¸\u008aæµ·å\u0090\u0088ä½\u009cç»\u0084ç»\u0087æ\u0088\u0090ç«\u008bã\u0080\u0082", "上海合作组织成立。", "mojibake"},
	}
	for _, tc := range tests {
		r := Normalize(tc.in)
		if r.Text != tc.want {
			t.Errorf("%s:\n got  %q\n want %q", tc.name, r.Text, tc.want)
		}
		if tc.count != "" && r.Counts[tc.count] == 0 {
			t.Errorf("%s: Counts %v lacks %s", tc.name, r.Counts, tc.count)
		}
	}
}

func TestSentencesCanonical(t *testing.T) {
	got := Sentences("他说：“好！”然后走了。真的吗？是的……好吧")
	want := []string{"他说：“好！”", "然后走了。", "真的吗？", "是的……", "好吧"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Sentences: %q", got)
	}
	if c := Canonical("他說「你好『朋友』」"); c != "他說“你好‘朋友’”" {
		t.Errorf("Canonical: %q", c)
	}
	if n := Normalize("他說「你好」。"); n.Text != "他說「你好」。" {
		t.Errorf("original script quotes changed: %q", n.Text)
	}
}

// Damage generated from clean reference paragraphs.

func paragraphs(t *testing.T) []string {
	var out []string
	refs := references(t)
	names := make([]string, 0, len(refs))
	for name := range refs {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		for _, p := range strings.Split(refs[name], "\n") {
			if runeLen(p) > 60 {
				out = append(out, p)
			}
		}
	}
	if len(out) == 0 {
		t.Skip("no reference paragraphs")
	}
	return out
}

func TestMojibakeGenerated(t *testing.T) {
	damages := mojibaketest.Damages()
	ps := paragraphs(t)
	for _, dm := range damages {
		tried, exact, edge := 0, 0, 0
		for i, p := range ps {
			if i%2 != 0 {
				continue
			}
			rs := []rune(p)
			a := 20 + i%15
			b := a + 8 + i%10
			if b >= len(rs) {
				continue
			}
			dp, span, ok := mojibaketest.DamageSpan(p, a, b, dm.F)
			if !ok {
				continue
			}
			tried++
			got := Normalize(dp).Text
			wantP := Normalize(p).Text
			switch {
			case got == wantP:
				exact++
			case runeEdits(got, wantP) <= 1 || hanDelta(wantP, got) <= 1 && hanDelta(got, wantP) <= 1:
				edge++
				if os.Getenv("ZZEDGE") != "" {
					t.Logf("EDGE %s: span %q damaged %q\n%s", dm.Name, span, []rune(dp)[a:min(len([]rune(dp)), b+3)], lineDiff(wantP, got))
				}
			default:
				if testing.Verbose() {
					t.Logf("%s: span %q damaged %q\n%s", dm.Name, span, []rune(dp)[a:min(len([]rune(dp)), b+3)], lineDiff(wantP, got))
				}
			}
		}
		t.Logf("%s: %d damaged paragraphs, %d exact, %d within one edge character", dm.Name, tried, exact, edge)
		if tried > 0 && (exact+edge)*10 < tried*6 {
			t.Errorf("%s: only %d+%d of %d repaired", dm.Name, exact, edge, tried)
		}
	}
}

func TestOCRGenerated(t *testing.T) {
	ps := paragraphs(t)
	ok, n := 0, 0
	for i, p := range ps {
		want := Normalize(p).Text
		if strings.Contains(want, "\n") {
			continue
		}
		// break every 13 runes with a space, and the paragraph once mid-line
		rs := []rune(p)
		var b strings.Builder
		for k, r := range rs {
			if k > 0 && k%13 == 0 && lexicon.IsIdeograph(r) && lexicon.IsIdeograph(rs[k-1]) {
				b.WriteByte(' ')
			}
			if k == len(rs)/2 && lexicon.IsIdeograph(r) && lexicon.IsIdeograph(rs[k-1]) && !lexicon.IsIdeograph(rs[k+1]) == false {
				b.WriteString("\n\n")
			}
			b.WriteRune(r)
		}
		n++
		if got := Normalize(b.String()).Text; got == want {
			ok++
		} else if testing.Verbose() && i%10 == 0 {
			t.Logf("%s", lineDiff(want, got))
		}
	}
	t.Logf("OCR damage: %d of %d restored exactly", ok, n)
	if ok*10 < n*8 {
		t.Errorf("OCR: only %d of %d restored", ok, n)
	}
}

func BenchmarkNormalize(b *testing.B) {
	var docs []string
	total := 0
	for _, s := range seeds(b) {
		docs = append(docs, s)
		total += len(s)
	}
	b.SetBytes(int64(total))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, d := range docs {
			Normalize(d)
		}
	}
}

func BenchmarkNormalizeReference(b *testing.B) {
	var docs []string
	total := 0
	for _, s := range references(b) {
		docs = append(docs, s)
		total += len(s)
	}
	b.SetBytes(int64(total))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, d := range docs {
			Normalize(d)
		}
	}
}

// TestNFCSafeRanges checks that every character nfcSafe accepts is NFC on
// its own, has combining class 0 and combines with nothing before it.
func TestNFCSafeRanges(t *testing.T) {
	for _, g := range nfcSafeRanges {
		for r := g[0]; r <= g[1]; r++ {
			s := string(r)
			p := norm.NFC.PropertiesString(s)
			if !norm.NFC.IsNormalString(s) || p.CCC() != 0 || !p.BoundaryBefore() {
				t.Errorf("U+%04X is not NFC-safe", r)
			}
		}
	}
	if !nfcSafe("中文，ＡＢ。") || nfcSafe("Cafe\u0301") || nfcSafe("\uF900") {
		t.Error("nfcSafe")
	}
}

// TestMatchers compares the hand-written line matchers with the regular
// expressions they replace, on every line of the seeds and reference texts,
// their prefixes, and made-up lines around the patterns.
func TestMatchers(t *testing.T) {
	reMeta := regexp.MustCompile(`^(?:来源|來源|资料来源|資料來源|稿源|作者|编辑|編輯|责任编辑|責任編輯|责编|責編|编审|編審|审核|審核|校对|校對|摄影|攝影|原标题|原標題|发布时间|發佈時間|发布日期|發佈日期|浏览次数|瀏覽次數|阅读量|閱讀量|点击数|點擊數|字号|字號)\s*[:：]`)
	reCredit := regexp.MustCompile(`^(?:[（(])?(?:据|據|均据|均據|来源|來源|转自|轉自)?\s*(?:新华社|新華社|中新社|人民日报|人民日報|中央社|央视网|央視網|本报|本報)(?:电|電|讯|訊|综合|綜合|报道|報道)?(?:[)）])?$`)
	reDateline := regexp.MustCompile(`^(?:新华社|新華社|中新社|中新网|中新網|本报|本報|人民网|人民網|央视网|央視網|中央社|路透社|法新社)[^，。,]{0,20}?(?:电|電|讯|訊|消息)|^(?:当地时间|當地時間)|^\d{4}年\d{1,2}月\d{1,2}日(?:上午|下午|晚|晚上|凌晨|中午|早上|早晨)?[，,]`)
	reDateLead := regexp.MustCompile(`^\d{4}年\d{1,2}月\d{1,2}日(?:上午|下午|晚|晚上|凌晨|中午|早上|早晨)?[，,]`)
	reParaOpener := regexp.MustCompile(`^[^，。！？]{1,12}(?:表示|说|說|指出|强调|強調|认为|認為|期间|期間)，`)
	reDatelineSpace := regexp.MustCompile(`^(?:新华社|新華社|中新社|中新网|中新網|本报|本報|人民网|人民網|央视网|央視網|中央社)[^，。,\s]{0,20}(?:电|電|讯|訊)$`)
	reSpaces := regexp.MustCompile(`[ \t]{2,}`)

	var lines []string
	add := func(s string) {
		rs := []rune(s)
		for k := 0; k <= len(rs) && k <= 40; k++ {
			lines = append(lines, string(rs[:k]))
		}
		lines = append(lines, s)
	}
	for _, s := range seeds(t) {
		for _, l := range strings.Split(s, "\n") {
			add(strings.TrimSpace(l))
		}
	}
	for _, s := range references(t) {
		for _, l := range strings.Split(s, "\n") {
			add(l)
		}
	}
	for _, l := range []string{
		"来源：新华网", "来源 : 人民网", "责任编辑：张三", "资料来源:x", "字號 ： 大", "作者", "来源新华网",
		"（新华社）", "据新华社电", "均據 中央社報道)", "(本报讯）", "来源人民日报综合", "新华社电。", "转自央视网",
		"新华社北京7月4日电 记者", "新華社阿斯塔納7月4日電", "路透社1234567890123456789012电", "路透社12345678901234567890电",
		"新华社北京，7月4日电", "当地时间4日", "2024年7月4日，", "2024年7月4日上午，", "2024年7月4日晚上,", "2024年17月4日，", "202年7月4日，",
		"20245年7月4日，", "2024年7月4日晚間，", "习近平表示，", "外交部发言人汪文斌表示，", "一二三四五六七八九十一二三说，", "一二三四五六七八九十一二说，",
		"他。说，", "說，", "会议期间，双方", "新华社北京7月4日电", "新华社电", "新华社 北京电", "中新网1234567890123456789012电", "本报讯讯",
		"a  b\t\tc \t d\te", "  ", "\t",
	} {
		add(l)
	}
	for _, l := range lines {
		check := func(name string, got, want bool) {
			if got != want {
				t.Errorf("%s(%q) = %v, regexp says %v", name, l, got, want)
			}
		}
		check("isMetaLine", isMetaLine(l), reMeta.MatchString(l))
		check("isCreditLine", isCreditLine(l), reCredit.MatchString(l))
		check("isDateline", isDateline(l), reDateline.MatchString(l))
		check("isDateLead", isDateLead(l), reDateLead.MatchString(l))
		check("isParaOpener", isParaOpener(l), reParaOpener.MatchString(l))
		if rs := []rune(l); len(rs) <= 24 {
			check("isDatelineHead", isDatelineHead(rs), reDatelineSpace.MatchString(l))
		}
		check("mayBeDateTime", mayBeDateTime(l) || !reDateTime.MatchString(l), true)
		check("mayBeCaption", mayBeCaption(l) || !reCaption.MatchString(l), true)
		if got, want := collapseSpaces(l), strings.ReplaceAll(reSpaces.ReplaceAllString(l, " "), "\t", " "); got != want {
			t.Errorf("collapseSpaces(%q) = %q, want %q", l, got, want)
		}
	}
}
