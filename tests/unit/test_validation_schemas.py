"""Marshmallow schemas derived from the field schema: types, required, choices, repeats, JavaRosa's shapes."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

from fieldcollect.forms.build import build_xlsform
from fieldcollect.submissions.instance import parse_instance
from fieldcollect.validation.form_rules import form_rules
from fieldcollect.validation.schemas import answers_schema, read_answers

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "tests" / "fixtures" / "submissions" / "javarosa"


@cache
def rules(form_id: str):
    built = build_xlsform(ROOT / "forms" / "xlsform" / f"{form_id}.xlsx", validate=False)
    return form_rules(built.field_schema, built.xml)


def read(form_id: str, edit=lambda xml: xml):
    xml = edit((TEMPLATES / f"{form_id}.xml").read_text("utf-8")).encode()
    return read_answers(rules(form_id), parse_instance(xml).answers)


def messages(issues) -> list[str]:
    return [issue.problem.render() for issue in issues]


def test_what_javarosa_sends_loads_typed_and_flattened_by_group():
    answers, issues, notes = read("fp_income")
    assert issues == []
    assert answers["wage_work"] == 6000.0 and answers["member_count"] == 3
    assert answers["visit_date"] == date(2018, 5, 20) and answers["wage_total"] == 6000  # "6000" computed
    assert "wage" not in answers  # groups are flattened away
    assert "summary_note" in notes and "check_expense" not in notes


def test_a_roster_loads_as_rows_with_select_multiple_as_lists():
    answers, issues, _ = read("fp_basic")
    assert issues == []
    assert [row["relation"] for row in answers["member"]] == ["01", "02", "03"]
    assert answers["member"][0]["health"] == ["2", "3", "4"]
    assert answers["member"][2].get("education") is None  # not relevant for a pupil: absent, no complaint


def test_a_single_repeat_row_is_still_a_list():
    def one_row(xml: str) -> str:  # cut the second and third members
        second = xml.index("<member>", xml.index("<member>") + 1)
        return xml[:second] + xml[xml.rindex("</member>") + len("</member>"):]
    answers, issues, _ = read("fp_basic", one_row)
    assert issues == [] and len(answers["member"]) == 1


def test_types_choices_and_required_fail_with_catalogued_messages():
    def broken(xml: str) -> str:
        return (xml.replace("<member_count>3</member_count>", "<member_count>3.5</member_count>")
                .replace("<wage_post>0.0</wage_post>", "<wage_post />")
                .replace("<visit_date>2018-05-20</visit_date>", "<visit_date>20/05/2018</visit_date>")
                .replace("<wage_work>6000.0</wage_work>", "<wage_work>六千</wage_work>"))
    _, issues, _ = read("fp_income", broken)
    assert sorted(messages(issues)) == sorted([
        "“家庭人口数”：“3.5”不是整数。", "“公益性岗位工资”：此项不能为空。",
        "“走访日期”：“20/05/2018”不是有效日期（应为 2018-01-31 的格式）。", "“务工收入”：“六千”不是数字。"])
    assert {issue.field for issue in issues} == {"member_count", "wage_post", "visit_date", "wage_work"}


def test_an_unconditional_required_field_may_not_be_absent_but_a_conditional_one_may():
    _, issues, _ = read("fp_income", lambda xml: xml.replace("<wage_post>0.0</wage_post>", ""))
    assert messages(issues) == ["“公益性岗位工资”：此项不能为空。"]
    _, issues, _ = read("fp_basic")  # exit_year is required but only relevant when the household exited
    assert issues == []


def test_errors_in_a_roster_name_the_row():
    _, issues, _ = read("fp_basic", lambda xml: xml.replace("<sex>2</sex>", "<sex>9</sex>", 1))
    assert [(issue.field, issue.row) for issue in issues] == [("sex", 2)]
    assert messages(issues) == ["“性别”（第 2 行）：“9”不是可选的答案。"]


def test_select_multiple_rejects_an_unknown_choice():
    _, issues, _ = read("fp_basic", lambda xml: xml.replace("<health>2 4</health>", "<health>2 8</health>"))
    assert messages(issues) == ["“健康状况”（第 2 行）：“2 8”不是可选的答案。"]


def test_the_schema_is_built_once_per_form_version():
    assert answers_schema(rules("fp_income")) is answers_schema(rules("fp_income"))
