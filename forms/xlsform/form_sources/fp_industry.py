"""产业发展信息 (industry development) — regulation art. 6 (四), with Ordos's pastoral economy.

Land and grassland (national aac301–aac307; 牧草地 often runs to thousands of 亩 in Ordos, so it
has no farmland-style cap), livestock on hand and sold, crops, co-operatives and other new
business entities, industry support and poverty-alleviation microcredit (at most 50 000 yuan).
"""

# ruff: noqa: E501 — rows of bilingual labels read best one per line; CJK characters count double.

from form_sources.parts import area, head_count, household_header, money
from form_sources.rows import (
    Rule,
    calculate,
    date,
    flatten,
    group,
    note,
    select_multiple,
    select_one,
    text,
    total,
    warning,
    yes_no,
)

CATEGORY = "industry"
VERSION = "2026120301"

land = group("land", "土地与草场", "Land and grassland", [
    area("cultivated_area", "耕地面积", "Cultivated land", national_id="aac301"),
    area("irrigated_area", "有效灌溉面积", "Irrigated land", national_id="aac302",
         constraint=Rule(". >= 0 and . <= ${cultivated_area}", "有效灌溉面积不能大于耕地面积。",
                         "Irrigated land cannot exceed cultivated land.")),
    area("forest_area", "林地面积", "Forest land", national_id="aac303"),
    area("grassland_area", "牧草地（草场）面积", "Grassland", national_id="aac306",
         hint=("单位：亩；牧区常有数百至数千亩，没有请填 0。", "In mu; pastoral households often have hundreds to thousands.")),
    area("grazing_ban_area", "其中：禁牧面积", "of which under grazing ban", relevant="${grassland_area} > 0"),
    area("balance_area", "其中：草畜平衡面积", "of which under grass-livestock balance", relevant="${grassland_area} > 0",
         constraint=Rule(". >= 0 and . + ${grazing_ban_area} <= ${grassland_area}",
                         "禁牧面积与草畜平衡面积之和不能大于草场面积。",
                         "Grazing-ban and balance areas together cannot exceed the grassland.")),
    yes_no("grassland_subsidy", "享受草原生态保护补助奖励", "Receives grassland-protection subsidies",
           relevant="${grassland_area} > 0", required=True),
    warning("check_cultivated", "耕地面积超过 50 亩/人，请核实。", "More than 50 mu of farmland per person: please check.",
            "${hh_members} > 0 and ${cultivated_area} div ${hh_members} > 50"),
])

livestock = group("livestock", "牲畜存栏（当前）", "Livestock on hand (now)", [
    head_count("sheep", "绵羊（只）", "Sheep"),
    head_count("cashmere_goats", "绒山羊（只）", "Cashmere goats"),
    head_count("cattle", "牛（头）", "Cattle"),
    head_count("horses", "马（匹）", "Horses"),
    head_count("camels", "骆驼（峰）", "Camels"),
    head_count("pigs", "猪（头）", "Pigs"),
    head_count("poultry", "家禽（只）", "Poultry"),
    calculate("sheep_units", "coalesce(${sheep}, 0) + coalesce(${cashmere_goats}, 0) * 0.8"
                             " + coalesce(${cattle}, 0) * 5 + coalesce(${horses}, 0) * 6 + coalesce(${camels}, 0) * 7"),
    note("sheep_units_note", "折合约 ${sheep_units} 个羊单位。", "About ${sheep_units} sheep units."),
    head_count("sold_this_quarter", "本季度出栏（头只合计）", "Animals sold this quarter (all kinds)"),
])

crops = group("crops", "种植", "Crops", [
    select_multiple("zwzl", "main_crops", "主要种植作物", "Main crops", relevant="${cultivated_area} > 0"),
    area("sown_area", "本年播种面积", "Area sown this year", relevant="${cultivated_area} > 0"),
])

organisation = group("organisation", "合作组织与利益联结", "Co-operatives and business partners", [
    yes_no("coop_member", "是否加入农民专业合作社", "Member of a farmers' co-operative", required=True,
           national_id="aac084"),
    text("coop_name", "合作社名称", "Co-operative", relevant="${coop_member} = '1'", required=True),
    yes_no("coop_shares", "是否入股", "Holds shares", relevant="${coop_member} = '1'", required=True),
    money("coop_dividend", "本季度分红", "Dividend this quarter", relevant="${coop_member} = '1'"),
    yes_no("enterprise_link", "是否有龙头企业带动", "Linked to a leading enterprise", required=True, national_id="aac088"),
    yes_no("leader_link", "是否有创业致富带头人带动", "Led by a local entrepreneur", required=True, national_id="aac089"),
])

support = group("support", "产业扶持与金融", "Industry support and credit", [
    select_multiple("cyfl", "industries", "发展的产业", "Industries the household runs", required=True),
    text("industry_project", "享受的产业扶持项目", "Industry-support projects", appearance="multiline"),
    select_multiple("sczl", "production_improved", "本季度生产条件改善", "Production conditions improved this quarter",
                    hint=("水、电、路、通信、农机具，没有不选。", "Water, power, road, telecom, machinery; none: leave empty.")),
    yes_no("microcredit", "是否获得扶贫小额信贷", "Has poverty-alleviation microcredit", required=True),
    money("loan_amount", "贷款金额", "Loan amount", relevant="${microcredit} = '1'",
          constraint=Rule(". > 0 and . <= 50000", "扶贫小额信贷额度为 5 万元以内。",
                          "Poverty-alleviation microcredit is at most 50 000 yuan.")),
    date("loan_date", "放款日期", "Date granted", relevant="${microcredit} = '1'", required=True,
         constraint=Rule(". <= ${visit_date}", "放款日期不能晚于走访日期。", "Cannot be after the visit.")),
    select_one("dkyt", "loan_use", "贷款用途", "Loan used for", relevant="${microcredit} = '1'", required=True),
    calculate("herd_total", total("sheep", "cashmere_goats", "cattle", "horses", "camels", "pigs")),
])

SURVEY = flatten([household_header("产业"), land, livestock, crops, organisation, support])
