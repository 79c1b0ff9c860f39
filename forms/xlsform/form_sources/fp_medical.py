"""就医信息 (medical care) — regulation art. 6 (五): illness, treatment, costs and reimbursement.

One row per member who was ill or treated this quarter, picked from the household's members in
members.csv. Costs are split into what each scheme paid so the out-of-pocket share is computed
and shown; payments cannot exceed the total. Everything about a person's health is personal.
"""

# ruff: noqa: E501 — rows of bilingual labels read best one per line; CJK characters count double.

from form_sources.parts import MONEY_RULE, household_header, money
from form_sources.rows import (
    PERSONAL,
    Rule,
    calculate,
    flatten,
    group,
    note,
    question,
    repeat,
    select_one,
    text,
    total,
    warning,
    yes_no,
)

CATEGORY = "medical"
VERSION = "2026120301"

PAID = ("paid_basic", "paid_serious", "paid_assistance", "paid_commercial", "paid_other")

patient = repeat("patient", "患病成员", "Member who was ill", relevant="${anyone_ill} = '1'", rows=[
    question("select_one_from_file members.csv", "patient_member", "成员", "Member", required=True,
             appearance="minimal", choice_filter="household_code=${household}"),
    select_one("jblx", "illness_type", "患病类型", "Kind of illness", required=True, sensitivity=PERSONAL),
    text("illness_name", "疾病名称", "Illness", required=True, sensitivity=PERSONAL),
    yes_no("chronic_card", "是否办理慢病卡", "Has a chronic-illness card", relevant="${illness_type} = 'chronic'",
           required=True, sensitivity=PERSONAL),
    select_one("jzfs", "treatment", "就诊方式", "Treatment", required=True, appearance="columns-pack",
               sensitivity=PERSONAL),
    text("hospital", "就诊医院", "Hospital", relevant="${treatment} != 'none'", required=True, sensitivity=PERSONAL),
    money("cost_total", "医疗总费用", "Total cost", relevant="${treatment} != 'none'", sensitivity=PERSONAL),
    money("paid_basic", "基本医疗保险报销", "Paid by basic medical insurance", relevant="${treatment} != 'none'"),
    money("paid_serious", "大病保险报销", "Paid by serious-illness insurance", relevant="${treatment} != 'none'"),
    money("paid_assistance", "医疗救助", "Medical assistance", relevant="${treatment} != 'none'"),
    money("paid_commercial", "商业补充保险赔付", "Paid by commercial insurance", relevant="${treatment} != 'none'"),
    money("paid_other", "其他补助", "Other help", relevant="${treatment} != 'none'",
          constraint=Rule(f"{MONEY_RULE.expr} and {total(*PAID)} <= coalesce(${{cost_total}}, 0)",
                          "各项报销和补助之和不能超过医疗总费用。", "Payments cannot add up to more than the total cost.")),
    calculate("out_of_pocket", f"coalesce(${{cost_total}}, 0) - ({total(*PAID)})"),
    note("out_of_pocket_note", "个人自付 ${out_of_pocket} 元。", "Paid by the family: ${out_of_pocket} yuan.",
         relevant="${treatment} != 'none'"),
])

SURVEY = flatten([
    household_header("就医"),
    group("illness", "本季度患病情况", "Illness this quarter", [
        yes_no("anyone_ill", "本季度是否有家庭成员患病或就医", "Was anyone ill or treated this quarter", required=True),
    ]),
    patient,
    group("health_services", "健康服务", "Health services", [
        yes_no("family_doctor", "是否签约家庭医生", "Signed up with a family doctor", required=True),
        yes_no("health_check", "本年是否参加健康体检", "Had a health check this year", required=True),
        yes_no("commercial_insurance", "是否参加商业补充医疗保险", "Has commercial supplementary insurance",
               required=True, national_id="aab067"),
        yes_no("social_assistance", "本季度是否获得临时救助等社会救助", "Received temporary or other social assistance",
               required=True),
        text("guidance", "就医指导情况", "Guidance given on medical care", appearance="multiline"),
        calculate("out_of_pocket_total", "if(${anyone_ill} = '1', sum(${out_of_pocket}), 0)"),
        warning("check_costs", "本季度个人自付医疗费用 ${out_of_pocket_total} 元，超过 5000 元，请关注因病返贫风险。",
                "Out-of-pocket costs of ${out_of_pocket_total} yuan this quarter: watch the risk of falling back.",
                "${out_of_pocket_total} > 5000"),
    ]),
])
