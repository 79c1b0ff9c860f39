"""收支信息 (income and expenses) — regulation art. 6 (二), national indicators CODES.md §3.

Amounts are for the reporting quarter, so the server can add four quarters into the national
annual figures. The form computes and shows every subtotal, 家庭总收入 (aac081), 纯收入 (aac079)
and 人均纯收入 (aac082 = 纯收入 ÷ 家庭人口数), and flags the national data-cleaning rules.
"""

# ruff: noqa: E501 — rows of bilingual labels read best one per line; CJK characters count double.

from form_sources.parts import household_header, member_count, money
from form_sources.rows import calculate, flatten, group, note, text, total, warning

CATEGORY = "income"
VERSION = "2026120301"


def subtotal(name, zh, en, parts, national_id=None):
    """Return a computed subtotal and the note that shows it."""
    return [calculate(name, total(*parts), national_id=national_id),
            note(f"{name}_note", f"{zh}：${{{name}}} 元", f"{en}: ${{{name}}} yuan")]


SURVEY = flatten([
    household_header("收支"),
    group("wage", "工资性收入（本季度）", "Wage income (this quarter)", [
        money("wage_work", "务工收入", "Pay from work", national_id="aac073"),
        money("wage_post", "公益性岗位工资", "Pay from a public-welfare post",
              hint=("生态护林员、护草员、保洁员等岗位工资；单位：元，没有请填 0。",
                    "Forest or grassland ranger, cleaner…; yuan, 0 if none.")),
        subtotal("wage_total", "工资性收入合计", "Wage income", ["wage_work", "wage_post"], "aac073"),
    ]),
    group("business", "生产经营性收入（本季度）", "Production and business income (this quarter)", [
        money("business_crops", "种植业收入", "Crop farming"),
        money("business_livestock", "养殖业收入", "Livestock",
              hint=("出售牲畜、羊绒、奶等；单位：元，没有请填 0。", "Sold animals, cashmere, milk…; yuan, 0 if none.")),
        money("business_other", "其他经营收入", "Other business", hint=("个体经营、运输、乡村旅游等；单位：元。",
                                                                  "Trade, transport, tourism…; yuan.")),
        subtotal("business_total", "生产经营性收入合计", "Production and business income",
                 ["business_crops", "business_livestock", "business_other"], "aac071"),
    ]),
    group("property", "财产性收入（本季度）", "Property income (this quarter)", [
        money("property_dividend", "资产收益扶贫分红", "Asset-income dividends", national_id="aac092",
              hint=("光伏、合作社、入股分红等；单位：元。", "Solar, co-operative or share dividends; yuan.")),
        money("property_rent", "其他财产性收入", "Other property income", national_id="aac093",
              hint=("草场、土地流转租金，房租等；单位：元。", "Grassland or land rent, house rent; yuan.")),
        subtotal("property_total", "财产性收入合计", "Property income", ["property_dividend", "property_rent"], "aac072"),
    ]),
    group("transfer", "转移性收入（本季度）", "Transfer income (this quarter)", [
        money("transfer_family_planning", "计划生育金", "Family-planning payments", national_id="aac076"),
        money("transfer_dibao", "低保金", "Minimum living allowance", national_id="aac077"),
        money("transfer_tekun", "特困供养金", "Destitute-support payments", national_id="aac086"),
        money("transfer_pension", "养老保险金", "Pension", national_id="aac087"),
        money("transfer_eco", "生态补偿金", "Ecological compensation", national_id="aac078",
              hint=("草原生态保护补助奖励（禁牧补助、草畜平衡奖励）、退耕还林补助等；单位：元。",
                    "Grassland subsidies (grazing ban, grass-livestock balance), reforestation grants; yuan.")),
        money("transfer_other", "其他转移性收入", "Other transfers", national_id="aac083",
              hint=("残疾人两项补贴、高龄补贴、农业补贴、临时救助等；单位：元。",
                    "Disability and old-age allowances, farm subsidies, temporary relief; yuan.")),
        subtotal("transfer_total", "转移性收入合计", "Transfer income",
                 ["transfer_family_planning", "transfer_dibao", "transfer_tekun", "transfer_pension",
                  "transfer_eco", "transfer_other"], "aac085"),
    ]),
    group("expense", "支出（本季度）", "Expenses (this quarter)", [
        money("expense_production", "生产经营性支出", "Production costs", national_id="aac074",
              hint=("种子、化肥、饲草料、防疫、机械作业、雇工、租赁草场等；单位：元。",
                    "Seed, fertiliser, fodder, vaccination, machinery, hired labour, rented grassland; yuan.")),
        money("expense_medical", "医疗支出", "Medical costs", hint=("自付部分；单位：元，没有请填 0。",
                                                                "Out of pocket; yuan, 0 if none.")),
        money("expense_education", "教育支出", "Education costs"),
        money("expense_living", "生活支出", "Living costs"),
    ]),
    group("summary", "收支汇总", "Summary", [
        member_count(),
        calculate("total_income", total("wage_total", "business_total", "property_total", "transfer_total"),
                  national_id="aac081"),
        calculate("net_income", "${total_income} - coalesce(${expense_production}, 0)", national_id="aac079"),
        calculate("net_income_pc", "if(${member_count} > 0, round(${net_income} div ${member_count}, 2), '')",
                  national_id="aac082"),
        note("summary_note",
             "本季度家庭总收入 ${total_income} 元，生产经营性支出 ${expense_production} 元，"
             "纯收入 ${net_income} 元；按 ${member_count} 人计，人均纯收入 ${net_income_pc} 元。",
             "This quarter: total income ${total_income} yuan, production costs ${expense_production} yuan, "
             "net income ${net_income} yuan; for ${member_count} people, ${net_income_pc} yuan per person."),
        warning("check_expense", "有生产经营性收入，但生产经营性支出为 0，请核实。",
                "Business income but no production costs: please check.",
                "${business_total} > 0 and ${expense_production} = 0"),
        warning("check_net", "人均纯收入不大于 0，请核实各项收支。", "Net income per person is 0 or less: please check.",
                "${net_income_pc} != '' and ${net_income_pc} <= 0"),
        warning("check_dibao", "低保贫困户本季度低保金为 0，请核实。",
                "An allowance household received no allowance this quarter: please check.",
                "${hh_attribute} = '2' and ${transfer_dibao} = 0"),
        warning("check_tekun", "特困供养贫困户本季度特困供养金为 0，请核实。",
                "A destitute-support household received no support payment: please check.",
                "${hh_attribute} = '3' and ${transfer_tekun} = 0"),
        warning("check_both", "同时领取低保金和特困供养金，请核实。",
                "Both the allowance and destitute support were received: please check.",
                "${transfer_dibao} > 0 and ${transfer_tekun} > 0"),
        warning("check_ordinary", "一般贫困户领取低保金或特困供养金，请核实户属性。",
                "An ordinary household received allowance or destitute support: check its attribute.",
                "${hh_attribute} = '1' and (${transfer_dibao} > 0 or ${transfer_tekun} > 0)"),
        text("remarks", "收支说明", "Notes on income and expenses", appearance="multiline"),
    ]),
])
