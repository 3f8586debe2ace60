package normalize

import "testing"

func TestColumnLayout(t *testing.T) {
	in := "中国与东盟共同迈向二十一世纪\n\n我这次来，是抱着积极参与、扩大共\n识、增进互信、加强合作的目的，与\n东盟各国领导人共同探讨双方\n未来关系的发展目标和指导方针。\n我们正处在世纪之交的重要历史时\n刻，应该以长远的战略眼光\n审视和处理双方关系。\n\n中国人民和东盟各国人民都是\n勤劳勇敢、聪明智慧的人民，自古以\n来就在自己的土地上创造了灿烂的\n文明，形成了具有东方色彩的优秀\n文化传统，为人类的进步\n\n作出了重要贡献。\n"
	want := "中国与东盟共同迈向二十一世纪\n" +
		"我这次来，是抱着积极参与、扩大共识、增进互信、加强合作的目的，与东盟各国领导人共同探讨双方未来关系的发展目标和指导方针。我们正处在世纪之交的重要历史时刻，应该以长远的战略眼光审视和处理双方关系。\n" +
		"中国人民和东盟各国人民都是勤劳勇敢、聪明智慧的人民，自古以来就在自己的土地上创造了灿烂的文明，形成了具有东方色彩的优秀文化传统，为人类的进步作出了重要贡献。"
	r := Normalize(in)
	if r.Text != want {
		t.Errorf("Normalize:\n got  %q\n want %q", r.Text, want)
	}
	if len(r.Articles) == 0 || r.Articles[0].Title != "中国与东盟共同迈向二十一世纪" {
		t.Errorf("Articles = %+v", r.Articles)
	}
	// and the result reads the same again
	if again := Normalize(r.Text).Text; again != r.Text {
		t.Errorf("not idempotent: %q", again)
	}
}

func TestColumnWidthNotOnProse(t *testing.T) {
	for _, s := range [][]string{
		{"标题", "第一段很长很长很长很长很长很长很长很长很长很长很长很长很长很长。", "第二段。"},
		{"一、总则", "二、目标", "三、任务", "四、措施", "五、保障", "六、附则", "七、其他", "八、说明"},
	} {
		if w := columnWidth(s); w != 0 {
			t.Errorf("columnWidth(%q) = %d, want 0", s, w)
		}
	}
}

func TestTonelessPinyin(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"分子的(de)复制", "分子的复制"},
		{"超过了（le）应有的界限", "超过了应有的界限"},
		{"我们(men)进行", "我们进行"},
		{"中国(CN)代表团", "中国(CN)代表团"}, // not a reading of 国
		{"方案(a)与方案(b)", "方案(a)与方案(b)"},
		{"国际(guo)组织", "国际(guo)组织"}, // a reading of another character
	} {
		if got := removePinyin(c.in, counter{}); got != c.want {
			t.Errorf("removePinyin(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestColumnCuts: a column is cut by position. A Latin word cut at the
// edge is joined without a space unless the cut line kept one; a blank
// line after a closing quote or a numbered heading ends a paragraph; in a
// document with ASCII commas between Chinese characters the ASCII marks
// next to Chinese text are made full width.
func TestColumnCuts(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"word cut", "标题\n\n影片《进化特区》（英文：Ev\nolution）是二零零一年首\n映的一部美国科幻喜剧电\n影，由伊凡·瑞特曼执导，\n大卫·杜楚尼等人主演。这\n部电影在北美的票房不如\n预期，影评人的评价也不\n高，但是后来出了动画片。\n",
			"标题\n影片《进化特区》（英文：Evolution）是二零零一年首映的一部美国科幻喜剧电影，由伊凡·瑞特曼执导，大卫·杜楚尼等人主演。这部电影在北美的票房不如预期，影评人的评价也不高，但是后来出了动画片。"},
		{"space at the cut", "标题\n\n地中海被罗马人称为“我们\n的海”（Mare\n Nostrum），这个名称沿用\n了很久，直到中世纪以后才\n渐渐被其他的名称所取代，\n后来的人们也常常这样称呼\n它，以表示对它的喜爱和尊\n重，这是一个有趣的例子。\n",
			"标题\n地中海被罗马人称为“我们的海”（Mare Nostrum），这个名称沿用了很久，直到中世纪以后才渐渐被其他的名称所取代，后来的人们也常常这样称呼它，以表示对它的喜爱和尊重，这是一个有趣的例子。"},
		{"closing quote and heading", "标题\n\n他说：“这是在寻找正确组\n合的漫长旅程中的一小步。”\n\n三、提升农业发展质量，培\n育乡村发展新动能\n\n乡村振兴，产业兴旺是重点\n，必须坚持质量兴农、绿色\n兴农，以农业供给侧结构性\n改革为主线，加快构建现代\n农业产业体系和生产体系。\n",
			"标题\n他说：“这是在寻找正确组合的漫长旅程中的一小步。”\n三、提升农业发展质量，培育乡村发展新动能\n乡村振兴，产业兴旺是重点，必须坚持质量兴农、绿色兴农，以农业供给侧结构性改革为主线，加快构建现代农业产业体系和生产体系。"},
		{"OCR marks", "标题\n\n他被称为铁人(IronMan),在\n热门网站例如Reddit,Twitter\n和Spotify上,有很多人讨论\n他的比赛,也有人批评他的\n表现:这是一个有趣的例子\n,值得我们认真思考和研究\n,他在1982年至1998年造出\n的2,632场连续出赛是纪录。\n",
			"标题\n他被称为铁人（IronMan），在热门网站例如Reddit，Twitter和Spotify上，有很多人讨论他的比赛，也有人批评他的表现：这是一个有趣的例子，值得我们认真思考和研究，他在1982年至1998年造出的2,632场连续出赛是纪录。"},
	} {
		r := Normalize(c.in)
		if r.Text != c.want {
			t.Errorf("%s:\n got  %q\n want %q", c.name, r.Text, c.want)
		}
		if again := Normalize(r.Text).Text; again != r.Text {
			t.Errorf("%s: not idempotent: %q", c.name, again)
		}
	}
	// clean text keeps its ASCII parentheses around Latin words
	if got := Normalize("标题\n\n首家电影公司(Athina Film)于1912年成立。\n").Text; got != "标题\n首家电影公司(Athina Film)于1912年成立。" {
		t.Errorf("clean parentheses: %q", got)
	}
}
