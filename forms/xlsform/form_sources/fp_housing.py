"""住房安全信息 (housing safety) — regulation art. 6 (六): the house, renovation, relocation.

The house (area, structure, safety appraisal A–D and the national 危房 C/D grade), the state of
dangerous-house renovation, 易地扶贫搬迁 (mode, placement, moved in), 互助幸福院, and a required
photo of the house. 住房安全有保障 is computed as the exit check defines it (CODES.md §4.2).
"""

# ruff: noqa: E501 — rows of bilingual labels read best one per line; CJK characters count double.

from form_sources.parts import household_header, money
from form_sources.rows import (
    Rule,
    calculate,
    decimal,
    flatten,
    geopoint,
    group,
    image,
    integer,
    note,
    select_one,
    warning,
    yes_no,
)

CATEGORY = "housing"
VERSION = "2026120301"

YEAR_RULE = Rule(". >= 2014 and . <= 2020", "年度应在 2014 至 2020 年之间。", "The year must be 2014–2020.")

house = group("house", "住房情况", "The house", [
    decimal("house_area", "住房面积（平方米）", "Floor area (m²)", required=True, national_id="aac317",
            hint=("无房户填 0。", "0 for a household without a house."),
            constraint=Rule(". >= 0 and . <= 2000", "住房面积应在 0 至 2000 平方米之间。",
                            "The floor area must be 0–2000 m².")),
    select_one("fwjg", "structure", "房屋主要结构", "Main structure", relevant="${house_area} > 0", required=True,
               appearance="minimal"),
    integer("built_year", "建房年份", "Year built", relevant="${house_area} > 0",
            constraint=Rule(". >= 1900 and . <= 2020", "建房年份应在 1900 至 2020 年之间。",
                            "The year built must be 1900–2020.")),
    select_one("fwdj", "appraisal", "房屋安全鉴定等级", "Safety appraisal", relevant="${house_area} > 0", required=True,
               hint=("以旗区住建部门的房屋危险性评定为准。", "As appraised by the banner's housing bureau.")),
    yes_no("dangerous", "是否危房户", "Lives in a dangerous house", required=True, national_id="aac318",
           constraint=Rule("not(. = '0' and selected('C D', ${appraisal}))", "鉴定为 C 级或 D 级的房屋属于危房。",
                           "A grade C or D house is a dangerous house.")),
    select_one("wfdj", "danger_grade", "危房级别", "Dangerous-house grade", relevant="${dangerous} = '1'", required=True,
               appearance="columns-pack", national_id="aac322"),
])

renovation = group("renovation", "危房改造", "Renovation", relevant="${dangerous} = '1' or selected('C D', ${appraisal})", rows=[
    select_one("gzzt", "renovation_state", "危房改造情况", "Renovation", required=True),
    integer("renovation_year", "危改年度", "Renovation year", relevant="${renovation_state} = 'done'", required=True,
            constraint=YEAR_RULE),
    money("renovation_subsidy", "危改补助资金", "Renovation subsidy", relevant="${renovation_state} = 'done'"),
])

relocation = group("relocation", "易地扶贫搬迁", "Relocation", [
    yes_no("relocated", "是否易地扶贫搬迁户", "A relocation household", required=True, national_id="acr077"),
    select_one("bqfs", "relocation_mode", "搬迁方式", "Kind of relocation", relevant="${relocated} = '1'", required=True),
    select_one("azfs", "placement_mode", "安置方式", "Placement", relevant="${relocated} = '1'", required=True,
               appearance="columns-pack"),
    select_one("azd", "placement_site", "安置地", "Placement site", relevant="${relocated} = '1'", required=True),
    yes_no("key_received", "是否已取得新房钥匙", "Has the key to the new home", relevant="${relocated} = '1'",
           required=True),
    yes_no("moved_in", "是否已入住", "Has moved in", relevant="${relocated} = '1' and ${key_received} = '1'",
           required=True),
    integer("relocation_year", "搬迁年度", "Relocation year", relevant="${relocated} = '1'", constraint=YEAR_RULE),
    yes_no("care_home", "是否入住互助幸福院", "Lives in a mutual-aid care home", required=True),
])

evidence = group("evidence", "住房照片", "Photo of the house", [
    image("house_photo", "住房照片", "Photo of the house", required=True,
          hint=("请拍摄房屋正面全貌；危房请加拍裂缝等危险部位。", "The whole front of the house; for a dangerous house add the cracks.")),
    geopoint("house_location", "住房位置", "Location of the house", hint=("可选。", "Optional.")),
    calculate("housing_secure", "if((${house_area} > 0 and selected('A B', ${appraisal}))"
                                " or ${renovation_state} = 'done' or (${relocated} = '1' and ${key_received} = '1'), 1, 0)"),
    note("secure_note", "住房安全有保障。", "Housing is secure.", relevant="${housing_secure} = 1"),
    warning("insecure_note", "住房安全尚无保障（非 A/B 级、未完成改造、未取得搬迁新房）。",
            "Housing is not yet secure (not grade A/B, not renovated, no relocation home).", "${housing_secure} = 0"),
])

SURVEY = flatten([household_header("住房"), house, renovation, relocation, evidence])
