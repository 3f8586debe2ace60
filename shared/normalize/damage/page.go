package damage

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"unicode"
)

// labels in both scripts; index 0 is Simplified, 1 Traditional.
var (
	crumbSeps    = []string{" » ", " > ", " | ", " / ", " › ", "＞", " → ", ">"}
	crumbHeads   = [2][]string{{"您的位置：", "当前位置：", "首页", "位置："}, {"您的位置：", "當前位置：", "首頁", "位置："}}
	crumbItems   = [2][]string{{"首页", "新闻中心", "国内新闻", "时政", "社会", "财经频道", "正文", "要闻", "地方"}, {"首頁", "新聞中心", "國內新聞", "時政", "社會", "財經頻道", "正文", "要聞", "地方"}}
	dateLabels   = [2][]string{{"发布时间：", "发布日期：", "时间：", "发布时间:", "日期：", "", "", "发布时间 ", "时间　"}, {"發佈時間：", "發布日期：", "時間：", "發佈時間:", "日期：", "", "", "發佈時間 ", "時間　"}}
	sourceLabels = [2][]string{{"来源：", "来源:", "稿件来源：", "来源 : ", "出处：", "来源 ", "稿件来源　"}, {"來源：", "來源:", "稿件來源：", "來源 : ", "出處：", "來源 ", "稿件來源　"}}
	sources      = [2][]string{{"人民网", "新华网", "中国日报网", "光明日报", "央视网", "中国新闻网", "澎湃新闻", "经济日报", "南方日报", "北京青年报"}, {"光明日報", "中央社", "聯合報", "自由時報", "人民網", "新華網", "明報", "大公報", "香港電台", "經濟日報"}}
	authorLabels = [2][]string{{"作者：", "作者:", "记者：", "作者 "}, {"作者：", "作者:", "記者：", "作者 "}}
	editorLabels = [2][]string{{"责任编辑：%s", "（责任编辑：%s）", "【责任编辑：%s】", "编辑：%s", "责编：%s", "责任编辑 %s", "（责任编辑 %s）", "编辑　%s"}, {"責任編輯：%s", "（責任編輯：%s）", "【責任編輯：%s】", "編輯：%s", "責編：%s", "責任編輯 %s", "（責任編輯 %s）", "編輯　%s"}}
	people       = [2][]string{{"张伟", "王芳", "李娜", "刘洋", "陈静", "杨帆", "赵磊", "黄敏"}, {"張偉", "王芳", "李娜", "劉洋", "陳靜", "楊帆", "趙磊", "黃敏"}}
	relHeads     = [2][]string{{"相关阅读", "【相关阅读】", "延伸阅读", "推荐阅读：", "猜你喜欢", "热点推荐", "相关文章", "更多新闻", "相关新闻：", ">>相关报道"}, {"相關閱讀", "【相關閱讀】", "延伸閱讀", "推薦閱讀：", "猜你喜歡", "熱點推薦", "相關文章", "更多新聞", "相關新聞：", ">>相關報導"}}
	shares       = [2][]string{{"分享到：微信 微博 QQ空间", "分享到：", "扫一扫，分享到微信", "【打印】【关闭】", "分享：微博 | 微信 | 人人网", "打印本页 关闭窗口"}, {"分享到：微信 微博 Facebook", "分享到：", "掃一掃，分享到微信", "【列印】【關閉】", "分享：Facebook | Line | 微博", "列印本頁 關閉視窗"}}
	prevNext     = [2][2]string{{"上一篇：", "下一篇："}, {"上一篇：", "下一篇："}}
	copyrights   = [2][]string{{"Copyright © %d %s All Rights Reserved", "版权所有 © %d %s", "京ICP备%d号", "本网站所有内容，未经授权不得转载。", "%s 版权所有，未经书面授权禁止使用"}, {"Copyright © %d %s All Rights Reserved", "版權所有 © %d %s", "本網站所有內容，未經授權不得轉載。", "%s 版權所有，未經書面授權禁止使用", "著作權所有 © %d %s"}}
)

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// hanDate writes a date in Chinese numerals: 二〇一九年十一月十七日 (or
// 二零一九年…).
func hanDate(r *rand.Rand, y, m, d int) string {
	zero := pick(r, []string{"〇", "零"})
	digits := []string{zero, "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	var b strings.Builder
	for _, c := range fmt.Sprintf("%04d", y) {
		b.WriteString(digits[c-'0'])
	}
	small := func(n int) string {
		switch {
		case n < 10:
			return digits[n]
		case n == 10:
			return "十"
		case n < 20:
			return "十" + digits[n-10]
		case n%10 == 0:
			return digits[n/10] + "十"
		}
		return digits[n/10] + "十" + digits[n%10]
	}
	return b.String() + "年" + small(m) + "月" + small(d) + "日"
}

func formatDate(r *rand.Rand, y, m, d, hh, mm int) string {
	switch r.IntN(8) {
	case 6:
		return hanDate(r, y, m, d)
	case 7:
		return fmt.Sprintf("%s %02d:%02d", hanDate(r, y, m, d), hh, mm)
	case 0:
		return fmt.Sprintf("%04d-%02d-%02d %02d:%02d", y, m, d, hh, mm)
	case 1:
		return fmt.Sprintf("%d年%d月%d日 %02d:%02d", y, m, d, hh, mm)
	case 2:
		return fmt.Sprintf("%04d-%02d-%02d", y, m, d)
	case 3:
		return fmt.Sprintf("%d年%02d月%02d日", y, m, d)
	case 4:
		return fmt.Sprintf("%04d/%02d/%02d %02d:%02d:%02d", y, m, d, hh, mm, r.IntN(60))
	}
	return fmt.Sprintf("%04d.%02d.%02d %02d:%02d", y, m, d, hh, mm)
}

// headlines are short lines for lists of other stories, cut from pool
// sentences at their first clause.
func headlines(r *rand.Rand, pool []string, n int) []string {
	var out []string
	for len(out) < n && len(pool) > 0 {
		s := []rune(pick(r, pool))
		k := 0
		for k < len(s) && unicode.Is(unicode.Han, s[k]) || k < len(s) && unicode.IsDigit(s[k]) {
			k++
		}
		if k < 8 {
			continue
		}
		out = append(out, string(s[:min(k, 8+r.IntN(14))]))
	}
	return out
}

// Page wraps a reference text in web-page furniture: a breadcrumb, the
// headline, a metadata line (date, source, sometimes author) in one of many
// formats, the body, then some of editor, share, previous/next, a related
// list under a header in one of several styles, copyright and ICP lines.
// hant chooses the Traditional labels; pool gives list headlines; variant
// picks another layout of the same text.
func Page(name, text string, hant bool, pool []string, variant int) Doc {
	title, paras := Split(text)
	r := rng(name, "page", 4+uint64(variant))
	sc := 0
	if hant {
		sc = 1
	}
	d := Doc{Class: "page", Kind: fmt.Sprintf("furniture-%d", variant), Clean: text, Title: title}
	var lines []string
	furn := func(ls ...string) {
		lines = append(lines, ls...)
		d.Furniture = append(d.Furniture, ls...)
	}
	// breadcrumb
	if r.IntN(5) != 0 {
		sep := pick(r, crumbSeps)
		items := []string{}
		for i := 0; i < 3+r.IntN(2); i++ {
			items = append(items, crumbItems[sc][(i+r.IntN(3))%len(crumbItems[sc])])
		}
		head := pick(r, crumbHeads[sc])
		crumb := strings.Join(items, sep)
		if strings.HasSuffix(head, "：") {
			crumb = head + crumb
		}
		furn(crumb)
	}
	lines = append(lines, title)
	y, m, day := 2008+r.IntN(17), 1+r.IntN(12), 1+r.IntN(28)
	d.Published = fmt.Sprintf("%04d-%02d-%02d", y, m, day)
	d.Source = pick(r, sources[sc])
	date := pick(r, dateLabels[sc]) + formatDate(r, y, m, day, r.IntN(24), r.IntN(60))
	src := pick(r, sourceLabels[sc]) + d.Source
	var author string
	if r.IntN(3) == 0 {
		d.Author = pick(r, people[sc])
		author = pick(r, authorLabels[sc]) + d.Author
	}
	switch r.IntN(4) {
	case 0: // one line, "|" between
		parts := []string{date, src}
		if author != "" {
			parts = append(parts, author)
		}
		furn(strings.Join(parts, pick(r, []string{" | ", "|", "  |  "})))
	case 1: // one line, full-width space or spaces between
		parts := []string{date, src}
		if author != "" {
			parts = append(parts, author)
		}
		furn(strings.Join(parts, pick(r, []string{"　", "  ", " ", "　　"})))
	case 2: // source first
		parts := []string{src, date}
		if author != "" {
			parts = append([]string{author}, parts...)
		}
		furn(strings.Join(parts, pick(r, []string{"　", " | ", "  "})))
	default: // separate lines
		furn(date, src)
		if author != "" {
			furn(author)
		}
	}
	lines = append(lines, paras...)
	// after the body
	if r.IntN(3) != 0 {
		d.Editor = pick(r, people[sc][4:])
		furn(fmt.Sprintf(pick(r, editorLabels[sc]), d.Editor))
	}
	if r.IntN(2) == 0 {
		furn(pick(r, shares[sc]))
	}
	hl := headlines(r, pool, 8)
	if r.IntN(2) == 0 && len(hl) >= 2 {
		furn(prevNext[sc][0]+hl[0], prevNext[sc][1]+hl[1])
	}
	if len(hl) >= 8 {
		furn(pick(r, relHeads[sc]))
		style := r.IntN(4)
		for _, h := range hl[2:] {
			ry, rm, rd := 2008+r.IntN(17), 1+r.IntN(12), 1+r.IntN(28)
			switch style {
			case 0:
				furn(h)
			case 1:
				furn(fmt.Sprintf("· %s (%04d-%02d-%02d)", h, ry, rm, rd))
			case 2:
				furn(fmt.Sprintf("%s　%02d-%02d", h, rm, rd))
			default:
				furn(h+"……", fmt.Sprintf("%04d-%02d-%02d", ry, rm, rd))
			}
		}
	}
	for i := 0; i < 1+r.IntN(2); i++ {
		c := pick(r, copyrights[sc])
		switch strings.Count(c, "%") {
		case 2:
			c = fmt.Sprintf(c, 2000+r.IntN(25), d.Source)
		case 1:
			if strings.Contains(c, "%d") {
				c = fmt.Sprintf(c, 10000000+r.IntN(9e7))
			} else {
				c = fmt.Sprintf(c, d.Source)
			}
		}
		furn(c)
	}
	d.Text = strings.Join(lines, "\n\n") + "\n"
	return d
}
