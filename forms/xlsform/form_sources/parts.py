"""Pieces every form shares: the household header, the reporting-period rule, common constraints.

Every form starts the same way (forms/xlsform/README.md): the household picked from the phone's
households.csv (a cadre's paired households; a village team's or supervisor's region for the
procedure forms), the reporting period with a calculated default, and the visit date. Values
the server already knows come from households.csv / members.csv through instance() lookups; the
cadre confirms or corrects them. Two JavaRosa facts shape the XPath: lookups on external CSV
instances use [position()=n], never [n] (JavaRosa 5 returns nothing for a bare numeric predicate
there), and strings are cut with ODK's substr(s, start, end) (0-based, end excluded) because
JavaRosa has no XPath substring().
"""

# ruff: noqa: E501 — rows of bilingual labels read best one per line; CJK characters count double.

from __future__ import annotations

from form_sources.rows import (
    PERSONAL,
    ZH,
    Rule,
    calculate,
    date,
    decimal,
    integer,
    note,
    question,
    text,
    warning,
)

HOUSEHOLD = "instance('households')/root/item[name=${household}]"
MEMBERS = "instance('members')/root/item[household_code=${household}]"
KNOWN_MEMBER_COUNT = f"count({MEMBERS})"
# Declares instance('members') for forms that look members up without a select_one_from_file.
MEMBERS_FILE = {"type": "csv-external", "name": "members"}


def member_at_row(column: str) -> str:
    """Return the XPath of column in members.csv for the household member at this repeat position."""
    return f"{MEMBERS}[position()=position(current()/..)]/{column}"


# ---- the reporting period -------------------------------------------------------------------

def _date_parts(date_expr: str) -> tuple[str, str, str]:
    # Calendar parts read with format-date, never date arithmetic: decimal-date-time() carries
    # the phone's UTC offset, which moves a day-based boundary by one day in China (UTC+8).
    return tuple(f"number(format-date({date_expr}, '{code}'))" for code in ("%Y", "%n", "%e"))


def quarter_index(date_expr: str) -> str:
    """Return an XPath giving year * 4 + quarter - 1 of the quarter containing the date."""
    year, month, _ = _date_parts(date_expr)
    return f"({year} * 4 + int(({month} - 1) div 3))"


def period_of(date_expr: str) -> str:
    """Return the XPath of the reporting period for a date: its quarter ("2018Q1"), except during
    the first 10 days of a quarter, when it is the previous quarter (regulation art. 9: each
    quarter's collection ends on the 10th of the next quarter's first month)."""
    year, month, day = _date_parts(date_expr)
    in_grace = f"number({month} mod 3 = 1 and {day} <= 10)"
    index = f"({year} * 4 + int(({month} - 1) div 3) - {in_grace})"
    return f"concat(string(int({index} div 4)), 'Q', string({index} mod 4 + 1))"


PERIOD_PATTERN = "^20[0-9]{2}Q[1-4]$"
PERIOD_RULE = Rule(
    f"regex(., '{PERIOD_PATTERN}') and number(substr(., 0, 4)) >= 2014"
    f" and (${{visit_date}} = '' or number(substr(., 0, 4)) * 4 + number(substr(., 5, 6)) - 1"
    f" <= {quarter_index('${visit_date}')})",
    "报告期的格式为“年份Q季度”，如 2018Q1；不能早于 2014Q1，也不能晚于走访日期所在的季度。",
    "Write the period as year, Q and quarter, e.g. 2018Q1; not before 2014Q1 nor after the quarter of the visit.",
)
VISIT_DATE_RULE = Rule(". <= today() and . >= date('2014-01-01')",
                       "走访日期不能晚于今天，也不能早于 2014 年。",
                       "The visit date cannot be in the future or before 2014.")


