"""The ten workbooks are generated from form_sources/ (no drift) and keep the shared rules."""

from __future__ import annotations

import importlib
import importlib.util
import re
from datetime import datetime
from pathlib import Path

import pytest

from fieldcollect.forms.categories import CATEGORIES
from fieldcollect.households import codes

XLSFORM_DIR = Path(__file__).resolve().parents[2] / "forms" / "xlsform"


def _load_generate():
    spec = importlib.util.spec_from_file_location("forms_xlsform_generate", XLSFORM_DIR / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # puts forms/xlsform on sys.path, so form_sources imports
    return module


generate = _load_generate()
FORM_MODULES = importlib.import_module("form_sources").FORM_MODULES
LISTS = importlib.import_module("form_sources.choices").LISTS


def source(module_name: str):
    return importlib.import_module(f"form_sources.{module_name}")


@pytest.mark.parametrize("module_name", FORM_MODULES)
def test_workbook_matches_what_its_source_generates(module_name):
    path = generate.workbook_path(module_name)
    assert path.exists(), f"{path.name} missing: run forms/xlsform/generate.py"
    assert generate.read_sheets(path) == generate.form_sheets(module_name), (
        f"{path.name} differs from form_sources/{module_name}.py: run forms/xlsform/generate.py")


def test_generator_check_mode_reports_no_stale_workbook(capsys):
    assert generate.main(["--check"]) == 0, capsys.readouterr().err


def test_every_workbook_has_a_source_and_every_category_a_form():
    assert {path.stem for path in XLSFORM_DIR.glob("*.xlsx")} == set(FORM_MODULES)
    assert {source(name).CATEGORY: name for name in FORM_MODULES} == {c.code: c.form_id for c in CATEGORIES}


@pytest.mark.parametrize("module_name", FORM_MODULES)
def test_settings_carry_form_id_title_language_and_a_dated_version(module_name):
    header, row = generate.form_sheets(module_name)["settings"]
    settings = dict(zip(header, row, strict=True))
    category = next(c for c in CATEGORIES if c.form_id == module_name)
    assert settings["form_id"] == module_name
    assert settings["form_title"] == category.name_zh
    assert settings["default_language"] == "中文 (zh)"
    assert re.fullmatch(r"\d{10}", settings["version"])
    datetime.strptime(settings["version"][:8], "%Y%m%d")  # yyyymmddNN
    assert settings["instance_name"] == (
        f"concat(${{hh_head}}, ' · ', ${{period}}, ' · {category.short_zh}')")


@pytest.mark.parametrize("module_name", FORM_MODULES)
def test_every_form_starts_with_household_then_period_and_visit_date(module_name):
    rows = source(module_name).SURVEY
    assert rows[0]["type"] == "select_one_from_file households.csv"
    assert rows[0]["name"] == "household"
    assert rows[0]["appearance"] == "autocomplete"
    questions = [row["name"] for row in rows if row["type"] not in ("calculate", "note")]
    assert questions[:3] == ["household", "period", "visit_date"]


@pytest.mark.parametrize("module_name", FORM_MODULES)
def test_labels_come_in_chinese_and_english(module_name):
    for row in source(module_name).SURVEY:
        if row["type"].startswith(("end_", "calculate", "csv-external")):
            continue
        assert row.get("label::中文 (zh)") and row.get("label::English (en)"), row["name"]
        if "constraint" in row:
            assert row.get("constraint_message::中文 (zh)") and row.get("constraint_message::English (en)")


PERSONAL_FIELDS = {  # ID, phone and bank numbers, health details, signatures and signed papers
    "fp_basic": {"id_number", "phone", "bank_card", "health", "disability_type", "disability_grade"},
    "fp_assistance": {"cadre_phone"},
    "fp_medical": {"illness_type", "illness_name", "chronic_card", "treatment", "hospital", "cost_total"},
    "fp_identification": {"application_photo", "applicant_signature"},
    "fp_exit": {"head_signature"},
}


@pytest.mark.parametrize("module_name", FORM_MODULES)
def test_personal_fields_are_marked_sensitive(module_name):
    marked = {row["name"] for row in source(module_name).SURVEY if row.get("sensitivity") == "personal"}
    assert marked == PERSONAL_FIELDS.get(module_name, set())


REGISTRY_LISTS = {
    "pkhsx": codes.ATTRIBUTES, "zpyy": codes.CAUSES, "sbbz": codes.STANDARDS, "tpzt": codes.STATUSES,
    "wgylx": codes.SUPPORT_TRACKS, "xb": codes.SEXES, "yhzgx": codes.RELATIONS, "mz": codes.ETHNICITIES,
    "zzmm": codes.POLITICAL_STATUSES, "whcd": codes.EDUCATION, "zxszk": codes.SCHOOL_STATUSES,
    "jkzk": codes.HEALTH,
    "cjlb": codes.DISABILITY_CATEGORIES, "cjdj": codes.DISABILITY_GRADES, "ldjn": codes.LABOUR_ABILITIES,
    "wgzk": codes.WORK_AREAS, "cybg": codes.MEMBER_EVENTS,
}


@pytest.mark.parametrize("list_name", sorted(REGISTRY_LISTS))
def test_choice_lists_use_the_registry_codes_and_wording(list_name):
    assert {name: zh for name, zh, _ in LISTS[list_name]} == REGISTRY_LISTS[list_name]


def test_generator_copies_only_the_lists_a_form_uses():
    sheets = generate.form_sheets("fp_other")
    used = {row[0] for row in sheets["choices"][1:]}
    assert used == {"yes_no", "rhllx", "zyrllx"}


def test_generator_refuses_a_select_naming_an_unknown_list():
    with pytest.raises(KeyError, match="no_such_list"):
        generate.used_lists([{"type": "select_one no_such_list", "name": "x"}])
