package lexicon

import (
	"strings"
	"testing"
	"unicode"
)

func TestIsHan(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if got, want := IsHan(r), unicode.Is(unicode.Han, r); got != want {
			t.Fatalf("IsHan(%U) = %v, want %v", r, got, want)
		}
	}
}

// TestIdeographWithinHan: every assigned character IsIdeograph holds is
// \p{Han}; the ones \p{Han} adds are the radicals and marks named in the
// doc comments.
func TestIdeographWithinHan(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		id, han := IsIdeograph(r), IsHan(r)
		if id && !han && unicode.In(r, unicode.L, unicode.N) {
			t.Fatalf("IsIdeograph(%U) but not Han", r)
		}
		if han && !id && !(r >= 0x2E80 && r <= 0x2FDF || r == 0x3005 || r >= 0x3021 && r <= 0x3029 ||
			r >= 0x3038 && r <= 0x303B || r >= 0x16FE2 && r <= 0x16FF1 || r >= 0x40000) {
			t.Fatalf("%U is Han but neither an ideograph nor a named exception", r)
		}
	}
}

// TestAgencyUses pins the names each reader sees; they are the lists the
// readers held before the lexicon, so a change here is a change of output.
func TestAgencyUses(t *testing.T) {
	for _, c := range []struct {
		got  []string
		want string
	}{
		{AgencyNames(Recognized), "新华社|中新社|中新网|中国新闻社|人民网|新华网|央视网|央视新闻|中央社|路透社|美联社|法新社|塔斯社|俄新社|共同社|韩联社|彭博社|安莎社|埃菲社|德新社|中通社|香港中通社|人民日报|光明日报|经济日报|解放军报|中国日报"},
		{AgencyNames(Self), "本报|本刊"},
		{AgencySpellings(Credit), "新华社|新華社|中新社|央视网|央視網|中央社|人民日报|人民日報|本报|本報"},
		{AgencySpellings(Dateline), "新华社|新華社|中新社|中新网|中新網|人民网|人民網|央视网|央視網|中央社|路透社|法新社|本报|本報"},
		{AgencySpellings(SpacedDateline), "新华社|新華社|中新社|中新网|中新網|人民网|人民網|央视网|央視網|中央社|本报|本報"},
		{AgencySpellings(Caption), "新华社|新華社|中新社|路透社|美联社|美聯社|法新社|本报|本報"},
	} {
		if got := strings.Join(c.got, "|"); got != c.want {
			t.Errorf("got  %s\nwant %s", got, c.want)
		}
	}
}

// TestAgencyOrder: no Recognized name opens a later one (the extractor keeps
// the first alternative that matches), and every name is listed once.
func TestAgencyOrder(t *testing.T) {
	seen := map[string]bool{}
	for i, a := range Agencies {
		if seen[a.Hans] {
			t.Errorf("%s listed twice", a.Hans)
		}
		seen[a.Hans] = true
		for _, b := range Agencies[i+1:] {
			if a.Uses&Recognized != 0 && b.Uses&Recognized != 0 && strings.HasPrefix(b.Hans, a.Hans) {
				t.Errorf("%s comes before %s, which it opens", a.Hans, b.Hans)
			}
		}
	}
}

func TestAgencyHas(t *testing.T) {
	for _, c := range []struct {
		name string
		u    Use
		want bool
	}{
		{"本报", Self, true}, {"本報", Self, true}, {"本刊", Self, true}, {"新华社", Self, false},
		{"新華社", Caption, true}, {"路透社", SpacedDateline, false}, {"", Self, false}, {"", Recognized, false},
	} {
		if got := AgencyHas(c.name, c.u); got != c.want {
			t.Errorf("AgencyHas(%q, %b) = %v", c.name, c.u, got)
		}
	}
}

// TestMarkerUses pins the markers each reader sees: the lists they held
// before the lexicon (the extractor's in another order, which its regexp,
// only tested for a match, does not depend on).
func TestMarkerUses(t *testing.T) {
	for _, c := range []struct {
		u    MarkerUse
		want string
	}{
		{Related, "相关阅读 相關閱讀 相关新闻 相關新聞 相关链接 相關鏈接 相關連結 延伸阅读 延伸閱讀 推荐阅读 推薦閱讀 热点推荐 熱點推薦 更多新闻 更多新聞 猜你喜欢 猜你喜歡 相关文章 相關文章 热门文章 熱門文章 往期回顾 往期回顧 相关报道 相關報道"},
		{Nav, "当前位置 當前位置 您的位置 你的位置 您现在的位置 您現在的位置"},
		{Contact, "联系我们 聯繫我們 聯絡我們 联系电话 聯繫電話 聯絡電話 投稿邮箱 投稿郵箱 新闻热线 新聞熱線 举报电话 舉報電話 客服电话 客服電話"},
		{Label, "来源 來源 资料来源 資料來源 稿源 作者 编辑 編輯 责任编辑 責任編輯 责编 責編 编审 編審 审核 審核 校对 校對 摄影 攝影 原标题 原標題 发布时间 發佈時間 发布日期 發佈日期 浏览次数 瀏覽次數 阅读量 閱讀量 点击数 點擊數 字号 字號"},
		{EndsArticle, "相关阅读 相关新闻 延伸阅读 推荐阅读 相关报道 热门推荐 免责声明 版权声明 分享到 扫一扫 上一篇 下一篇 联系我们 责任编辑 责编"},
	} {
		if got := strings.Join(MarkerTexts(c.u), " "); got != c.want {
			t.Errorf("%b:\ngot  %s\nwant %s", c.u, got, c.want)
		}
	}
	if got := strings.Join(MarkerTexts(Disclaimer), "|"); got != "免责声明|免責聲明|版权声明|版權聲明|版权所有|版權所有|Copyright|copyright|©|All Rights Reserved|本网站转载|本網站轉載|未经授权|未經授權|转载请注明|轉載請註明" {
		t.Errorf("disclaimers: %s", got)
	}
	if got := strings.Join(MarkerTexts(Widget), " "); got != "分享到 分享至 打印本页 打印本頁 【打印】 【关闭】 【關閉】 关闭窗口 關閉窗口 返回顶部 返回頂部 扫一扫 掃一掃 上一篇 下一篇 收藏本文 【字号 【字體 字体： 字體： 微信扫码 微信掃碼 点击进入 點擊進入 我要评论 我要評論" {
		t.Errorf("widgets: %s", got)
	}
}

func TestHanNumbers(t *testing.T) {
	for _, c := range []struct {
		s    string
		year bool
		want int
		ok   bool
	}{
		{"七", false, 7, true}, {"十", false, 10, true}, {"十二", false, 12, true},
		{"二十", false, 20, true}, {"三十一", false, 31, true}, {"17", false, 17, true},
		{"十〇", false, 0, false}, {"二十〇", false, 0, false}, {"甲", false, 0, false}, {"", false, 0, false},
		{"二〇一九", true, 2019, true}, {"二零零八", true, 2008, true}, {"二○二四", true, 2024, true},
		{"2019", true, 2019, true}, {"二〇一x", true, 0, false}, {"", true, 0, false},
	} {
		f := HanNumber
		if c.year {
			f = HanYear
		}
		if got, ok := f(c.s); ok != c.ok || ok && got != c.want {
			t.Errorf("%q (year %v) = %d, %v; want %d, %v", c.s, c.year, got, ok, c.want, c.ok)
		}
	}
}
