"""培训就业信息 (training and employment) — regulation art. 6 (七).

One row per registered member (from members.csv); only members of working age (16–65) are asked
about work and training. Per national rules: 务工 months are 0–12, months worked need a work
area and the reverse, and public-welfare-post months are 0–12. Household-level: employment
support received.
"""

# ruff: noqa: E501 — rows of bilingual labels read best one per line; CJK characters count double.

from form_sources.parts import (
    KNOWN_MEMBER_COUNT,
    MEMBERS_FILE,
    MONTHS_RULE,
    household_header,
    member_at_row,
    money,
)
from form_sources.rows import (
    calculate,
    flatten,
    group,
    integer,
    note,
    repeat,
    select_multiple,
    select_one,
    text,
    warning,
    yes_no,
)

CATEGORY = "training"
VERSION = "2026120301"

WORKING_AGE = "${age} != '' and ${age} >= 16 and ${age} <= 65"

worker = repeat("worker", "成员就业与培训", "Member's work and training", count="${known_members}", rows=[
    calculate("member_code", member_at_row("name")),
    calculate("member_name", member_at_row("member_name")),
    calculate("age", f"if({member_at_row('birth_date')} = '', '',"
                     f" int((decimal-date-time(${{visit_date}}) - decimal-date-time({member_at_row('birth_date')})) div 365.25))"),
    note("worker_title", "${member_name}（${age} 岁）", "${member_name} (${age})"),
    note("not_working_age", "不在劳动年龄（16–65 岁），无需填写。", "Not of working age (16–65): nothing to fill.",
         relevant=f"not({WORKING_AGE})"),
    integer("work_months", "本年务工时间（月）", "Months worked this year", relevant=WORKING_AGE, required=True,
            default="0", constraint=MONTHS_RULE, national_id="aab012"),
    select_one("wgzk", "work_area", "务工区域", "Where they work", relevant=f"{WORKING_AGE} and ${{work_months}} > 0",
               required=True, appearance="minimal"),
    text("employer", "务工企业名称", "Employer", relevant=f"{WORKING_AGE} and ${{work_months}} > 0"),
    select_one("jyqd", "job_channel", "就业渠道", "How the job was found", appearance="minimal",
               relevant=f"{WORKING_AGE} and ${{work_months}} > 0", required=True),
    yes_no("public_post", "是否有公益性岗位", "Holds a public-welfare post", relevant=WORKING_AGE, required=True),
    select_one("gygw", "public_post_type", "公益性岗位类型", "Kind of post", required=True, appearance="minimal",
               relevant=f"{WORKING_AGE} and ${{public_post}} = '1'"),
    integer("public_post_months", "公益性岗位（月数）", "Months in the post", required=True, constraint=MONTHS_RULE,
            relevant=f"{WORKING_AGE} and ${{public_post}} = '1'"),
    yes_no("wants_training", "是否有培训意愿", "Wants training", relevant=WORKING_AGE, required=True),
    yes_no("trained", "本季度是否参加技能培训", "Trained this quarter", relevant=WORKING_AGE, required=True),
    select_multiple("pxlx", "training_types", "培训内容", "Training received", required=True,
                    relevant=f"{WORKING_AGE} and ${{trained}} = '1'"),
    yes_no("certificate", "是否取得职业技能证书", "Obtained a skills certificate",
           relevant=f"{WORKING_AGE} and ${{trained}} = '1'", required=True),
    calculate("works", "if(${work_months} > 0, 1, 0)"),
])

SURVEY = flatten([
    household_header("培训"),
    MEMBERS_FILE,
    calculate("known_members", KNOWN_MEMBER_COUNT),
    note("no_members", "members.csv 中没有本户成员，请先同步表单或在“基本信息”中登记成员。",
         "No members of this household in members.csv: update the forms or record them in Basic information.",
         relevant="${known_members} = 0"),
    worker,
    group("employment", "就业扶持", "Employment support", [
        calculate("workers", "sum(${works})"),
        note("workers_note", "本户有 ${workers} 人外出或就近务工。", "${workers} member(s) worked this year."),
        select_multiple("jyfc", "support_received", "本季度获得的就业扶持", "Employment support this quarter",
                        hint=("没有不选。", "None: leave empty.")),
        yes_no("business_startup", "是否自主创业", "Started their own business", required=True),
        money("wage_estimate", "本季度务工收入（估计）", "Estimated pay from work this quarter"),
        warning("check_wage", "有务工收入，但没有成员务工，请核实。", "Pay from work but nobody worked: please check.",
                "${wage_estimate} > 0 and ${workers} = 0"),
        warning("check_workers", "有成员务工，但务工收入为 0，请核实。", "Someone worked but earned nothing: please check.",
                "${wage_estimate} = 0 and ${workers} > 0"),
    ]),
])
