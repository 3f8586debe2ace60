package normalize

import "testing"

func TestParseMeta(t *testing.T) {
	for _, c := range []struct {
		line     string
		want     Meta
		labelled bool
		ok       bool
	}{
		{"发布时间：2019年11月17日 12:05 | 来源:人民网", Meta{Published: "2019-11-17", Source: "人民网"}, true, true},
		{"稿件來源：光明日報", Meta{Source: "光明日報"}, true, true},
		{"2017-09-06 20:35　来源：中国日报网", Meta{Published: "2017-09-06", Source: "中国日报网"}, true, true},
		{"發佈時間：2021/03/05 08:00:12 來源 : 中央社 作者：張偉", Meta{Published: "2021-03-05", Source: "中央社", Author: "張偉"}, true, true},
		{"来源：新华网　2020.01.02 10:11", Meta{Published: "2020-01-02", Source: "新华网"}, true, true},
		{"（责任编辑：王芳）", Meta{Editor: "王芳"}, true, true},
		{"【責任編輯：陳靜】", Meta{Editor: "陳靜"}, true, true},
		{"2019-11-17", Meta{Published: "2019-11-17"}, false, true},
		{"来源: 央视新闻客户端 | 2021-05-06 09:30", Meta{Published: "2021-05-06", Source: "央视新闻客户端"}, true, true},
		{"本文来源：经济日报", Meta{Source: "经济日报"}, true, true},
		{"时间：2019-11-17 来源：新华社 作者：张三 责任编辑：李四", Meta{Published: "2019-11-17", Source: "新华社", Author: "张三", Editor: "李四"}, true, true},
		{"发布日期：2020年03月05日  信息来源：市政府办公室", Meta{Published: "2020-03-05", Source: "市政府办公室"}, true, true},
		{"2019-13-17", Meta{}, false, false},
		// dates in Chinese numerals, labels followed by a space alone
		{"二〇一九年十一月十七日", Meta{Published: "2019-11-17"}, false, true},
		{"发布时间 二零零八年一月三十一日 12:05　来源 人民网", Meta{Published: "2008-01-31", Source: "人民网"}, true, true},
		{"發佈時間：二〇二四年十月五日 下午三時二十分 | 來源：中央社", Meta{Published: "2024-10-05", Source: "中央社"}, true, true},
		{"责任编辑 张三", Meta{Editor: "张三"}, true, true},
		{"（責任編輯 陳靜）", Meta{Editor: "陳靜"}, true, true},
		{"稿件来源　光明日报  作者 王芳", Meta{Source: "光明日报", Author: "王芳"}, true, true},
		{"二〇一九年十三月十七日", Meta{}, false, false},
		{"时间 地点 人物", Meta{}, false, false},
		{"来源 于生活，高于生活。", Meta{}, false, false},
		{"文 张三", Meta{}, false, false}, // a one-character label needs its colon
		// running text with a label-like word is not a metadata line
		{"时间：到了明年，我们还要继续努力。", Meta{}, false, false},
		{"他说，来源：不明的消息不可信", Meta{}, false, false},
		{"新华社北京7月4日电", Meta{}, false, false},
	} {
		m, labelled, ok := parseMeta(c.line)
		if m != c.want || labelled != c.labelled || ok != c.ok {
			t.Errorf("parseMeta(%q) = %+v, %v, %v; want %+v, %v, %v", c.line, m, labelled, ok, c.want, c.labelled, c.ok)
		}
	}
}

func TestMetaSurvivesBoilerplate(t *testing.T) {
	in := "首页 > 新闻 > 国内\n标题在这里\n发布时间：2019年11月17日 12:05 | 来源:人民网\n正文第一段，内容很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长。\n（责任编辑：王芳）\n"
	r := Normalize(in)
	want := Meta{Published: "2019-11-17", Source: "人民网", Editor: "王芳"}
	if r.Meta != want {
		t.Errorf("Meta = %+v, want %+v", r.Meta, want)
	}
	if r.Text != "标题在这里\n正文第一段，内容很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长。" {
		t.Errorf("Text = %q", r.Text)
	}
}

func TestHeadingWithComma(t *testing.T) {
	for _, c := range []struct{ in, title, text string }{
		{"三、提升农业发展质量，培育乡村发展新动能\n\n乡村振兴，产业兴旺是重点。必须坚持质量兴农、绿色兴农，以农业供给侧结构性改革为主线。\n",
			"三、提升农业发展质量，培育乡村发展新动能",
			"三、提升农业发展质量，培育乡村发展新动能\n乡村振兴，产业兴旺是重点。必须坚持质量兴农、绿色兴农，以农业供给侧结构性改革为主线。"},
		// a sentence broken at a blank line after the first paragraph is
		// joined again: only numbered headings stand alone there
		{"标题\n\n第一段说完了。\n\n他强调，上海合作组织之所以能够经受住国际形势风\n\n云变幻的考验，根源在于我们始终坚持团结协作的优良传统、平等互惠的合作之道。\n",
			"标题",
			"标题\n第一段说完了。\n他强调，上海合作组织之所以能够经受住国际形势风云变幻的考验，根源在于我们始终坚持团结协作的优良传统、平等互惠的合作之道。"},
		{"标题\n\n第一段说完了。\n\n（一）夯实农业生产能力基础，确保粮食安全\n\n深入实施藏粮于地、藏粮于技战略，严守耕地红线，确保国家粮食安全，把饭碗端在自己手中。\n",
			"标题",
			"标题\n第一段说完了。\n（一）夯实农业生产能力基础，确保粮食安全\n深入实施藏粮于地、藏粮于技战略，严守耕地红线，确保国家粮食安全，把饭碗端在自己手中。"},
	} {
		r := Normalize(c.in)
		if r.Text != c.text {
			t.Errorf("Normalize(%q).Text = %q, want %q", c.in, r.Text, c.text)
		}
		if len(r.Articles) == 0 || r.Articles[0].Title != c.title {
			t.Errorf("Normalize(%q).Articles = %+v, want title %q", c.in, r.Articles, c.title)
		}
	}
}
