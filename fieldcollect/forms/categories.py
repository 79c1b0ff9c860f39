"""The ten forms fieldcollect knows: eight quarterly information categories and two procedures.

Article 6 of the Ordos regulation names the eight categories a cadre collects every quarter;
articles 4 and 7 add the two procedures, identification (精准识别) and exit (精准退出). Each has a
stable code, used in the database, URLs and settings, and one XLSForm whose form_id is fixed
here. Everything else imports this table instead of repeating the names.
"""

from __future__ import annotations

from dataclasses import dataclass

from fieldcollect.problems import N_


@dataclass(frozen=True)
class Category:
    code: str  # basic, income, … (Form.category)
    form_id: str  # the XLSForm's settings form_id
    name_zh: str  # the regulation's name; a msgid for Flask-Babel
    name_en: str
    short_zh: str  # two characters, for instance names such as "王建国 · 2018Q1 · 收支" and status chips
    # (a msgid for the quarterly ones, whose chips are translated)
    quarterly: bool  # collected every quarter (False: a procedure, filled when it happens)


CATEGORIES: tuple[Category, ...] = (
    Category("basic", "fp_basic", N_("基本信息"), "Basic information", N_("基本"), True),
    Category("income", "fp_income", N_("收支信息"), "Income and expenses", N_("收支"), True),
    Category("assistance", "fp_assistance", N_("帮扶信息"), "Assistance", N_("帮扶"), True),
    Category("industry", "fp_industry", N_("产业发展信息"), "Industry development", N_("产业"), True),
    Category("medical", "fp_medical", N_("就医信息"), "Medical care", N_("就医"), True),
    Category("housing", "fp_housing", N_("住房安全信息"), "Housing safety", N_("住房"), True),
    Category("training", "fp_training", N_("培训就业信息"), "Training and employment", N_("培训"), True),
    Category("other", "fp_other", N_("其它信息"), "Other information", N_("其它"), True),
    Category("identification", "fp_identification", N_("精准识别"), "Identification", "识别", False),
    Category("exit", "fp_exit", N_("精准退出"), "Exit assessment", "退出", False),
)

BY_CODE: dict[str, Category] = {category.code: category for category in CATEGORIES}
BY_FORM_ID: dict[str, Category] = {category.form_id: category for category in CATEGORIES}
QUARTERLY_CODES: tuple[str, ...] = tuple(category.code for category in CATEGORIES if category.quarterly)


def get_category(code: str) -> Category | None:
    """Return the category with this code, or None."""
    return BY_CODE.get(code)


def category_of_form(form_id: str) -> Category | None:
    """Return the category whose form has this form_id, or None."""
    return BY_FORM_ID.get(form_id)
