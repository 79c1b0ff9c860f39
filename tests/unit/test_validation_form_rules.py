"""What validation reads from a form version: relevance, linear totals, warnings, row keys, kept fields."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from fieldcollect.forms.build import build_xlsform
from fieldcollect.validation.form_rules import form_rules

FORMS = Path(__file__).resolve().parents[2] / "forms" / "xlsform"


@cache
def rules(form_id: str):
    built = build_xlsform(FORMS / f"{form_id}.xlsx", validate=False)
    return form_rules(built.field_schema, built.xml)


def small_form(rows: str):
    source = ("| survey |\n| | type | name | label | calculation | relevant |\n" + rows
              + "| settings |\n| | form_id | version |\n| | fx_small | 1 |\n")
    built = build_xlsform(source.encode(), "small.md", validate=False)
    return form_rules(built.field_schema, built.xml)


def test_income_totals_are_read_from_the_calculations():
    sums = {rule.target: rule.terms for rule in rules("fp_income").sums}
    assert sums["wage_total"] == ((1.0, "wage_work"), (1.0, "wage_post"))
    assert sums["total_income"] == ((1.0, "wage_total"), (1.0, "business_total"), (1.0, "property_total"),
                                    (1.0, "transfer_total"))
    assert sums["net_income"] == ((1.0, "total_income"), (-1.0, "expense_production"))
    assert "net_income_pc" not in sums  # a division is not a sum of parts


def test_coefficients_and_sums_inside_a_repeat_are_understood():
    industry = {rule.target: dict((name, c) for c, name in rule.terms) for rule in rules("fp_industry").sums}
    assert industry["sheep_units"]["cashmere_goats"] == 0.8 and industry["sheep_units"]["cattle"] == 5.0
    [medical] = rules("fp_medical").sums
    assert (medical.target, medical.repeat) == ("out_of_pocket", "patient")
    assert dict((name, c) for c, name in medical.terms)["paid_basic"] == -1.0  # a - (b + …) distributes


def test_anything_but_a_linear_sum_is_left_alone():
    small = small_form("| | decimal | a | A | | |\n| | decimal | b | B | | |\n"
                       "| | calculate | product | | ${a} * ${b} | |\n"
                       "| | calculate | shifted | | ${a} + 100 | |\n"
                       "| | calculate | half | | ${a} * 0.5 + ${b} | |\n")
    assert [(rule.target, rule.terms) for rule in small.sums] == [("half", ((0.5, "a"), (1.0, "b")))]


def test_fields_under_a_relevant_are_conditional():
    basic = rules("fp_basic").fields
    assert basic["exit_year"].conditional and basic["exit_year"].required
    assert not basic["registered_year"].conditional
    assert basic["household"].required and not basic["household"].conditional


def test_warnings_are_the_marked_notes_but_not_the_supervisors_todo():
    assert [spec.name for spec in rules("fp_income").warnings] == [
        "check_expense", "check_net", "check_dibao", "check_tekun", "check_both", "check_ordinary"]


def test_rosters_are_keyed_by_id_number_else_by_the_member():
    assert rules("fp_basic").row_keys == {"member": "id_number"}
    assert rules("fp_training").row_keys == {"worker": "member_code"}
    assert rules("fp_medical").row_keys == {"patient": "patient_member"}
    assert rules("fp_assistance").row_keys == {}  # measures have no identity: matched by position


def test_a_timeline_keeps_answers_and_national_indicators_not_lookups():
    kept = rules("fp_income").kept
    assert {"wage_work", "wage_total", "total_income", "member_count", "remarks"} <= kept
    assert not {"household", "period", "visit_date", "hh_head", "hh_todo"} & kept
    basic = rules("fp_basic").kept
    assert "id_number" in basic and "age" not in basic and "flag_sick" not in basic


def test_personal_fields_come_from_the_sensitivity_column():
    assert {"id_number", "phone", "bank_card", "health"} <= rules("fp_basic").personal


def test_unlabelled_totals_take_the_name_of_the_note_that_shows_them():
    assert rules("fp_income").fields["wage_total"].label == "工资性收入合计"
    assert rules("fp_basic").fields["member_count"].label == "现有家庭人口"
