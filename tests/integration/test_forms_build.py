"""The ten workbooks convert with pyxform and pass ODK Validate (the real JavaRosa jar, no mock).

ODK Validate starts a JVM per form, so the ten are built once per test session, in parallel;
build_xlsform keeps the results, and later publishing tests reuse them.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from fieldcollect.forms.build import build_many, build_xlsform
from fieldcollect.forms.categories import CATEGORIES, category_of_form
from fieldcollect.problems import Problem

ROOT = Path(__file__).resolve().parents[2]
WORKBOOKS = sorted((ROOT / "forms" / "xlsform").glob("*.xlsx"))
FIXTURES = ROOT / "tests" / "fixtures" / "forms"


@pytest.fixture(scope="session")
def ten_forms():
    """Build and validate the ten workbooks once; return {form_id: BuiltForm} and the wall time."""
    started = time.perf_counter()
    results = build_many([(path.read_bytes(), path.name) for path in WORKBOOKS], validate=True)
    problems = [result.render() for result in results if isinstance(result, Problem)]
    assert not problems, problems
    return {built.form_id: built for built in results}, time.perf_counter() - started


def test_there_are_ten_workbooks_one_per_category():
    assert {path.stem for path in WORKBOOKS} == {category.form_id for category in CATEGORIES}


def test_every_workbook_passes_odk_validate_without_warnings(ten_forms):
    forms, seconds = ten_forms
    assert sorted(forms) == sorted(category.form_id for category in CATEGORIES)
    for built in forms.values():
        assert built.validated and built.validate_seconds > 0
        assert built.warnings == [], (built.form_id, built.warnings)
    print(f"\nODK Validate, ten forms in parallel: {seconds:.1f} s wall; per form: "
          + ", ".join(f"{f} {b.validate_seconds:.1f}s" for f, b in sorted(forms.items())))


def test_identity_matches_the_category_table(ten_forms):
    for form_id, built in ten_forms[0].items():
        category = category_of_form(form_id)
        assert (built.category, built.title) == (category.code, category.name_zh)
        assert built.version.isdigit() and len(built.version) == 10


def test_every_form_starts_with_household_period_and_visit_date(ten_forms):
    for built in ten_forms[0].values():
        fields = {entry["name"]: entry for entry in built.field_schema}
        assert fields["household"] == {
            "name": "household", "xpath": "/data/household", "type": "select_one", "required": True,
            "choices": "households.csv", "repeat": None, "sensitivity": None, "label_zh": "贫困户",
            "label_en": "Household", "national_id": "aac001"}
        assert (fields["period"]["xpath"], fields["period"]["required"]) == ("/data/period", True)
        assert (fields["visit_date"]["type"], fields["visit_date"]["required"]) == ("date", True)
        assert b"<instanceID/>" in built.xml and b"<instanceName/>" in built.xml


def test_media_are_the_two_household_lists(ten_forms):
    for form_id, built in ten_forms[0].items():
        expected = ["households.csv", "members.csv"] if form_id in (
            "fp_basic", "fp_medical", "fp_training") else ["households.csv"]
        assert built.media == expected, form_id


def test_personal_fields_carry_their_sensitivity_into_the_schema(ten_forms):
    basic = {entry["name"]: entry for entry in ten_forms[0]["fp_basic"].field_schema}
    assert basic["id_number"]["sensitivity"] == "personal"
    assert basic["id_number"]["repeat"] == "/data/member"
    assert basic["bank_card"]["sensitivity"] == "personal"
    assert basic["head_name"]["sensitivity"] is None


def test_a_form_pyxform_accepts_but_javarosa_rejects_fails_with_validates_message():
    with pytest.raises(Problem) as caught:
        build_xlsform(FIXTURES / "invalid_xpath.md")
    assert caught.value.code == "form_validation_failed"
    detail = caught.value.params["detail"]
    assert "nowhere" in detail and "failed validation" not in detail  # no temp-file noise