# Who may fill a form decides which households the phone lists (phones.access, phones.media): paired
# cadres fill the quarterly forms, from their paired households; the procedure forms are also filled
# by village work teams and supervisors, whose phones list the households of their region.
PAIRED_HINT = ("输入户主姓名、嘎查村或户编号查找；只列出您结对帮扶的户。",
               "Type the head's name, the village or the household code; only your paired households are listed.")
PROCEDURE_HINT = ("输入户主姓名、嘎查村或户编号查找；只列出您结对帮扶或负责区域内的户。",
                  "Type the head's name, the village or the household code; only the households you are paired "
                  "with or responsible for are listed.")
TODO_NOTE = ("督导要求整改：${hh_todo}", "Your supervisor asks you to fix: ${hh_todo}")
PROCEDURE_TODO_NOTE = ("督导要求整改：${hh_todo}", "A supervisor asked for a fix: ${hh_todo}")


def household_header(short_zh: str, *, procedure: bool = False) -> list[dict]:
    """Return the rows every form starts with: household, what is known about it, period, visit date.

    procedure marks the two procedure forms, which a village work team or a supervisor may fill as
    well as the paired cadre: their hints do not assume the person filling is the cadre."""
    todo_zh, todo_en = PROCEDURE_TODO_NOTE if procedure else TODO_NOTE
    return [
        question("select_one_from_file households.csv", "household", "贫困户", "Household",
                 hint=PROCEDURE_HINT if procedure else PAIRED_HINT,
                 required=True, appearance="autocomplete", national_id="aac001"),
        calculate("hh_head", f"{HOUSEHOLD}/head_name"),
        calculate("hh_village", f"{HOUSEHOLD}/village_name"),
        calculate("hh_members", f"{HOUSEHOLD}/member_count"),
        calculate("hh_attribute", f"{HOUSEHOLD}/attribute"),
        calculate("hh_todo", f"{HOUSEHOLD}/todo"),
        note("hh_summary", f"{short_zh}：户主 ${{hh_head}}，${{hh_village}}，登记人口 ${{hh_members}} 人。",
             "Head ${hh_head}, ${hh_village}, ${hh_members} registered members.", relevant="${household} != ''"),
        warning("todo_note", todo_zh, todo_en, "string-length(${hh_todo}) > 0"),
        text("period", "报告期（季度）", "Reporting period (quarter)",
             hint=("如 2018Q1。每季度首月 10 日前仍填上一季度；补录时请改为所补的季度。",
                   "E.g. 2018Q1. Until the 10th of a quarter's first month this is the previous quarter; "
                   "change it when catching up on an earlier quarter."),
             required=True, constraint=PERIOD_RULE, default=period_of("today()"),
             trigger="${visit_date}", calculation=period_of("${visit_date}")),
        date("visit_date", "走访日期", "Visit date", required=True, constraint=VISIT_DATE_RULE, default="today()"),
    ]


def settings(category, version: str) -> dict:
    """Return the settings row of a category's form."""
    return {
        "form_title": category.name_zh,
        "form_id": category.form_id,
        "version": version,
        "default_language": ZH,
        "instance_name": f"concat(${{hh_head}}, ' · ', ${{period}}, ' · {category.short_zh}')",
        "style": "pages",
    }


# ---- prefilled values ------------------------------------------------------------------------

def from_household(column: str) -> dict:
    """Return the columns that fill a question from households.csv when the household is picked."""
    return {"trigger": "${household}", "calculation": f"{HOUSEHOLD}/{column}"}


def from_member_row(column: str) -> dict:
    """Return the columns that fill a roster question from members.csv, row by row.

    odk-new-repeat (the dynamic default) fills rows created after the household is picked; the
    trigger fills the first row, which exists from the moment the form opens."""
    lookup = member_at_row(column)
    return {"default": lookup, "trigger": "${household}", "calculation": lookup}


