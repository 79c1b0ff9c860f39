"""The programme's rules on typed answers (pure): household, period, ID numbers, heads, totals, findings."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

import pytest

from fieldcollect.forms.build import build_xlsform
from fieldcollect.households.id_numbers import make_id_number
from fieldcollect.submissions.instance import parse_instance
from fieldcollect.validation.domain import Facts, HouseholdFacts, check_answers, fill_label
from fieldcollect.validation.form_rules import form_rules
from fieldcollect.validation.schemas import read_answers

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "tests" / "fixtures" / "submissions" / "javarosa"
WANG = HouseholdFacts(1, "150626101201001", 3)
FACTS = Facts(received_on=date(2018, 6, 1), household=WANG, paired=True, cadre_name="张干部")


@cache
def rules(form_id: str):
    built = build_xlsform(ROOT / "forms" / "xlsform" / f"{form_id}.xlsx", validate=False)
    return form_rules(built.field_schema, built.xml)


def check(form_id: str, facts: Facts = FACTS, notes: set[str] = frozenset(), **changes):
    answers, issues, present = read_answers(
        rules(form_id), parse_instance((TEMPLATES / f"{form_id}.xml").read_bytes()).answers)
    assert issues == []
    answers.update(changes)
    return check_answers(answers, present | set(notes), rules(form_id), facts)


def codes(issues) -> list[tuple[str, bool]]:
    return [(issue.problem.code, issue.hard) for issue in issues]


def test_javarosas_own_submissions_pass():
    for form_id in ("fp_income", "fp_basic", "fp_medical", "fp_industry", "fp_training", "fp_exit"):
        assert check(form_id) == [], form_id


def test_an_unknown_household_is_hard():
    unknown = Facts(date(2018, 6, 1), household=None, paired=None)
    assert codes(check("fp_income", unknown)) == [("unknown_household", True)]


@pytest.mark.parametrize("period, code", [("2018Q5", "period_invalid"), ("18Q1", "period_invalid"),
                                          ("2013Q4", "period_too_early"), ("2018Q3", "period_in_future")])
def test_a_period_that_does_not_exist_or_has_not_begun_is_hard(period, code):
    assert codes(check("fp_income", period=period)) == [(code, True)]


def test_the_current_quarter_is_not_in_the_future():
    assert check("fp_income", Facts(date(2018, 4, 1), WANG, True), period="2018Q2",
                 visit_date=date(2018, 4, 1)) == []


def test_visit_dates_that_do_not_fit_are_findings():
    found = check("fp_income", visit_date=date(2018, 6, 3), period="2018Q2")
    assert codes(found) == [("visit_after_receipt", False)]
    found = check("fp_income", visit_date=date(2018, 3, 3), period="2018Q2")
    assert codes(found) == [("visit_before_period", False), ("period_after_visit", False)]
    found = check("fp_income", visit_date=date(2018, 3, 3), period="2018Q1")
    assert found == []  # catching up on the quarter visited is fine


def test_id_numbers_are_checked_against_gb_11643_with_the_day_received():
    answers_row = {"id_number": "150626196003020136", "relation": "01", "is_current": 1}
    found = check("fp_basic", member=[answers_row])
    assert codes(found) == [("row_answer_problem", True)]
    assert found[0].problem.render() == "“证件号码”（第 1 行）：证件号码校验位不正确。"
    born_later = {"id_number": make_id_number("150626", date(2018, 7, 1), 5, "1"), "relation": "01",
                  "is_current": 1}
    assert "证件号码中的出生日期无效" in check("fp_basic", member=[born_later])[0].problem.render()


def test_at_most_one_current_head_of_household():
    rows = [{"relation": "01", "is_current": 1}, {"relation": "01", "is_current": 1}]
    assert codes(check("fp_basic", member=rows)) == [("head_count_too_many", True)]
    rows[1]["is_current"] = 0  # the old head died: marked, not current
    assert check("fp_basic", member=rows) == []


def test_totals_must_equal_their_parts_within_a_cent():
    assert codes(check("fp_income", wage_total=6000.004)) == []
    found = check("fp_income", wage_total=6100)  # and so total_income no longer adds up either
    assert [(issue.field, issue.problem.code) for issue in found] == [("wage_total", "total_mismatch"),
                                                                      ("total_income", "total_mismatch")]
    assert found[0].problem.render() == "“工资性收入合计”为 6100，与各分项计算结果 6000 不符。"


def test_a_cadre_not_paired_on_the_visit_date_is_a_finding():
    found = check("fp_income", Facts(date(2018, 6, 1), WANG, paired=False, cadre_name="李干部"))
    assert codes(found) == [("cadre_not_paired", False)]
    assert found[0].problem.render() == "提交人李干部在走访日期 2018-05-20 未与该户结对。"


def test_a_household_outside_a_village_teams_or_supervisors_region_is_a_finding():
    team = Facts(date(2018, 6, 1), WANG, paired=None, cadre_name="巴音嘎查工作队", in_region=False)
    found = check("fp_exit", team)
    assert codes(found) == [("household_outside_region", False)]
    assert found[0].problem.render() == "该户不在提交人巴音嘎查工作队负责的区域内。"
    inside = Facts(date(2018, 6, 1), WANG, paired=None, cadre_name="巴音嘎查工作队", in_region=True)
    assert check("fp_exit", inside) == []


def test_a_warning_note_in_the_submission_is_a_finding_with_its_values_filled_in():
    found = check("fp_basic", notes={"check_head"}, head_count=2)
    assert [issue.problem.render() for issue in found] == [
        '表单提示：户主应有且只有一人，现为 2 人，请返回修改"与户主关系"。']
    assert fill_label("⚠ 人均 ${net} 元", {"net": 4096.25}) == "人均 4096.25 元"


def test_implausible_amounts_and_household_sizes_are_findings():
    found = check("fp_income", expense_living=3_000_000.0)
    assert codes(found) == [("implausible_value", False)]
    found = check("fp_income", member_count=9)
    assert codes(found) == [("member_count_differs", False)]


def test_hard_issues_come_before_findings():
    found = check("fp_income", Facts(date(2018, 6, 1), WANG, paired=False), expense_production=2_000_000.0)
    assert [issue.hard for issue in found] == [True, False, False]  # net_income no longer adds up
