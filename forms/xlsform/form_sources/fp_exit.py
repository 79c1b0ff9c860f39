"""精准退出 (exit assessment) — regulation art. 7: income above the line and 两不愁三保障 met.

Art. 7 has the exit verified (核实) by the village committees (嘎查村"两委") and the village work
team and acknowledged (认可) by the paired cadre and the household; the paired cadre, the village
work team or a supervisor fills the form (phones.access), so its wording names no one in
particular. The person filling checks income per person against the line and each of
两不愁三保障 plus safe water; the form computes whether the household meets the exit standard.
Their opinion (核实意见, exit_opinion) may agree to exit only with the standard met and the
household's own consent (贫困户认可, signed); otherwise the national reason for not exiting is
recorded. The server records who submitted the form.
"""

# ruff: noqa: E501 — rows of bilingual labels read best one per line; CJK characters count double.

from form_sources.assessment import annual_income, basic_needs
from form_sources.parts import household_header
from form_sources.rows import (
    PERSONAL,
    Rule,
    calculate,
    flatten,
    group,
    image,
    note,
    select_one,
    text,
    warning,
    yes_no,
)

CATEGORY = "exit"
VERSION = "2026120401"

SURVEY = flatten([
    household_header("退出", procedure=True),
    annual_income(),
    basic_needs(),
    group("result", "退出评估", "Exit assessment", [
        calculate("exit_ready", "if(${income_ok} = 1 and ${needs_ok} = 1, 1, 0)"),
        note("ready_note", "收入和两不愁三保障均已达标，符合退出条件。", "Income and basic needs are met: the household may exit.",
             relevant="${exit_ready} = 1"),
        warning("not_ready_note", "尚不符合退出条件（收入未超过标准或两不愁三保障未全部达标）。",
                "Not yet eligible to exit (income or basic needs not met).", "${exit_ready} = 0"),
        select_one("tcyj", "exit_opinion", "核实意见", "Assessor's opinion", required=True, appearance="columns-pack",
                   hint=("由填表人（结对帮扶干部、驻村工作队或督导）核实收入和两不愁三保障后填写。",
                         "Given by the person filling the form (paired cadre, village work team or supervisor) "
                         "after checking income and basic needs."),
                   constraint=Rule("not(. = 'exit' and ${exit_ready} = 0)", "未达到退出标准，不能同意退出。",
                                   "The household does not meet the exit standard.")),
        select_one("bzyy", "stay_reason", "不脱贫原因", "Why not exiting", relevant="${exit_opinion} = 'stay'",
                   required=True),
        yes_no("household_consents", "贫困户是否认可退出", "The household agrees to exit",
               relevant="${exit_opinion} = 'exit'", required=True,
               constraint=Rule(". = '1'", "贫困户不认可时不能退出，请选择“暂不退出”。",
                               "Without the household's consent choose “Not yet”.")),
        image("head_signature", "户主签字确认", "Signature of the head", appearance="signature",
              parameters="max-pixels=800", relevant="${exit_opinion} = 'exit'", required=True, sensitivity=PERSONAL),
        text("remarks", "备注", "Notes", appearance="multiline"),
    ]),
])