def member_count(zh: str = "家庭人口数", en: str = "Household size") -> dict:
    """Return the confirmed household size, prefilled from households.csv (人均 divides by it)."""
    return integer("member_count", zh, en, required=True, national_id="aac017",
                   hint=("已按登记人口填入，请核实：只算现有家庭成员。", "Prefilled from the register; count current members only."),
                   constraint=Rule(". >= 1 and . <= 20", "家庭人口数应在 1 至 20 人之间。",
                                   "Household size must be between 1 and 20."),
                   **from_household("member_count"))


# ---- constraints -----------------------------------------------------------------------------

MONEY_RULE = Rule(". >= 0 and . <= 10000000", "金额不能为负数，也不能超过 1000 万元。",
                  "Amounts cannot be negative or above 10 million yuan.")
AREA_RULE = Rule(". >= 0 and . <= 1000000", "面积不能为负数。", "Areas cannot be negative.")
COUNT_RULE = Rule(". >= 0 and . <= 100000", "数量不能为负数。", "Counts cannot be negative.")
MONTHS_RULE = Rule(". >= 0 and . <= 12", "月数应在 0 至 12 之间。", "Months must be between 0 and 12.")
PHONE_RULE = Rule("regex(., '^1[3-9][0-9]{9}$')", "请填写 11 位手机号码。", "Enter an 11-digit mobile number.")
BANK_CARD_RULE = Rule("regex(., '^[0-9]{16,19}$')", "银行卡号应为 16 至 19 位数字。",
                      "A bank card number has 16 to 19 digits.")

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)  # GB 11643-1999


def _id_check_character() -> str:
    weighted = " + ".join(f"number(substr(., {i}, {i + 1})) * {w}" for i, w in enumerate(ID_WEIGHTS))
    return f"substr('10X98765432', ({weighted}) mod 11, ({weighted}) mod 11 + 1)"


ID_NUMBER_RULE = Rule(
    "regex(., '^([0-9]{15}|[0-9]{17}[0-9X]([1-7][1-4]([0-9]{2})?)?)$') and (string-length(.) = 15 or ("
    f"substr(., 17, 18) = {_id_check_character()}"
    " and number(substr(., 10, 12)) >= 1 and number(substr(., 10, 12)) <= 12"
    " and number(substr(., 12, 14)) >= 1 and number(substr(., 12, 14)) <= 31))",
    "证件号码有误：应为 18 位身份证号（末位校验码，X 须大写）、15 位旧身份证号，或 20 位残疾人证号。",
    "Invalid ID number: 18-character ID (check character, capital X), 15-digit old ID, or 20-character disability card.",
)


def id_number(name: str = "id_number", zh: str = "证件号码", en: str = "ID number", **kw) -> dict:
    """Return an ID-number question with the GB 11643 checks."""
    return text(name, zh, en, constraint=ID_NUMBER_RULE, sensitivity=PERSONAL,
                hint=("身份证号或残疾人证号。", "Resident ID or disability card number."), **kw)


def money(name: str, zh: str, en: str, **kw) -> dict:
    """Return an amount in yuan: required, 0 by default, never negative."""
    kw.setdefault("hint", ("单位：元；没有请填 0。", "Yuan; enter 0 if none."))
    kw.setdefault("constraint", MONEY_RULE)
    return decimal(name, zh, en, required=True, default="0", appearance="thousands-sep", **kw)


def area(name: str, zh: str, en: str, **kw) -> dict:
    """Return an area in 亩 (mu): required, 0 by default, never negative."""
    kw.setdefault("hint", ("单位：亩；没有请填 0。", "In mu (1 mu ≈ 667 m²); enter 0 if none."))
    kw.setdefault("constraint", AREA_RULE)
    return decimal(name, zh, en, required=True, default="0", **kw)


def head_count(name: str, zh: str, en: str, **kw) -> dict:
    """Return a count of animals or people: required, 0 by default, never negative."""
    kw.setdefault("constraint", COUNT_RULE)
    return integer(name, zh, en, required=True, default="0", **kw)
