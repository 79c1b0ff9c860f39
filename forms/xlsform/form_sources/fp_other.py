"""其它信息 (other information) — regulation art. 6 (八): living conditions and anything else.

The national 生产生活条件 block (CODES.md §1.2: power, broadcasting, drinking water, road, fuel,
toilet) and free notes on changes the other forms do not hold.
"""

# ruff: noqa: E501 — rows of bilingual labels read best one per line; CJK characters count double.

from form_sources.parts import household_header
from form_sources.rows import Rule, decimal, flatten, group, image, select_one, text, warning, yes_no

CATEGORY = "other"
VERSION = "2026120301"

SURVEY = flatten([
    household_header("其它"),
    group("conditions", "生产生活条件", "Living and production conditions", [
        yes_no("production_power", "是否通生产用电", "Power for production", required=True, national_id="aac308"),
        yes_no("living_power", "是否通生活用电", "Power for the home", required=True, national_id="aac313"),
        yes_no("broadcast", "是否通广播电视", "Radio and television", required=True, national_id="aac314"),
        yes_no("safe_water", "是否解决安全饮用水", "Safe drinking water", required=True, national_id="aac091"),
        yes_no("water_difficult", "饮水是否困难", "Difficult to get water", required=True, national_id="aac311"),
        decimal("road_distance", "与村主干路距离（公里）", "Distance to the village main road (km)", required=True,
                national_id="aac315",
                constraint=Rule(". >= 0 and . <= 500", "距离应在 0 至 500 公里之间。", "The distance must be 0–500 km.")),
        warning("check_distance", "与村主干路距离超过 50 公里，请核实（牧区可能属实）。",
                "More than 50 km from the main road: please check (possible in pastoral areas).",
                "${road_distance} > 50"),
        select_one("rhllx", "access_road", "入户路类型", "Road to the house", required=True, appearance="columns-pack",
                   national_id="aac316"),
        select_one("zyrllx", "fuel", "主要燃料类型", "Main fuel", required=True, national_id="aac320"),
        yes_no("sanitary_toilet", "有无卫生厕所", "Sanitary toilet", required=True, national_id="aac319"),
    ]),
    group("notes", "其他情况", "Anything else", [
        text("changes", "本季度其他变化情况", "Other changes this quarter", appearance="multiline"),
        text("requests", "农户诉求", "What the household asks for", appearance="multiline"),
        image("other_photo", "照片", "Photo", hint=("可选。", "Optional.")),
    ]),
])
