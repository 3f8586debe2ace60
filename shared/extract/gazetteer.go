package extract

import (
	"embed"
	"strings"
)

//go:embed data/*.txt
var dataFS embed.FS

// Entity types.
const (
	PER = "PER"
	LOC = "LOC"
	ORG = "ORG"
)

// gazetteer maps every surface form (canonical name or alias) to its type and
// canonical name.
type gazEntry struct {
	Type      string
	Canonical string
	kind      kind // of Type
}

type gazetteer map[string]gazEntry

func loadGazetteer() (gazetteer, error) {
	g := gazetteer{}
	for _, f := range []struct{ file, typ string }{
		// Order matters on conflicts: the first file wins, so a place is never
		// re-typed as a person (a country is never a person).
		{"data/places.txt", LOC},
		{"data/orgs.txt", ORG},
		{"data/people.txt", PER},
	} {
		b, err := dataFS.ReadFile(f.file)
		if err != nil {
			return nil, err
		}
		for _, line := range strings.Split(string(b), "\n") {
			line = strings.TrimSpace(line)
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			names := strings.Fields(line)
			for _, n := range names {
				if _, ok := g[n]; !ok {
					g[n] = gazEntry{Type: f.typ, Canonical: names[0], kind: kindOf(f.typ)}
				}
			}
		}
	}
	return g, nil
}

// runeBits is a set of characters: a bitmap over the CJK Unified
// Ideographs block (the hot path: one shift and mask), a map for the rest.
type runeBits struct {
	cjk   [(0x9FFF - 0x4E00 + 64) / 64]uint64
	other map[rune]bool
}

func (b *runeBits) has(r rune) bool {
	if r >= 0x4E00 && r <= 0x9FFF {
		i := r - 0x4E00
		return b.cjk[i>>6]&(1<<(i&63)) != 0
	}
	return len(b.other) > 0 && b.other[r] // most sets hold Han characters only
}

func runeSet(s string) *runeBits {
	b := &runeBits{other: map[rune]bool{}}
	for _, r := range s {
		if r >= 0x4E00 && r <= 0x9FFF {
			i := r - 0x4E00
			b.cjk[i>>6] |= 1 << (i & 63)
		} else {
			b.other[r] = true
		}
	}
	return b
}

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// Single-character Chinese surnames (common ones, written by hand) and
// compound surnames.
var surnames = runeSet(surnameOrder)

const surnameOrder = `王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由傅洪阎习钮逄汝贝鄂蔚暴郗钭`

var compoundSurnames = wordSet(`欧阳 司马 诸葛 上官 东方 皇甫 令狐 慕容 尉迟 公孙 夏侯 长孙 宇文 司徒 端木 西门 独孤 南宫 轩辕`)

// Characters used in Xinhua transliterations of foreign names.
var translit = runeSet(`思略尼普弗茨阿埃艾爱安昂奥澳巴拜班邦保鲍贝本比彼毕宾波伯勃博布查察达戴丹道德登迪蒂丁东杜敦多厄恩尔法范菲费芬丰冯弗福盖甘冈戈哥格根古瓜哈海汉豪赫黑亨洪胡华霍基吉加贾杰捷金卡凯坎康柯科克肯库奎拉莱赖兰朗劳勒雷蕾里丽利莉连列林琳留卢鲁路伦罗洛马玛迈麦曼芒梅蒙孟米密明摩莫默姆穆纳娜乃奈南内尼涅宁纽努诺欧帕派潘佩彭皮平珀普奇齐恰乔切钦琴丘屈让萨塞赛桑瑟森沙莎善舍申什施史舒斯松苏索塔泰坦汤唐特滕提廷通图托瓦万旺威韦维温沃乌伍武西希锡夏谢辛休雅亚扬耶伊因英尤于约扎泽詹兹佐茨策巩奎瓦济耶赫埃蒂诺`)

// Titles and roles that precede a person's name (总统托卡耶夫, 外交部长王毅).
var titles = wordSet(`主席 国家主席 总书记 总统 副总统 代理总统 总理 副总理 首相 副首相 国王 女王 王储 王子 亲王 埃米尔 苏丹 委员长 副委员长 秘书长 副秘书长 总干事 副总干事 外长 外交部长 部长 副部长 国务委员 国务卿 大使 公使 总领事 领事 发言人 市长 副市长 省长 副省长 书记 副书记 主任 副主任 院长 副院长 行长 董事长 总裁 总经理 议长 副议长 司令 司令员 政委 将军 元帅 教授 博士 同志 记者 总督 州长 参议员 众议员 议员 团长 校长 局长 厅长 县长 镇长 村长 主编 总编辑 导演 教练 主教练 队长 作家 画家 诗人 常委 委员 总参谋长 参谋长 国防部长 财长 财政部长 商务部长 防长 特使 特别代表 首席执行官 创始人 会长 副会长 理事长 负责人 党首 领导人 代表 夫人 先生 女士 小姐 老人 大师 法官 检察长`)

