"""build_xlsform on small Markdown-table XLSForms: field schema, media, identity and errors.

These build without ODK Validate (validate=False, no JVM); test_forms_build.py runs Validate.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from fieldcollect.forms.build import build_xlsform
from fieldcollect.forms.field_schema import data_fields, language_code, media_files
from fieldcollect.problems import Problem

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "forms"


@pytest.fixture(scope="module")
def small():
    return build_xlsform(FIXTURES / "small_household.md", validate=False)


def by_name(built) -> dict[str, dict]:
    return {entry["name"]: entry for entry in built.field_schema}


def test_identity_comes_from_the_settings_sheet(small):
    assert (small.form_id, small.version, small.title) == ("fx_small", "2018010101", "小表单")
    assert small.category == "income"  # from the settings sheet's category column
    assert small.validated is False


def test_md5_is_of_the_exact_xml_bytes(small):
    assert small.xml.startswith(b"<?xml")
    assert small.md5 == hashlib.md5(small.xml).hexdigest()
    assert b'<data id="fx_small" version="2018010101">' in small.xml


def test_schema_lists_data_nodes_in_document_order_with_xpaths(small):
    assert [entry["xpath"] for entry in small.field_schema] == [
        "/data/household", "/data/hh_head", "/data/period", "/data/income/wage", "/data/income/wage_note",
        "/data/member_count", "/data/member/member_name", "/data/member/id_number", "/data/member/health",
        "/data/member/work/work_months", "/data/has_photo", "/data/house_photo", "/data/location",
        "/data/visit_date", "/data/meta/instanceID", "/data/meta/instanceName",
    ]


def test_schema_types_use_xlsform_names(small):
    types = {name: entry["type"] for name, entry in by_name(small).items()}
    assert types["household"] == "select_one"
    assert types["health"] == "select_multiple"
    assert types["house_photo"] == "image"
    assert (types["wage"], types["member_count"], types["period"]) == ("decimal", "integer", "text")
    assert (types["hh_head"], types["wage_note"], types["location"], types["visit_date"]) == (
        "calculate", "note", "geopoint", "date")


def test_required_is_true_only_when_always_required(small):
    fields = by_name(small)
    assert fields["wage"]["required"] is True
    assert fields["id_number"]["required"] is False  # required only when a name is given
    assert fields["work_months"]["required"] is False


def test_choices_are_names_or_the_file_a_select_reads(small):
    fields = by_name(small)
    assert fields["household"]["choices"] == "households.csv"
    assert fields["health"]["choices"] == ["1", "2", "3", "4"]
    assert fields["has_photo"]["choices"] == ["1", "0"]
    assert fields["wage"]["choices"] is None


def test_repeat_names_the_innermost_enclosing_repeat(small):
    fields = by_name(small)
    assert fields["member_name"]["repeat"] == "/data/member"
    assert fields["work_months"]["repeat"] == "/data/member"  # a group inside the repeat
    assert fields["wage"]["repeat"] is None


def test_sensitivity_and_national_id_come_from_custom_columns(small):
    fields = by_name(small)
    personal = {name for name, entry in fields.items() if entry["sensitivity"] == "personal"}
    assert personal == {"id_number", "health"}
    assert fields["wage"]["sensitivity"] is None
    assert fields["wage"]["national_id"] == "aac073"


def test_labels_in_both_languages(small):
    wage = by_name(small)["wage"]
    assert (wage["label_zh"], wage["label_en"]) == ("工资性收入", "Wage income")
    assert by_name(small)["hh_head"]["label_zh"] is None


def test_declarations_without_a_node_are_left_out(small):
    assert "members" not in by_name(small)  # csv-external only declares instance('members')


def test_data_fields_leave_out_notes_and_meta(small):
    names = [entry["name"] for entry in data_fields(small.field_schema)]
    assert "wage_note" not in names and "instanceID" not in names
    assert len(names) == 13


def test_media_are_the_files_the_form_loads(small):
    assert small.media == ["households.csv", "members.csv"]


def test_instance_name_is_declared(small):
    assert b"<instanceName/>" in small.xml
    assert "concat( /data/hh_head , ' · ',  /data/period )".encode() in small.xml


def test_pyxform_warnings_are_kept(small):
    assert any("max-pixels" in warning for warning in small.warnings)


def test_an_untranslated_label_is_chinese_and_the_version_may_be_missing():
    built = build_xlsform(FIXTURES / "plain_label.md", validate=False)
    remark = by_name(built)["remark"]
    assert (remark["label_zh"], remark["label_en"]) == ("备注", None)
    assert built.version == "" and built.category is None and built.media == []


def test_bytes_and_a_filename_build_like_a_path(small):
    again = build_xlsform((FIXTURES / "small_household.md").read_bytes(), "upload.md", validate=False)
    assert again.md5 == small.md5


def test_built_forms_handed_out_are_independent_copies():
    first = build_xlsform(FIXTURES / "small_household.md", validate=False)
    first.field_schema.clear()
    first.warnings.append("changed")
    second = build_xlsform(FIXTURES / "small_household.md", validate=False)
    assert len(second.field_schema) == 16 and "changed" not in second.warnings


def test_a_pyxform_error_becomes_a_problem_with_pyxforms_message():
    with pytest.raises(Problem) as caught:
        build_xlsform(FIXTURES / "broken.md", validate=False)
    assert caught.value.code == "form_invalid"
    assert caught.value.params["filename"] == "broken.md"
    assert "no_such_list" in caught.value.params["detail"]
    assert "no_such_list" in caught.value.render()


def test_a_file_that_is_not_a_workbook_is_refused_with_pyxforms_words():
    with pytest.raises(Problem) as caught:
        build_xlsform(b"this is not a zip archive", "upload.xlsx", validate=False)
    assert caught.value.code == "form_invalid"
    assert "not recognized" in caught.value.params["detail"]


def test_a_file_pyxform_chokes_on_is_unreadable_not_a_crash():
    # the second "| survey |" opens a sheet without rows, and pyxform's Markdown reader fails
    source = b"| survey |\n| | type | name | label |\n| | text | a | A |\n| survey |\n"
    with pytest.raises(Problem) as caught:
        build_xlsform(source, "upload.md", validate=False)
    assert caught.value.code == "form_unreadable"
    assert caught.value.params["detail"].startswith("IndexError")


def test_an_unsupported_file_type_is_refused():
    with pytest.raises(Problem) as caught:
        build_xlsform(b"anything", "form.pdf", validate=False)
    assert caught.value.code == "form_file_type"
    assert ".xlsx" in caught.value.render()


def test_the_ten_form_ids_give_their_category_whatever_the_settings_say():
    source = (FIXTURES / "small_household.md").read_text(encoding="utf-8").replace("fx_small", "fp_housing")
    assert build_xlsform(source.encode(), "h.md", validate=False).category == "housing"


def test_media_files_reads_instances_and_label_media_but_not_last_saved():
    xml = b"""<h:html xmlns="http://www.w3.org/2002/xforms" xmlns:h="http://www.w3.org/1999/xhtml"><h:head>
      <model><itext><translation lang="zh"><text id="q:label"><value form="image">jr://images/cow.jpg</value>
      </text></translation></itext><instance><data id="x"/></instance>
      <instance id="households" src="jr://file-csv/households.csv"/>
      <instance id="__last-saved" src="jr://instance/last-saved"/>
      <instance id="areas" src="jr://file/areas.xml"/></model></h:head><h:body/></h:html>"""
    assert media_files(xml) == ["households.csv", "areas.xml", "cow.jpg"]


@pytest.mark.parametrize(("name", "code"), [("中文 (zh)", "zh"), ("English (en)", "en"), ("default", "zh"),
                                            ("Chinese (zh-CN)", "zh"), ("Mongolian (mn)", "mn")])
def test_language_code_reads_the_code_in_parentheses(name, code):
    assert language_code(name) == code
