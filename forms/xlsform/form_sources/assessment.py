"""The checks identification and exit share: annual income per person and 两不愁三保障.

Income follows the national arithmetic (CODES.md §3): 年收入 = 工资性 + 生产经营性 + 财产性 +
转移性; 纯收入 = 年收入 − 生产经营性支出; 人均纯收入 = 纯收入 ÷ 家庭人口数. The poverty line
defaults to the national line of the current year (the values in config.example.toml
[poverty_line]); the person filling the form changes it when the household is assessed against
the city standard.
两不愁三保障 and safe drinking water are asked as the operational yes/no checks of §4.2.
"""

# ruff: noqa: E501 — rows of bilingual labels read best one per line; CJK characters count double.

from form_sources.parts import member_count, money
from form_sources.rows import Rule, calculate, decimal, group, note, yes_no

NATIONAL_LINE = {2014: 2800, 2015: 2855, 2016: 2952, 2017: 3335, 2018: 3535, 2019: 3747, 2020: 4000}


def _line_of_this_year() -> str:
    expr = str(NATIONAL_LINE[2020])
    for year in sorted(NATIONAL_LINE, reverse=True)[1:]:
        expr = f"if(format-date(today(), '%Y') = '{year}', {NATIONAL_LINE[year]}, {expr})"
    return expr


def annual_income() -> list[dict]:
    """Return the annual income block and its per-person result against the poverty line."""
    return group("annual", "年度收入核算（近 12 个月）", "Annual income (last 12 months)", [
        member_count(),
        money("annual_wage", "工资性收入", "Wage income", national_id="aac073"),
        money("annual_business", "生产经营性收入", "Production and business income", national_id="aac071"),
        money("annual_property", "财产性收入", "Property income", national_id="aac072"),
        money("annual_transfer", "转移性收入", "Transfer income", national_id="aac085"),
        money("annual_expense", "生产经营性支出", "Production costs", national_id="aac074"),
        calculate("annual_total", "coalesce(${annual_wage}, 0) + coalesce(${annual_business}, 0)"
                                  " + coalesce(${annual_property}, 0) + coalesce(${annual_transfer}, 0)",
                  national_id="aac081"),
        calculate("annual_net", "${annual_total} - coalesce(${annual_expense}, 0)", national_id="aac079"),
        calculate("income_pc", "if(${member_count} > 0, round(${annual_net} div ${member_count}, 2), 0)",
                  national_id="aac082"),
        decimal("poverty_line", "扶贫标准（元/人·年）", "Poverty line (yuan per person a year)", required=True,
                default=_line_of_this_year(),
                hint=("已填入当年国家扶贫标准；按市定标准评估时请改为市定标准。",
                      "This year's national line; change it when assessing against the city standard."),
                constraint=Rule(". >= 2000 and . <= 20000", "扶贫标准应在 2000 至 20000 元之间。",
                                "The line must be 2000–20000 yuan.")),
        calculate("income_ok", "if(${income_pc} > ${poverty_line}, 1, 0)"),
        note("income_note", "家庭年收入 ${annual_total} 元，纯收入 ${annual_net} 元，人均纯收入 ${income_pc} 元"
                            "（扶贫标准 ${poverty_line} 元）。",
             "Total ${annual_total} yuan, net ${annual_net} yuan, ${income_pc} yuan per person "
             "(line ${poverty_line} yuan)."),
    ])


def basic_needs() -> list[dict]:
    """Return the 两不愁三保障 (and safe water) checks and whether all of them are met."""
    return group("needs", "两不愁三保障", "Food, clothing, schooling, health care, housing, water", [
        yes_no("food_ok", "不愁吃：主食能吃饱，经常吃得上肉蛋奶或豆制品", "Enough to eat, with meat, eggs, milk or beans",
               required=True),
        yes_no("clothes_ok", "不愁穿：四季有换季衣服，有御寒被褥", "Clothes for every season and warm bedding", required=True),
        yes_no("school_age_children", "家中是否有义务教育阶段适龄儿童（6–15 岁）", "Children aged 6–15 at home",
               required=True),
        yes_no("education_ok", "义务教育有保障：适龄儿童无失学辍学", "Every school-age child is in school",
               relevant="${school_age_children} = '1'", required=True),
        yes_no("medical_ok", "基本医疗有保障：全员参加基本医保和大病保险，常见病慢性病能及时就诊",
               "Everyone insured and able to see a doctor", required=True),
        yes_no("housing_ok", "住房安全有保障：A/B 级或已完成危房改造，搬迁户已取得新房", "Housing is safe", required=True),
        yes_no("water_quantity", "饮水水量够", "Enough water", required=True),
        yes_no("water_quality", "饮水水质达标（无杂质、无异色异味）", "Water is clean", required=True),
        yes_no("water_access", "取水方便（往返不超过 20 分钟）", "Water within a 20-minute round trip", required=True),
        yes_no("water_reliable", "供水有保证", "Supply is reliable", required=True),
        calculate("needs_ok", "if(${food_ok} = '1' and ${clothes_ok} = '1' and (${school_age_children} = '0'"
                              " or ${education_ok} = '1') and ${medical_ok} = '1' and ${housing_ok} = '1'"
                              " and ${water_quantity} = '1' and ${water_quality} = '1' and ${water_access} = '1'"
                              " and ${water_reliable} = '1', 1, 0)"),
    ])

