"""基本信息 (basic information) — regulation art. 6 (一): the household and its member roster.

The household block and the roster come prefilled from households.csv / members.csv: the cadre
confirms or corrects. Registered members cannot be deleted here: a member who left is marked
with a 成员变更 (departure), and new members are added as extra rows with an arrival event. Per
member: identity, education, health, labour ability and insurance (CODES.md §2), with the
national consistency rules as constraints (ID number ↔ sex and birth date, relation ↔ sex,
education ↔ age, labour ability ↔ age and health) and household-level checks as warnings.
"""

# ruff: noqa: E501 — rows of bilingual labels read best one per line; CJK characters count double.

from form_sources.parts import (
    BANK_CARD_RULE,
    KNOWN_MEMBER_COUNT,
    MEMBERS_FILE,
    PHONE_RULE,
    from_household,
    from_member_row,
    household_header,
    id_number,
    member_at_row,
    money,
)
from form_sources.rows import (
    PERSONAL,
    Rule,
    calculate,
    date,
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

CATEGORY = "basic"
VERSION = "2026120301"

MALE_RELATIONS = "03 06 07 09 11 13 15 17 19"  # 之子, 之女婿, 之孙子 … 之外祖父
FEMALE_RELATIONS = "04 05 08 10 12 14 16 18 20"
ARRIVALS = "birth marry_in move_in"
DEPARTURES = "death marry_out abroad prison move_out"
ID_SEX_DIGIT = ("number(substr(${id_number}, if(string-length(${id_number}) = 15, 14, 16),"
                " if(string-length(${id_number}) = 15, 15, 17)))")

household = group("household_info", "户基本情况", "The household", [
    text("head_name", "户主姓名", "Head of household", required=True, national_id="aac029",
         **from_household("head_name")),
    text("phone", "联系电话", "Phone number", constraint=PHONE_RULE, appearance="numbers",
         sensitivity=PERSONAL, national_id="aar012"),
    select_one("sbbz", "standard", "识别标准", "Identification standard", required=True, national_id="aac005"),
    select_one("pkhsx", "attribute", "贫困户属性", "Household attribute", required=True, national_id="aac006",
               **from_household("attribute")),
    select_one("zpyy", "main_cause", "主要致贫原因", "Main cause of poverty", required=True, appearance="minimal",
               national_id="aac007", **from_household("main_cause")),
    select_multiple("zpyy", "other_causes", "其他致贫原因（最多两项）", "Other causes (at most two)",
                    appearance="minimal", national_id="aac008",
                    constraint=Rule("not(selected(., ${main_cause})) and count-selected(.) <= 2",
                                    "其他致贫原因最多选两项，且不能与主要致贫原因重复。",
                                    "Pick at most two other causes, not the main cause again.")),
    select_one("tpzt", "status", "脱贫状态", "Poverty status", required=True, national_id="aar010",
               **from_household("status")),
    integer("registered_year", "纳入年度", "Year registered", required=True, national_id="aar041",
            constraint=Rule(". >= 2013 and . <= 2020", "纳入年度应在 2013 至 2020 年之间。",
                            "The year registered must be 2013–2020."),
            **from_household("registered_year")),
    integer("exit_year", "脱贫年度", "Year out of poverty", required=True, national_id="aac023",
            relevant="${status} = '1' or ${status} = '2'",
            constraint=Rule(". >= ${registered_year} and . <= 2020", "脱贫年度不能早于纳入年度，也不能晚于 2020 年。",
                            "The exit year cannot be before the year registered or after 2020.")),
    integer("planned_exit_year", "计划脱贫年度", "Planned exit year", relevant="${status} = '0' or ${status} = '3'",
            constraint=Rule(". >= 2016 and . <= 2020", "计划脱贫年度应在 2016 至 2020 年之间。",
                            "The planned exit year must be 2016–2020.")),
    text("bank_name", "开户银行", "Bank", national_id="aaq002",
         hint=("如 内蒙古农村信用社、鄂尔多斯农商银行。", "E.g. the rural credit co-operative.")),
    text("bank_card", "银行卡号（惠农一卡通）", "Bank card number", constraint=BANK_CARD_RULE, appearance="numbers",
         sensitivity=PERSONAL, national_id="aac004"),
    yes_no("military_family", "是否军烈属", "Military or martyr's family", national_id="aac012"),
    yes_no("only_child", "是否独生子女户", "One-child family", national_id="aac013"),
    yes_no("two_daughters", "是否双女户", "Two-daughter family", national_id="aac014"),
])

roster_size = [
    MEMBERS_FILE,
    calculate("known_members", KNOWN_MEMBER_COUNT),
    integer("roster_rows", "成员行数", "Roster rows", required=True,
            hint=("已登记 ${known_members} 人。有新生儿、嫁入等新增成员时加大行数；离开的成员不要减，"
                  "在其“成员变更”中标注。",
                  "${known_members} registered. Add rows for new members; do not remove members who left — "
                  "mark their change instead."),
            constraint=Rule(". >= ${known_members} and . >= 1 and . <= 20",
                            "行数不能少于已登记的 ${known_members} 人（离开的成员请标注变更），最多 20 行。",
                            "At least the ${known_members} registered members (mark departures instead), at most 20."),
            trigger="${household}", calculation=KNOWN_MEMBER_COUNT),
]

member = repeat("member", "家庭成员", "Household member", count="${roster_rows}", rows=[
    calculate("member_code", member_at_row("name")),
    note("member_title", "第 ${row_number} 位成员 ${member_name}", "Member ${row_number}: ${member_name}"),
    calculate("row_number", "position(..)"),
    select_one("cybg", "change", "成员变更（无变化不选）", "Change (leave empty if none)", appearance="minimal",
               required="${member_code} = ''",
               constraint=Rule(f"(${{member_code}} != '' and selected('{DEPARTURES}', .))"
                               f" or (${{member_code}} = '' and selected('{ARRIVALS}', .))",
                               "已登记成员只能标注离开（死亡、嫁出等）；新增成员须选新生儿、嫁入或其他转入。",
                               "Registered members can only leave; new rows must be a birth, marriage or arrival.")),
    date("change_date", "变更日期", "Date of change", required=True, relevant="${change} != ''",
         constraint=Rule(". <= ${visit_date}", "变更日期不能晚于走访日期。", "The date cannot be after the visit.")),
    calculate("is_current", f"if(${{change}} = '' or selected('{ARRIVALS}', ${{change}}), 1, 0)"),
    text("member_name", "姓名", "Name", required=True, **from_member_row("member_name")),
    id_number(required="${change} != 'birth'", **from_member_row("id_number")),
    select_one("xb", "sex", "性别", "Sex", required=True, appearance="columns-pack",
               constraint=Rule(f"string-length(${{id_number}}) < 15 or (. = '1' and {ID_SEX_DIGIT} mod 2 = 1)"
                               f" or (. = '2' and {ID_SEX_DIGIT} mod 2 = 0)",
                               "性别与证件号码不符（身份证第 17 位奇数为男、偶数为女）。",
                               "Sex does not match the ID number (digit 17: odd male, even female)."),
               **from_member_row("sex")),
    date("birth_date", "出生日期", "Date of birth", required=True,
         constraint=Rule(". <= today() and (string-length(${id_number}) < 15"
                         " or (string-length(${id_number}) = 15 and substr(${id_number}, 6, 12) = format-date(., '%y%m%d'))"
                         " or (string-length(${id_number}) >= 18 and substr(${id_number}, 6, 14) = format-date(., '%Y%m%d')))",
                         "出生日期不能晚于今天，且须与证件号码中的出生日期一致。",
                         "The birth date cannot be in the future and must match the ID number."),
         **from_member_row("birth_date")),
    calculate("age", "if(${birth_date} = '', '', int((decimal-date-time(${visit_date})"
                     " - decimal-date-time(${birth_date})) div 365.25))"),
    select_one("yhzgx", "relation", "与户主关系", "Relation to the head", required=True, appearance="minimal",
               national_id="aab006",
               constraint=Rule(f"not(${{sex}} = '2' and selected('{MALE_RELATIONS}', .))"
                               f" and not(${{sex}} = '1' and selected('{FEMALE_RELATIONS}', .))",
                               "与户主关系与性别不符（如“之子”须为男）。",
                               "The relation does not match the sex (e.g. a son must be male)."),
               **from_member_row("relation")),
    calculate("is_head", "if(${relation} = '01' and ${is_current} = 1, 1, 0)"),
    select_one("mz", "ethnicity", "民族", "Ethnic group", required="${is_current} = 1", appearance="autocomplete",
               relevant="${is_current} = 1", national_id="aab007"),
    select_one("zzmm", "politics", "政治面貌", "Political status", relevant="${is_current} = 1",
               required="${is_current} = 1", national_id="aak033"),
    select_one("zxszk", "school_status", "在校生状况", "School status", appearance="minimal", national_id="aab009",
               relevant="${is_current} = 1 and (${age} = '' or ${age} <= 25)", required=True,
               hint=("6 至 23 岁必填。", "Required for ages 6 to 23.")),
    select_one("whcd", "education", "文化程度", "Education", appearance="minimal", national_id="aab008",
               relevant="${is_current} = 1 and (${school_status} = '' or ${school_status} = '01')", required=True,
               hint=("仅非在校生填写。", "Only for members not in school."),
               constraint=Rule("not(${age} != '' and ${age} <= 14 and selected('04 05', .))"
                               " and not(. = '06' and ${age} != '' and ${age} > 7)",
                               "文化程度与年龄不符：14 岁及以下不能是高中及以上，7 岁以上不是学龄前儿童。",
                               "Education does not fit the age.")),
    select_multiple("jkzk", "health", "健康状况", "Health", required=True, relevant="${is_current} = 1",
                    national_id="aab017", sensitivity=PERSONAL,
                    constraint=Rule("not(selected(., '1') and count-selected(.) > 1)",
                                    "选了“健康”就不能再选其他健康状况。", "“Healthy” excludes the other options.")),
    select_one("cjlb", "disability_type", "残疾类别", "Type of disability", required=True, sensitivity=PERSONAL,
               relevant="${is_current} = 1 and selected(${health}, '4')"),
    select_one("cjdj", "disability_grade", "残疾等级", "Grade of disability", required=True, sensitivity=PERSONAL,
               relevant="${is_current} = 1 and selected(${health}, '4')", appearance="columns-pack"),
    select_one("ldjn", "labour", "劳动技能", "Labour ability", relevant="${is_current} = 1", national_id="aab010",
               required="${age} != '' and ${age} >= 16 and ${age} <= 65",
               constraint=Rule("not(${age} >= 16 and ${age} <= 60 and selected(${health}, '1')"
                               " and (${school_status} = '' or ${school_status} = '01') and selected('03 04', .))",
                               "劳动年龄内、身体健康且不在校的成员，不能是丧失劳动力或无劳动力。",
                               "A healthy working-age member not in school cannot be without working ability.")),
    yes_no("medical_insurance", "参加城乡居民基本医疗保险", "Residents' basic medical insurance",
           relevant="${is_current} = 1", required=True, national_id="aab013"),
    yes_no("employee_medical", "参加城镇职工基本医疗保险", "Urban employees' medical insurance",
           relevant="${is_current} = 1", required=True,
           constraint=Rule("not(. = '1' and ${medical_insurance} = '1')",
                           "城乡居民医保和城镇职工医保不能同时参加。", "Residents' and employees' insurance exclude each other.")),
    yes_no("serious_illness_insurance", "参加大病保险", "Serious-illness insurance", relevant="${is_current} = 1",
           required=True, national_id="aab022"),
    yes_no("pension_insurance", "参加城乡居民基本养老保险", "Residents' basic pension", relevant="${is_current} = 1",
           required=True, national_id="aab014"),
    yes_no("dibao", "享受农村低保", "Receives the rural minimum living allowance", relevant="${is_current} = 1",
           required=True, national_id="aab030"),
    yes_no("tekun", "特困供养人员", "Destitute-support person", relevant="${is_current} = 1", required=True),
    yes_no("mandarin", "会讲普通话", "Speaks Mandarin", national_id="aab065",
           relevant="${is_current} = 1 and (${age} = '' or ${age} >= 6)"),
    calculate("flag_sick", "if(${is_current} = 1 and (selected(${health}, '2') or selected(${health}, '3')), 1, 0)"),
    calculate("flag_disabled", "if(${is_current} = 1 and selected(${health}, '4'), 1, 0)"),
    calculate("flag_student", "if(${is_current} = 1 and ${school_status} != '' and ${school_status} != '01', 1, 0)"),
    calculate("flag_dibao", "if(${is_current} = 1 and ${dibao} = '1', 1, 0)"),
])

assets = group("assets", "资产与债务", "Assets and debts", [
    yes_no("has_car", "是否有小汽车（不含农用车）", "Owns a car (not farm vehicles)", required=True),
    yes_no("has_town_house", "是否在城镇购买商品房", "Owns a flat in town", required=True),
    yes_no("has_debt", "是否有债务", "Has debts", required=True),
    money("debt_amount", "债务金额", "Amount owed", relevant="${has_debt} = '1'",
          hint=("单位：元。", "Yuan.")),
    select_multiple("zwyy", "debt_reasons", "债务原因", "Reasons for the debt", relevant="${has_debt} = '1'",
                    required=True),
])

checks = group("checks", "核对", "Checks", [
    calculate("member_count", "sum(${is_current})", national_id="aac017"),
    calculate("head_count", "sum(${is_head})"),
    note("member_count_note", "现有家庭人口 ${member_count} 人（登记为 ${hh_members} 人）。",
         "${member_count} current members (${hh_members} registered)."),
    warning("check_head", "户主应有且只有一人，现为 ${head_count} 人，请返回修改“与户主关系”。",
            "There must be exactly one head; there are ${head_count}. Please correct the relations.",
            "${head_count} != 1"),
    warning("check_sick", "主要致贫原因为因病，但没有成员患长期慢性病或大病，请核实。",
            "Main cause is illness but no member is ill: please check.",
            "${main_cause} = '01' and sum(${flag_sick}) = 0"),
    warning("check_disabled", "主要致贫原因为因残，但没有残疾成员，请核实。",
            "Main cause is disability but no member is disabled: please check.",
            "${main_cause} = '02' and sum(${flag_disabled}) = 0"),
    warning("check_student", "主要致贫原因为因学，但没有在校生，请核实。",
            "Main cause is schooling but no member is in school: please check.",
            "${main_cause} = '03' and sum(${flag_student}) = 0"),
    warning("check_dibao", "低保贫困户，但没有成员享受低保，请核实。",
            "An allowance household with no member on the allowance: please check.",
            "${attribute} = '2' and sum(${flag_dibao}) = 0"),
    text("remarks", "备注", "Notes", appearance="multiline"),
])

SURVEY = flatten([household_header("基本"), household, roster_size, member, assets, checks])
