"""精准识别 (identification) — regulation art. 4: the household's application and the information check.

The application (signed, with a photo of it), the household's standard, attribute and causes,
annual income per person against the line, 两不愁三保障, and the 信息比对 red lines (a car,
a flat in town, a registered business, a public-payroll member: CODES.md §6.3), ending in the
recommendation for the 民主评议. A household hit by a red line cannot be recommended. The paired
cadre fills it at their visit, or the village work team or a supervisor does (phones.access). The
household must be in the phone's households.csv, so the township registers applicants first: a
cadre's list holds their paired households, a village team's its village, a supervisor's their
region (phones.media).
"""

# ruff: noqa: E501 — rows of bilingual labels read best one per line; CJK characters count double.

from form_sources.assessment import annual_income, basic_needs
from form_sources.parts import household_header
from form_sources.rows import (
    PERSONAL,
    Rule,
    calculate,
    date,
    flatten,
    group,
    image,
    select_multiple,
    select_one,
    text,
    warning,
    yes_no,
)

CATEGORY = "identification"
VERSION = "2026120401"

SURVEY = flatten([
    household_header("识别", procedure=True),
    group("application", "农户申请", "Application", [
        yes_no("applied", "是否已提交书面申请", "Written application handed in", required=True),
        date("application_date", "申请日期", "Date of application", relevant="${applied} = '1'", required=True,
             constraint=Rule(". <= ${visit_date}", "申请日期不能晚于走访日期。", "Cannot be after the visit.")),
        image("application_photo", "申请书照片", "Photo of the application", relevant="${applied} = '1'", required=True,
              sensitivity=PERSONAL),
    ]),
    group("profile", "户情况", "The household", [
        select_one("sbbz", "standard", "识别标准", "Identification standard", required=True, national_id="aac005"),
        select_one("pkhsx", "attribute", "拟定贫困户属性", "Proposed attribute", required=True, national_id="aac006"),
        select_one("zpyy", "main_cause", "主要致贫原因", "Main cause of poverty", required=True, appearance="minimal",
                   national_id="aac007"),
        select_multiple("zpyy", "other_causes", "其他致贫原因（最多两项）", "Other causes (at most two)",
                        appearance="minimal", national_id="aac008",
                        constraint=Rule("not(selected(., ${main_cause})) and count-selected(.) <= 2",
                                        "其他致贫原因最多选两项，且不能与主要致贫原因重复。",
                                        "Pick at most two other causes, not the main cause again.")),
    ]),
    annual_income(),
    basic_needs(),
    group("comparison", "信息比对", "Checks against other records", [
        yes_no("has_car", "家庭成员名下有小汽车（不含农用车）", "A member owns a car (not farm vehicles)", required=True),
        yes_no("has_town_house", "在城镇购买商品房", "Owns a flat in town", required=True),
        yes_no("has_business", "家庭成员注册有企业（法人或股东）", "A member owns or holds shares in a company", required=True),
        yes_no("public_payroll", "家庭成员为财政供养人员", "A member is on the public payroll", required=True),
        calculate("red_line", "if(${has_car} = '1' or ${has_town_house} = '1' or ${has_business} = '1'"
                              " or ${public_payroll} = '1', 1, 0)"),
        warning("red_line_note", "信息比对未通过，按规定不能纳入。", "Fails the record checks: cannot be admitted.",
                "${red_line} = 1"),
        warning("income_high", "人均纯收入高于扶贫标准，请核实。", "Income per person is above the line: please check.",
                "${income_ok} = 1"),
    ]),
    group("opinion", "核查意见", "Conclusion", [
        select_one("sbyj", "recommendation", "核查意见", "Recommendation", required=True,
                   constraint=Rule("not(. = 'recommend' and ${red_line} = 1)", "信息比对未通过的户不能建议纳入。",
                                   "A household failing the record checks cannot be recommended.")),
        text("reason", "理由", "Reason", appearance="multiline", required="${recommendation} != 'recommend'"),
        image("applicant_signature", "户主签字", "Signature of the head", appearance="signature",
              parameters="max-pixels=800", required=True, sensitivity=PERSONAL),
    ]),
])
