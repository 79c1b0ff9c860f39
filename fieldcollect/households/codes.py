"""The national code lists a household and its members are recorded with (../shared/domain/CODES.md).

Each list maps the stored code (the XLSForm choice name) to its Chinese label. National numeric codes
are used wherever the national system shows them; lists with no known national code use the
suggested ASCII names of CODES.md §8. `lookup_code` accepts a code or a label (as national exports
carry labels), so imports and forms agree on one stored value.
"""

from __future__ import annotations

ATTRIBUTES = {"1": "一般贫困户", "2": "低保贫困户", "3": "特困供养贫困户"}  # 贫困户属性 pkhsx

CAUSES = {  # 致贫原因 zpyy
    "01": "因病", "02": "因残", "03": "因学", "04": "因灾", "05": "缺土地", "06": "缺水", "07": "缺技术",
    "08": "缺劳力", "09": "缺资金", "10": "交通条件落后", "11": "自身发展动力不足", "12": "因婚",
    "13": "因丧",
    "99": "其他",
}

STANDARDS = {"01": "国家标准", "02": "省定标准", "03": "市定标准"}  # 识别标准 sbbz

# 脱贫状态 tpzt
STATUSES = {"0": "未脱贫", "1": "已脱贫（享受政策）", "2": "已脱贫（不再享受政策）", "3": "返贫"}
NOT_EXITED, EXITED_SUPPORTED, EXITED, RETURNED = "0", "1", "2", "3"

SUPPORT_TRACKS = {  # 五个一批 wgylx
    "fzsc": "发展生产脱贫一批", "ydbq": "易地搬迁脱贫一批", "stbc": "生态补偿脱贫一批",
    "fzjy": "发展教育脱贫一批", "shbz": "社会保障兜底一批",
}

SEXES = {"1": "男", "2": "女"}  # GB/T 2261.1

RELATIONS = {  # 与户主关系 yhzgx (2018)
    "01": "户主", "02": "配偶", "03": "之子", "04": "之女", "05": "之儿媳", "06": "之女婿", "07": "之孙子",
    "08": "之孙女", "09": "之外孙子", "10": "之外孙女", "11": "之父", "12": "之母", "13": "之岳父",
    "14": "之岳母", "15": "之公公", "16": "之婆婆", "17": "之祖父", "18": "之祖母", "19": "之外祖父",
    "20": "之外祖母", "99": "其他",
}
HEAD, SPOUSE = "01", "02"
MALE_RELATIONS = frozenset({"03", "06", "07", "09", "11", "13", "15", "17", "19"})
FEMALE_RELATIONS = frozenset({"04", "05", "08", "10", "12", "14", "16", "18", "20"})

ETHNICITIES = {  # 民族 mz, GB 3304-91
    "01": "汉族", "02": "蒙古族", "03": "回族", "04": "藏族", "05": "维吾尔族", "06": "苗族", "07": "彝族",
    "08": "壮族", "09": "布依族", "10": "朝鲜族", "11": "满族", "12": "侗族", "13": "瑶族", "14": "白族",
    "15": "土家族", "16": "哈尼族", "17": "哈萨克族", "18": "傣族", "19": "黎族", "20": "傈僳族",
    "21": "佤族", "22": "畲族", "23": "高山族", "24": "拉祜族", "25": "水族", "26": "东乡族", "27": "纳西族",
    "28": "景颇族",
    "29": "柯尔克孜族", "30": "土族", "31": "达斡尔族", "32": "仫佬族", "33": "羌族", "34": "布朗族",
    "35": "撒拉族", "36": "毛南族", "37": "仡佬族", "38": "锡伯族", "39": "阿昌族", "40": "普米族",
    "41": "塔吉克族", "42": "怒族", "43": "乌孜别克族", "44": "俄罗斯族", "45": "鄂温克族", "46": "德昂族",
    "47": "保安族", "48": "裕固族", "49": "京族", "50": "塔塔尔族", "51": "独龙族", "52": "鄂伦春族",
    "53": "赫哲族", "54": "门巴族", "55": "珞巴族", "56": "基诺族", "97": "其他", "98": "外国血统中国籍人士",
}
HAN, MONGOL = "01", "02"

# 政治面貌 zzmm, GB/T 4762
POLITICAL_STATUSES = {"01": "中共党员", "02": "中共预备党员", "03": "共青团员", "13": "群众"}

EDUCATION = {  # 文化程度 whcd (2016–2018)
    "01": "文盲或半文盲", "02": "小学", "03": "初中", "04": "高中", "05": "大专及以上", "06": "学龄前儿童",
}

