package extract

import (
	"strings"
	"testing"
)

// TestLineGates: each gated match agrees with its regexp.
func TestLineGates(t *testing.T) {
	lines := []string{"", " ", "相关阅读", "  • 相关新闻", "-责编：王", "* 编辑:李", "→ 联系我们", "→联系我们", "•→ 联系我们", "上一篇", "正文相关阅读",
		"来源：新华社", " 资料来源: 外交部", "作者 张三", "记者 李四", "据新华社电", "本报讯", "2024年7月4日", " 2024-05-21 18:02", "：12", "时分秒",
		"新华社阿斯塔纳7月4日电", " 本报北京7月4日电", "中新社北京7月4日电", "北京7月4日电", "（记者 张三）", "\t编辑：x", "免责声明"}
	for _, in := range referenceInputs(t) {
		for _, l := range strings.Split(in.Text, "\n") {
			lines = append(lines, l, strings.TrimSpace(l))
		}
	}
	for _, l := range lines {
		if got, want := boilerLine(l), reBoiler.MatchString(l); got != want {
			t.Errorf("boilerLine(%q) = %v, want %v", l, got, want)
		}
		if got, want := creditLine(l), reCredit.MatchString(l); got != want {
			t.Errorf("creditLine(%q) = %v, want %v", l, got, want)
		}
		if got, want := dateLine(l), reDateLn.MatchString(l); got != want {
			t.Errorf("dateLine(%q) = %v, want %v", l, got, want)
		}
		if got, want := datelineStart(l), reDateline.MatchString(l); got != want {
			t.Errorf("datelineStart(%q) = %v, want %v", l, got, want)
		}
	}
}