// Heads of organization names: a name ends with one of these.
var orgHeads = wordSet(`委员会 常委会 常务委员会 代表大会 人民代表大会 人大 政协 大学 学院 学校 中学 小学 研究院 研究所 研究中心 科学院 社科院 工程院 公司 有限公司 集团 银行 协会 学会 同学会 联合会 基金会 商会 工商联 联盟 组织 党 共产党 国民党 党委 党组 县委 市委 省委 区委 纪委 政治局 书记处 中央 部 外交部 局 总局 厅 署 委 办 办公室 办公厅 社 通讯社 报 日报 晚报 报社 电视台 广播电台 电台 台 法院 人民法院 检察院 人民检察院 医院 博物馆 图书馆 军区 部队 舰队 军 理事会 议会 参议院 众议院 国会 内阁 中心 俱乐部 队 国家队 代表团 交易所 出版社 杂志社 剧院 剧团 乐团 公安局 派出所 海关 警察局 总部 国际部 秘书处 工作委员会 筹委会 主席团 论坛 大会 联合会 法庭 实验室 工厂 厂 矿 公社 合作社 学社 书院 医学院 分行 分社 分院 分公司 饭店 酒店 宾馆 旅馆 国宾馆 使馆 大使馆 领事馆 总领事馆`)

// Org heads too generic to stand alone or to start a name: they need a
// modifier that is itself a name or a proper noun.
var weakOrgHeads = wordSet(`部 局 厅 署 委 办 社 报 台 军 队 中心 组织 联盟 大会 论坛 中央 厂 矿 会 团 党 代表团 学校 公司 集团 银行 医院 总部 饭店 酒店 宾馆 旅馆 使馆 大使馆 领事馆 总领事馆`)

// Heads that are an organization on their own (县委, 书记处).
var standaloneOrg = wordSet(`县委 市委 省委 区委 党委 团委 书记处 主席团 筹委会 组委会 理事会 常委会 政协 工商联 妇联 立法会 立法局 行政局 派出所 空军 海军 陆军 红军 八路军 新四军 解放军 武警 参议院 众议院 国会`)

// Place-name suffixes that join the preceding name (廊坊+市).
var placeSuffixes = wordSet(`省 市 县 区 州 镇 乡 村 岛 湾 港 湖 河 江 山 峡 盆地 半岛 群岛 高原 平原 草原 沙漠 自治州 自治县 自治区 地区 新区 开发区 特区 特别行政区 街道 大街 路 街 广场 机场 火车站 县城 盟 旗 海 洋 湖畔 河畔 山区 林区 垦区 牧区 口岸`)

// Single-character country abbreviations used in compounds (中美, 中哈关系).
var countryAbbr = map[rune]string{
	'中': "中国", '美': "美国", '俄': "俄罗斯", '日': "日本", '英': "英国", '法': "法国", '德': "德国",
	'韩': "韩国", '朝': "朝鲜", '印': "印度", '巴': "巴基斯坦", '哈': "哈萨克斯坦", '塔': "塔吉克斯坦",
	'吉': "吉尔吉斯斯坦", '乌': "乌兹别克斯坦", '蒙': "蒙古国", '越': "越南", '泰': "泰国", '澳': "澳大利亚",
	'加': "加拿大", '意': "意大利", '西': "西班牙", '葡': "葡萄牙", '荷': "荷兰", '瑞': "瑞士", '波': "波兰",
	'匈': "匈牙利", '希': "希腊", '土': "土耳其", '伊': "伊朗", '叙': "叙利亚", '以': "以色列", '埃': "埃及",
	'非': "非洲", '欧': "欧洲", '亚': "亚洲", '秘': "秘鲁", '委': "委内瑞拉", '古': "古巴",
	'墨': "墨西哥", '菲': "菲律宾", '缅': "缅甸", '柬': "柬埔寨",
	'港': "香港", '台': "台湾", '京': "北京", '沪': "上海", '苏': "苏联", '捷': "捷克",
}
