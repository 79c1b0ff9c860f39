"""帮扶信息 (assistance) — regulation art. 6 (三): the pairing, the visit, measures and their effect.

Per visit: who helped and how, the household's 五个一批 track (CODES.md §5), each assistance
measure with its state and money, the effect, and the household's satisfaction.
"""

# ruff: noqa: E501 — rows of bilingual labels read best one per line; CJK characters count double.

from form_sources.parts import PHONE_RULE, household_header, money
from form_sources.rows import (
    PERSONAL,
    Rule,
    flatten,
    group,
    image,
    repeat,
    select_multiple,
    select_one,
    text,
)

CATEGORY = "assistance"
VERSION = "2026120301"

SURVEY = flatten([
    household_header("帮扶"),
    group("pairing", "帮扶责任人与本次帮扶", "Cadre and this contact", [
        text("cadre_name", "帮扶责任人姓名", "Paired cadre", required=True),
        text("cadre_unit", "帮扶单位", "Cadre's work unit", required=True),
        text("cadre_phone", "帮扶责任人电话", "Cadre's phone", constraint=PHONE_RULE, appearance="numbers",
             sensitivity=PERSONAL),
        select_one("bfxs", "contact_mode", "帮扶方式", "Kind of contact", required=True, appearance="columns-pack"),
        text("visit_content", "帮扶工作内容", "What was done", required=True, appearance="multiline",
             hint=("宣讲政策、核实信息、落实措施、解决困难等。", "Policy explained, data checked, measures, problems solved.")),
    ]),
    group("track", "五个一批", "Five support tracks", [
        select_one("wgylx", "track_main", "主要帮扶类别", "Main track", required=True),
        select_multiple("wgylx", "track_other", "其他帮扶类别", "Other tracks",
                        constraint=Rule("not(selected(., ${track_main}))", "其他类别不能与主要类别重复。",
                                        "Do not repeat the main track.")),
    ]),
    repeat("measure", "帮扶措施", "Assistance measure", [
        select_one("bfcs", "measure_type", "措施类型", "Kind of measure", required=True, appearance="minimal"),
        text("measure_detail", "措施内容", "Details", required=True,
             hint=("如 扶持基础母羊 10 只、安排护草员岗位。", "E.g. 10 breeding ewes, a grassland-ranger post.")),
        text("project_name", "项目名称", "Project", relevant="selected('industry housing infrastructure relocation',"
                                                               " ${measure_type})"),
        select_one("bfzt", "measure_state", "落实情况", "State", required=True, appearance="columns-pack"),
        money("measure_funds", "投入资金", "Money spent", hint=("本措施已投入的资金；单位：元，没有请填 0。",
                                                             "Spent on this measure; yuan, 0 if none.")),
    ]),
    group("effect", "帮扶成效", "Effect", [
        select_one("bfcx", "income_effect", "增收效果", "Effect on income", required=True, appearance="columns-pack"),
        select_one("myd", "satisfaction", "贫困户满意度", "Household's satisfaction", required=True,
                   appearance="columns-pack"),
        text("dissatisfaction", "不满意的原因", "Why dissatisfied", required=True, relevant="${satisfaction} = '3'",
             appearance="multiline"),
        text("difficulties", "存在的困难和问题", "Difficulties", appearance="multiline"),
        text("next_steps", "下一步帮扶计划", "Next steps", appearance="multiline"),
        image("visit_photo", "走访照片", "Photo of the visit", hint=("可选。", "Optional.")),
    ]),
])
