package lexicon

// A MetaField is what a page's metadata label introduces.
type MetaField uint8

// The fields of a page's metadata lines ("发布时间：… | 来源：…").
const (
	FieldOther  MetaField = iota // counts, font size, photographer: read past
	FieldDate                    // the publication date
	FieldSource                  // the source the page credits
	FieldAuthor                  // the writer or reporter
	FieldEditor                  // the editor
)

// MetaLabels maps the labels of page metadata, both scripts, to their
// field. A label is read only as "label：value" (a colon follows), so it
// is structure, not a phrase to look for in running text.
var MetaLabels = map[string]MetaField{
	"发布时间": FieldDate, "發佈時間": FieldDate, "發布時間": FieldDate,
	"发布日期": FieldDate, "發佈日期": FieldDate, "發布日期": FieldDate,
	"发表时间": FieldDate, "發表時間": FieldDate, "发表日期": FieldDate, "發表日期": FieldDate,
	"更新时间": FieldDate, "更新時間": FieldDate, "时间": FieldDate, "時間": FieldDate,
	"日期": FieldDate, "发布": FieldDate, "發佈": FieldDate,
	"来源": FieldSource, "來源": FieldSource, "稿件来源": FieldSource, "稿件來源": FieldSource,
	"文章来源": FieldSource, "文章來源": FieldSource, "新闻来源": FieldSource, "新聞來源": FieldSource,
	"信息来源": FieldSource, "資訊來源": FieldSource, "资料来源": FieldSource, "資料來源": FieldSource,
	"稿源": FieldSource, "出处": FieldSource, "出處": FieldSource, "来自": FieldSource, "來自": FieldSource,
	"作者": FieldAuthor, "记者": FieldAuthor, "記者": FieldAuthor, "撰文": FieldAuthor, "文": FieldAuthor,
	"责任编辑": FieldEditor, "責任編輯": FieldEditor, "编辑": FieldEditor, "編輯": FieldEditor,
	"责编": FieldEditor, "責編": FieldEditor, "编审": FieldEditor, "編審": FieldEditor,
	"审核": FieldOther, "審核": FieldOther, "校对": FieldOther, "校對": FieldOther,
	"摄影": FieldOther, "攝影": FieldOther, "浏览次数": FieldOther, "瀏覽次數": FieldOther,
	"阅读量": FieldOther, "閱讀量": FieldOther, "点击数": FieldOther, "點擊數": FieldOther,
	"字号": FieldOther, "字號": FieldOther, "浏览": FieldOther, "瀏覽": FieldOther,
}