SCHOOL_STATUSES = {  # 在校生状况 zxszk (2016–2018)
    "01": "非在校生", "02": "学前教育", "03": "小学", "04": "七年级", "05": "八年级", "06": "九年级",
    "07": "高中一年级", "08": "高中二年级", "09": "高中三年级", "10": "中职一年级", "11": "中职二年级",
    "12": "中职三年级", "13": "高职一年级", "14": "高职二年级", "15": "高职三年级", "16": "大专及以上",
}
NOT_IN_SCHOOL = "01"

HEALTH = {"1": "健康", "2": "长期慢性病", "3": "患有大病", "4": "残疾"}  # 健康状况 jkzk (multiple)
HEALTHY, CHRONIC, SERIOUS, DISABLED = "1", "2", "3", "4"

DISABILITY_CATEGORIES = {
    "1": "视力残疾", "2": "听力残疾", "3": "言语残疾", "4": "肢体残疾", "5": "智力残疾", "6": "精神残疾",
    "7": "多重残疾",
}
DISABILITY_GRADES = {"1": "一级", "2": "二级", "3": "三级", "4": "四级"}

LABOUR_ABILITIES = {"01": "普通劳动力", "02": "技能劳动力", "03": "丧失劳动力", "04": "无劳动力"}  # ldjn

WORK_AREAS = {  # 务工区域 wgzk, in Ordos (旗) wording
    "01": "苏木乡镇内务工", "02": "苏木乡镇外旗区内务工", "03": "旗区外区内务工", "04": "区外务工",
    "99": "其他",
}

MEMBER_EVENTS = {  # 成员变更 cybg (suggested names)
    "birth": "新生儿", "marry_in": "嫁入", "move_in": "其他转入", "death": "死亡", "marry_out": "嫁出",
    "abroad": "出国定居", "prison": "判刑收监", "move_out": "其他转出",
}
DEPARTURE_EVENTS = frozenset({"death", "marry_out", "abroad", "prison", "move_out"})
ARRIVAL_EVENTS = frozenset({"birth", "marry_in", "move_in"})

CODE_LISTS = {
    "attribute": ATTRIBUTES, "cause": CAUSES, "standard": STANDARDS, "status": STATUSES,
    "support_track": SUPPORT_TRACKS, "sex": SEXES, "relation": RELATIONS, "ethnicity": ETHNICITIES,
    "political_status": POLITICAL_STATUSES, "education": EDUCATION, "school_status": SCHOOL_STATUSES,
    "health": HEALTH, "disability_category": DISABILITY_CATEGORIES, "disability_grade": DISABILITY_GRADES,
    "labour_ability": LABOUR_ABILITIES, "work_area": WORK_AREAS, "member_event": MEMBER_EVENTS,
}

# Labels that national exports write differently from the lists above.
ALIASES = {
    "cause": {"缺劳动力": "08", "其它": "99"},
    "attribute": {"五保贫困户": "3", "特困供养": "3", "一般户": "1", "低保户": "2"},
    "status": {"已脱贫": "1", "脱贫": "1", "享受政策": "1", "不再享受政策": "2"},
    "relation": {"本人": "01", "本人或户主": "01"},
    "labour_ability": {"缺乏劳动力": "03"},
    "work_area": {"乡（镇）内务工": "01", "乡（镇）外县内务工": "02", "县外省内务工": "03", "省外务工": "04",
                  "旗县内务工": "02", "旗县外市内务工": "03", "市外省内务工": "03"},
    "sex": {"男性": "1", "女性": "2"},
    "ethnicity": {"汉": "01", "蒙古": "02", "蒙": "02", "回": "03", "满": "11"},
    "support_track": {label[:4]: code for code, label in SUPPORT_TRACKS.items()},
}


_LABEL_INDEX = {name: {label: code for code, label in codes.items()} for name, codes in CODE_LISTS.items()}


def lookup_code(list_name: str, value: str) -> str | None:
    """Return the code value names in the list (a code, a code without leading zero, or a label), or None."""
    codes = CODE_LISTS[list_name]
    text = str(value).strip()
    if text in codes:
        return text
    if text.isdigit():
        for candidate in (text.zfill(2), str(int(text))):
            if candidate in codes:
                return candidate
    return _LABEL_INDEX[list_name].get(text) or ALIASES.get(list_name, {}).get(text)


def label_of(list_name: str, code: str | None) -> str:
    """Return the Chinese label of a code, or the code itself when the list does not know it."""
    return CODE_LISTS[list_name].get(code or "", code or "")
