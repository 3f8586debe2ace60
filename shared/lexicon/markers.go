package lexicon

// MarkerUse is a set of the ways a boilerplate marker is read.
type MarkerUse uint16

// The normalizer's kinds of boilerplate marker, and the extractor's use.
const (
	Related    MarkerUse = 1 << iota // a heading of related stories ("相关阅读")
	Disclaimer                       // a copyright or reprint notice, anywhere in a line
	Nav                              // opens a breadcrumb line ("当前位置")
	Widget                           // page furniture (share, print, close), anywhere in a line
	Contact                          // a contact line, anywhere in a line
	Label                            // a metadata label, when a colon follows ("来源：")
	// EndsArticle: the extractor ends an article at a line that opens with
	// it (after a bullet); it reads canonical Simplified text, so only
	// Simplified spellings carry it.
	EndsArticle
)

// A Marker is a word or phrase that marks a line as page furniture rather
// than article text, in one spelling (the normalizer reads both scripts;
// Traditional spellings are entries of their own, some with two).
type Marker struct {
	Text string
	Uses MarkerUse
}

// Markers is the one list of boilerplate markers.
var Markers = [...]Marker{
	// headings of related-story lists
	{"相关阅读", Related | EndsArticle},
	{"相關閱讀", Related},
	{"相关新闻", Related | EndsArticle},
	{"相關新聞", Related},
	{"相关链接", Related},
	{"相關鏈接", Related},
	{"相關連結", Related},
	{"延伸阅读", Related | EndsArticle},
	{"延伸閱讀", Related},
	{"推荐阅读", Related | EndsArticle},
	{"推薦閱讀", Related},
	{"热点推荐", Related},
	{"熱點推薦", Related},
	{"更多新闻", Related},
	{"更多新聞", Related},
	{"猜你喜欢", Related},
	{"猜你喜歡", Related},
	{"相关文章", Related},
	{"相關文章", Related},
	{"热门文章", Related},
	{"熱門文章", Related},
	{"往期回顾", Related},
	{"往期回顧", Related},
	{"相关报道", Related | EndsArticle},
	{"相關報道", Related},
	{"热门推荐", EndsArticle}, // the extractor's; the normalizer has 热点推荐 and 热门文章
	// copyright and reprint notices
	{"免责声明", Disclaimer | EndsArticle},
	{"免責聲明", Disclaimer},
	{"版权声明", Disclaimer | EndsArticle},
	{"版權聲明", Disclaimer},
	{"版权所有", Disclaimer},
	{"版權所有", Disclaimer},
	{"Copyright", Disclaimer},
	{"copyright", Disclaimer},
	{"©", Disclaimer},
	{"All Rights Reserved", Disclaimer},
	{"本网站转载", Disclaimer},
	{"本網站轉載", Disclaimer},
	{"未经授权", Disclaimer},
	{"未經授權", Disclaimer},
	{"转载请注明", Disclaimer},
	{"轉載請註明", Disclaimer},
	// breadcrumb heads
	{"当前位置", Nav},
	{"當前位置", Nav},
	{"您的位置", Nav},
	{"你的位置", Nav},
	{"您现在的位置", Nav},
	{"您現在的位置", Nav},
	// page furniture
	{"分享到", Widget | EndsArticle},
	{"分享至", Widget},
	{"打印本页", Widget},
	{"打印本頁", Widget},
	{"【打印】", Widget},
	{"【关闭】", Widget},
	{"【關閉】", Widget},
	{"关闭窗口", Widget},
	{"關閉窗口", Widget},
	{"返回顶部", Widget},
	{"返回頂部", Widget},
	{"扫一扫", Widget | EndsArticle},
	{"掃一掃", Widget},
	{"上一篇", Widget | EndsArticle},
	{"下一篇", Widget | EndsArticle},
	{"收藏本文", Widget},
	{"【字号", Widget},
	{"【字體", Widget},
	{"字体：", Widget},
	{"字體：", Widget},
	{"微信扫码", Widget},
	{"微信掃碼", Widget},
	{"点击进入", Widget},
	{"點擊進入", Widget},
	{"我要评论", Widget},
	{"我要評論", Widget},
	// contact lines
	{"联系我们", Contact | EndsArticle},
	{"聯繫我們", Contact},
	{"聯絡我們", Contact},
	{"联系电话", Contact},
	{"聯繫電話", Contact},
	{"聯絡電話", Contact},
	{"投稿邮箱", Contact},
	{"投稿郵箱", Contact},
	{"新闻热线", Contact},
	{"新聞熱線", Contact},
	{"举报电话", Contact},
	{"舉報電話", Contact},
	{"客服电话", Contact},
	{"客服電話", Contact},
	// metadata labels, before a colon
	{"来源", Label},
	{"來源", Label},
	{"资料来源", Label},
	{"資料來源", Label},
	{"稿源", Label},
	{"作者", Label},
	{"编辑", Label},
	{"編輯", Label},
	{"责任编辑", Label | EndsArticle},
	{"責任編輯", Label},
	{"责编", Label | EndsArticle},
	{"責編", Label},
	{"编审", Label},
	{"編審", Label},
	{"审核", Label},
	{"審核", Label},
	{"校对", Label},
	{"校對", Label},
	{"摄影", Label},
	{"攝影", Label},
	{"原标题", Label},
	{"原標題", Label},
	{"发布时间", Label},
	{"發佈時間", Label},
	{"发布日期", Label},
	{"發佈日期", Label},
	{"浏览次数", Label},
	{"瀏覽次數", Label},
	{"阅读量", Label},
	{"閱讀量", Label},
	{"点击数", Label},
	{"點擊數", Label},
	{"字号", Label},
	{"字號", Label},
}

// MarkerTexts returns the markers with use u, in list order.
func MarkerTexts(u MarkerUse) []string {
	var out []string
	for _, m := range Markers {
		if m.Uses&u != 0 {
			out = append(out, m.Text)
		}
	}
	return out
}
