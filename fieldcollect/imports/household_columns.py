"""The household import's columns: one row per member, as in the national member export.

Household columns (户编号, 贫困户属性, 致贫原因 …) repeat on every member's row; the first row of a
household gives them and later rows must agree or leave them empty. Headers follow the national
export (CODES.md §1–2); the English alias is the model column name, and the national field id
(aac…/aab…) is accepted too.
"""

from __future__ import annotations

from fieldcollect.imports.columns import Column

HOUSEHOLD_COLUMNS = (
    Column("household_code", "户编号", ("aac001",), required=True),
    Column("village_code", "嘎查村代码", ("村代码", "行政区划代码", "区划代码", "aar008"), required=True),
    Column("village_name", "嘎查村", ("村", "嘎查村名称", "村名称")),
    Column("head_name", "户主姓名", ("aac029",)),
    Column("attribute", "贫困户属性", ("aac006",), "code", "attribute", required=True),
    Column("main_cause", "主要致贫原因", ("aac007",), "code", "cause", required=True),
    Column("other_causes", "其他致贫原因", ("aac008",), "codes", "cause", high=2),
    Column("identification_standard", "识别标准", ("aac005",), "code", "standard"),
    Column("status", "脱贫状态", ("贫困户状态", "aar010"), "code", "status"),
    Column("registered_year", "识别年度", ("纳入年度", "新识别年度", "aar041"), "integer", required=True,
           low=2013, high=2030),
    Column("planned_exit_year", "计划脱贫年度", ("jhtpnd",), "integer", low=2013, high=2030),
    Column("exit_year", "脱贫年度", ("aac023",), "integer", low=2013, high=2030),
    Column("return_year", "返贫年度", ("fpnd",), "integer", low=2013, high=2030),
    Column("support_track", "五个一批", ("帮扶类型",), "code", "support_track"),
    Column("household_phone", "户联系电话", ("联系电话", "aar012")),
)

MEMBER_COLUMNS = (
    Column("name", "姓名", ("成员姓名", "member_name"), required=True),
    Column("id_number", "证件号码", ("身份证号", "身份证号码", "aab004"), "id_number"),
    Column("sex", "性别", (), "code", "sex"),
    Column("birth_date", "出生日期", (), "date"),
    Column("relation", "与户主关系", ("aab006",), "code", "relation", required=True),
    Column("ethnicity", "民族", ("aab007",), "code", "ethnicity"),
    Column("political_status", "政治面貌", ("aak033",), "code", "political_status"),
    Column("education", "文化程度", ("aab008",), "code", "education"),
    Column("school_status", "在校生状况", ("aab009",), "code", "school_status"),
    Column("health", "健康状况", ("aab017",), "codes", "health"),
    Column("disability_category", "残疾类别", (), "code", "disability_category"),
    Column("disability_grade", "残疾等级", (), "code", "disability_grade"),
    Column("labour_ability", "劳动技能", ("劳动能力", "aab010"), "code", "labour_ability"),
    Column("work_area", "务工区域", ("务工状况", "务工所在地"), "code", "work_area"),
    Column("work_months", "务工时间（月）", ("务工时间", "务工月数", "aab012"), "integer", low=0, high=12),
    Column("speaks_mandarin", "是否会讲普通话", ("aab065",), "yes_no"),
    Column("minimum_living_allowance", "是否享受农村居民最低生活保障", ("是否享受低保", "aab030"), "yes_no"),
    Column("extreme_poverty_support", "是否特困供养人员", (), "yes_no"),
    Column("rural_medical_insurance", "是否参加城乡居民基本医疗保险", ("是否参加新型农村合作医疗", "aab013"),
           "yes_no"),
    Column("employee_medical_insurance", "是否参加城镇职工基本医疗保险", (), "yes_no"),
    Column("serious_illness_insurance", "是否参加大病保险", ("aab022",), "yes_no"),
    Column("commercial_medical_insurance", "是否参加商业补充医疗保险", ("aab067",), "yes_no"),
    Column("rural_pension_insurance", "是否参加城乡居民基本养老保险", ("aab014",), "yes_no"),
    Column("employee_pension_insurance", "是否参加城镇职工基本养老保险", (), "yes_no"),
    Column("phone", "成员联系电话", ("member_phone",)),
)

COLUMNS = HOUSEHOLD_COLUMNS + MEMBER_COLUMNS
HOUSEHOLD_KEYS = tuple(c.key for c in HOUSEHOLD_COLUMNS)
MEMBER_KEYS = tuple(c.key for c in MEMBER_COLUMNS)
HEADERS = {c.key: c.header for c in COLUMNS}
# Which column a households.rules issue about a model field points at.
FIELD_COLUMNS = {"other_cause_1": "other_causes", "other_cause_2": "other_causes", "phone": "phone"}
