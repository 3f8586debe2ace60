package lexicon

// Use is a set of the ways an agency's name is read.
type Use uint8

const (
	// Recognized: the extractor records it in a document's agencies when it
	// opens a dateline or stands in a credit ("据新华社电").
	Recognized Use = 1 << iota
	// Self: the publication itself (本报, "this paper"); the extractor's
	// dateline accepts it but it is not recorded as an agency.
	Self
	// Credit: the normalizer drops a line that is only its credit
	// ("（据新华社电）") as boilerplate.
	Credit
	// Dateline: the normalizer takes a line opening with it and 电, 讯 or
	// 消息 within twenty characters for a dateline.
	Dateline
	// SpacedDateline: the normalizer keeps the space after its dateline
	// ("新华社北京7月4日电 ...") where it drops OCR spaces between Han
	// characters.
	SpacedDateline
	// Caption: it may open a photo caption ("新华社记者 张三 摄").
	Caption
)

// An Agency is a news agency or newspaper with its names in both scripts.
type Agency struct {
	Hans, Hant string // Hant is "" when it is spelt as Hans
	Uses       Use
}

// Agencies is the one list of agencies. The order matters to the extractor:
// its patterns try the Recognized names in this order and keep the first
// that matches, so a name must come before any other that it opens.
//
// The uses differ because each reader was tuned on its own material: the
// normalizer's credit, dateline and caption tests were written for the
// agencies seen in its test documents, the extractor's list is wider.
var Agencies = [...]Agency{
	{"新华社", "新華社", Recognized | Credit | Dateline | SpacedDateline | Caption},
	{"中新社", "", Recognized | Credit | Dateline | SpacedDateline | Caption},
	{"中新网", "中新網", Recognized | Dateline | SpacedDateline},
	{"中国新闻社", "中國新聞社", Recognized},
	{"人民网", "人民網", Recognized | Dateline | SpacedDateline},
	{"新华网", "新華網", Recognized},
	{"央视网", "央視網", Recognized | Credit | Dateline | SpacedDateline},
	{"央视新闻", "央視新聞", Recognized},
	{"中央社", "", Recognized | Credit | Dateline | SpacedDateline},
	{"路透社", "", Recognized | Dateline | Caption},
	{"美联社", "美聯社", Recognized | Caption},
	{"法新社", "", Recognized | Dateline | Caption},
	{"塔斯社", "", Recognized},
	{"俄新社", "", Recognized},
	{"共同社", "", Recognized},
	{"韩联社", "韓聯社", Recognized},
	{"彭博社", "", Recognized},
	{"安莎社", "", Recognized},
	{"埃菲社", "", Recognized},
	{"德新社", "", Recognized},
	{"中通社", "", Recognized},
	{"香港中通社", "", Recognized},
	{"人民日报", "人民日報", Recognized | Credit},
	{"光明日报", "光明日報", Recognized},
	{"经济日报", "經濟日報", Recognized},
	{"解放军报", "解放軍報", Recognized},
	{"中国日报", "中國日報", Recognized},
	{"本报", "本報", Self | Credit | Dateline | SpacedDateline | Caption},
	{"本刊", "", Self},
}

// AgencyNames returns the Simplified names of the agencies with use u, in
// list order (the extractor reads canonical Simplified text).
func AgencyNames(u Use) []string {
	var out []string
	for _, a := range Agencies {
		if a.Uses&u != 0 {
			out = append(out, a.Hans)
		}
	}
	return out
}

// AgencySpellings returns both spellings of the agencies with use u, in
// list order, each Simplified name followed by its Traditional one when it
// differs (the normalizer reads text in its original script).
func AgencySpellings(u Use) []string {
	var out []string
	for _, a := range Agencies {
		if a.Uses&u == 0 {
			continue
		}
		out = append(out, a.Hans)
		if a.Hant != "" && a.Hant != a.Hans {
			out = append(out, a.Hant)
		}
	}
	return out
}

// AgencyHas reports whether name, in either script, is an agency with
// use u.
func AgencyHas(name string, u Use) bool {
	for _, a := range Agencies {
		if a.Uses&u != 0 && (name == a.Hans || name == a.Hant && a.Hant != "") {
			return true
		}
	}
	return false
}
