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
