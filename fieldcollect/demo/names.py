"""Word pools for fictional but plausible Ordos names (CODES.md §7.3–7.4). Every village is fictional.

Mongolian personal names are a single given name with no surname; Han names are surname + given
name. Villages are "…嘎查" in 苏木 and pastoral banners, "…村" in the farming areas.
"""

from __future__ import annotations

import random

HAN_SURNAMES = ("王", "李", "张", "刘", "高", "杨", "郝", "白", "乔", "贺", "奇", "赵", "陈", "郭", "韩",
                "任",
                "苏", "边", "刘", "王", "李", "张", "杨", "高", "武", "康", "薛", "石", "田", "马")
HAN_MALE = ("军", "强", "伟", "明", "平", "海", "林", "俊", "永", "福", "贵", "成", "宝", "来", "旺", "富",
            "喜",
            "忠", "国", "建", "东", "峰", "斌", "华", "生", "虎", "龙", "全", "有", "小")
HAN_FEMALE = ("英", "兰", "芳", "霞", "梅", "萍", "丽", "娟", "花", "玲", "秀", "桂", "凤", "珍", "燕", "琴",
              "红", "艳", "敏", "静", "小", "翠", "莲", "美", "春", "月", "荣", "娥", "叶", "芬")
MONGOL_MALE = ("巴图", "朝鲁", "宝音", "额尔敦", "阿拉坦", "孟和", "那仁", "巴雅尔", "乌力吉", "毕力格",
               "特木尔", "呼和", "布和", "吉日嘎拉", "额尔德尼", "苏和", "斯琴巴图", "哈斯", "德力格尔",
               "满都拉", "图门", "宝力道", "额尔和木", "巴特尔", "那顺", "达来", "乌日图", "敖特根")
MONGOL_FEMALE = ("其其格", "乌云", "斯琴", "萨仁", "苏日娜", "娜仁高娃", "图雅", "高娃", "萨日娜", "乌兰",
                 "托娅", "琪琪格", "敖登", "格日勒", "塔娜", "乌云其其格", "阿茹娜", "朝克图雅", "斯琴高娃",
                 "额尔登其木格", "吉雅", "萨出拉", "那日苏", "花拉")

GACHA_FIRST = ("巴音", "乌兰", "查汗", "陶日木", "布日都", "沙日", "哈日", "呼和", "额尔敦", "乌力吉", "那仁",
               "阿日", "宝日", "达布察克", "巴嘎", "伊和", "图门", "敖包", "沙拉", "吉日嘎朗")
GACHA_SECOND = ("陶勒盖", "希里", "淖尔", "敖包", "布拉格", "乌素", "高勒", "柴达木", "格日勒", "温都尔",
                "哈达", "图", "宝力格", "阿木", "塔拉", "德日斯", "呼都格", "朝鲁")
VILLAGE_SURNAMES = ("王", "李", "张", "刘", "高", "杨", "郝", "白", "乔", "贺", "韩", "苏", "薛", "武", "任")
VILLAGE_LANDFORMS = ("家圪旦", "家渠", "家湾", "家梁", "家壕", "家塔", "家峁", "家营子", "家店", "家沟")
VILLAGE_WORDS = ("新民", "永丰", "丰胜", "和胜", "富强", "联合", "胜利", "团结", "前进", "光明", "兴隆",
                 "太平", "长胜", "五股地", "红泥圪卜", "大树湾", "柳子湾", "黄河湾", "白泥井", "沙壕",
                 "榆树壕", "尔林兔")

WORK_UNIT_SUFFIXES = ("农牧局", "教育局", "卫生健康委员会", "财政局", "林业和草原局", "水利局", "交通运输局",
                      "民政局", "人力资源和社会保障局", "扶贫开发办公室", "住房和城乡建设局", "统计局")
POSITIONS = ("科员", "副科长", "科长", "副局长", "干部", "主任科员", "副主任", "站长", "教师", "医生",
             "技术员")


def han_name(rng: random.Random, female: bool, surname: str | None = None) -> str:
    """Return a Han name: a surname and a one- or two-character given name."""
    pool = HAN_FEMALE if female else HAN_MALE
    given = rng.choice(pool) if rng.random() < 0.35 else rng.choice(pool) + rng.choice(pool)
    return (surname or rng.choice(HAN_SURNAMES)) + given


def mongol_name(rng: random.Random, female: bool) -> str:
    """Return a Mongolian given name written in Chinese characters (no surname)."""
    return rng.choice(MONGOL_FEMALE if female else MONGOL_MALE)


def village_name(rng: random.Random, pastoral: bool) -> str:
    """Return a fictional village name: "…嘎查" when pastoral, "…村" otherwise."""
    if pastoral:
        return rng.choice(GACHA_FIRST) + rng.choice(GACHA_SECOND) + "嘎查"
    if rng.random() < 0.5:
        return rng.choice(VILLAGE_SURNAMES) + rng.choice(VILLAGE_LANDFORMS) + "村"
    return rng.choice(VILLAGE_WORDS) + "村"
