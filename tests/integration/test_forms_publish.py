"""Publishing forms on a real database: versions, no-ops, refusals, states, and the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from fieldcollect.forms.categories import CATEGORIES
from fieldcollect.forms.models import FormState, FormVersion
from fieldcollect.forms.service import (
    PUBLISHED,
    UNCHANGED,
    get_current_version,
    get_form,
    get_version,
    list_current_versions,
    list_versions,
    publish_form,
    set_form_state,
)
from fieldcollect.problems import Problem

ROOT = Path(__file__).resolve().parents[2]
WORKBOOKS = sorted((ROOT / "forms" / "xlsform").glob("*.xlsx"))
FIXTURES = ROOT / "tests" / "fixtures" / "forms"
SMALL = (FIXTURES / "small_household.md").read_text(encoding="utf-8")


def small(version: str = "2018010101", title: str = "小表单") -> bytes:
    """The small fixture form, with its version and title changed as asked."""
    return SMALL.replace("2018010101", version).replace("小表单", title).encode("utf-8")


def version_count(session) -> int:
    return session.scalar(select(func.count()).select_from(FormVersion))


def test_all_ten_forms_publish_on_a_fresh_database(db_session):
    results = [publish_form(db_session, path.read_bytes(), path.name) for path in WORKBOOKS]
    db_session.commit()
    assert {result.status for result in results} == {PUBLISHED}
    current = list_current_versions(db_session)
    assert [v.form.form_id for v in current] == sorted(c.form_id for c in CATEGORIES)
    for version, result in zip(sorted(current, key=lambda v: v.form.form_id),
                               sorted(results, key=lambda r: r.form_id), strict=True):
        assert version.md5 == result.md5 and version.form.category == result.category
        assert version.form.state == FormState.OPEN
        assert version.xlsform == (ROOT / "forms" / "xlsform" / f"{result.form_id}.xlsx").read_bytes()
        assert version.field_schema[0]["name"] == "household" and "households.csv" in version.media
        assert result.field_count > 15 and result.previous_version is None


def test_publishing_an_unchanged_form_is_a_no_op(db_session):
    first = publish_form(db_session, small(), "small.md", validate=False)
    again = publish_form(db_session, small(), "small.md", validate=False)
    assert (first.status, again.status) == (PUBLISHED, UNCHANGED)
    assert again.form_version.id == first.form_version.id
    assert version_count(db_session) == 1


def test_changed_content_without_a_higher_version_is_refused(db_session):
    publish_form(db_session, small(), "small.md", validate=False)
    with pytest.raises(Problem) as caught:
        publish_form(db_session, small(title="改过的标题"), "small.md", validate=False)
    assert caught.value.code == "form_version_not_higher"
    assert caught.value.params == {"form_id": "fx_small", "version": "2018010101", "current": "2018010101"}
    assert "提高 version" in caught.value.render()
    assert version_count(db_session) == 1


def test_a_lower_version_is_refused_too(db_session):
    publish_form(db_session, small("2018010102"), "small.md", validate=False)
    with pytest.raises(Problem, match="form_version_not_higher"):
        publish_form(db_session, small("2018010101"), "small.md", validate=False)


def test_a_higher_version_is_published_and_the_old_one_kept(db_session):
    old = publish_form(db_session, small(), "small.md", validate=False)
    new = publish_form(db_session, small("2018010102", "小表单（新）"), "small.md", validate=False)
    db_session.commit()
    assert (new.status, new.previous_version) == (PUBLISHED, "2018010101")
    assert get_current_version(db_session, "fx_small").version == "2018010102"
    kept = get_version(db_session, "fx_small", "2018010101")
    assert kept is not None and kept.md5 == old.md5 and b'version="2018010101"' in kept.xml
    assert [v.version for v in list_versions(db_session, "fx_small")] == ["2018010101", "2018010102"]
    assert get_form(db_session, "fx_small").title == "小表单（新）"
    assert get_version(db_session, "fx_small", "1999") is None


def test_a_form_without_a_version_is_refused(db_session):
    with pytest.raises(Problem) as caught:
        publish_form(db_session, (FIXTURES / "plain_label.md").read_bytes(), "plain_label.md", validate=False)
    assert caught.value.code == "form_version_missing"


def test_a_form_outside_the_categories_is_refused(db_session):
    source = SMALL.replace("| category |", "| note |").encode("utf-8")
    with pytest.raises(Problem) as caught:
        publish_form(db_session, source, "small.md", validate=False)
    assert caught.value.code == "form_category_unknown"
    assert "fp_basic" in caught.value.render()


def with_setting(column: str, value: str) -> bytes:
    """The small fixture form with one more column, and its value, on the settings sheet."""
    assert SMALL.count("| instance_name |") == 1 and SMALL.count("${period}) |") == 1
    return (SMALL.replace("| instance_name |", f"| instance_name | {column} |")
            .replace("${period}) |", f"${{period}}) | {value} |").encode("utf-8"))


@pytest.mark.parametrize(("column", "value", "code", "named"), [
    ("public_key", "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAtest", "form_encrypted", "public_key"),
    ("public key", "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAtest", "form_encrypted", "public_key"),
    ("submission_url", "https://example.org/submission", "form_submission_url", "submission_url"),
], ids=["public_key", "public key (pyxform's alias)", "submission_url"])
def test_a_form_whose_submissions_this_server_cannot_use_is_refused_naming_the_setting(db_session, column,
                                                                                        value, code, named):
    with pytest.raises(Problem) as caught:
        publish_form(db_session, with_setting(column, value), "small.md", validate=False)
    assert caught.value.code == code
    message = caught.value.render()
    assert message.startswith("XLSForm“small.md”的 settings 表设置了 " + named) and "请删除" in message
    if code == "form_submission_url":
        assert "“https://example.org/submission”" in message
    assert get_form(db_session, "fx_small") is None and version_count(db_session) == 0


def test_a_blank_public_key_column_is_no_reason_to_refuse(db_session):
    assert publish_form(db_session, with_setting("public_key", ""), "small.md", validate=False).status == PUBLISHED


def test_build_errors_reach_the_caller_with_pyxforms_message(db_session):
    with pytest.raises(Problem) as caught:
        publish_form(db_session, (FIXTURES / "broken.md").read_bytes(), "broken.md", validate=False)
    assert caught.value.code == "form_invalid" and "no_such_list" in caught.value.render()
    assert get_form(db_session, "fx_broken") is None


def test_form_states_follow_central(db_session):
    publish_form(db_session, small(), "small.md", validate=False)
    assert set_form_state(db_session, "fx_small", FormState.CLOSING).state == FormState.CLOSING
    assert list_current_versions(db_session, states=(FormState.OPEN,)) == []
    assert [v.form.form_id for v in list_current_versions(db_session)] == ["fx_small"]
    with pytest.raises(Problem, match="form_state_unknown"):
        set_form_state(db_session, "fx_small", "archived")
    with pytest.raises(Problem, match="form_not_found"):
        set_form_state(db_session, "fx_nothing", FormState.CLOSED)


def test_unchanged_publish_does_not_reopen_a_closed_form(db_session):
    publish_form(db_session, small(), "small.md", validate=False)
    set_form_state(db_session, "fx_small", FormState.CLOSED)
    assert publish_form(db_session, small(), "small.md", validate=False).status == UNCHANGED
    assert get_form(db_session, "fx_small").state == FormState.CLOSED


# ---- the command line -------------------------------------------------------------------------

def test_cli_publishes_every_workbook_by_default_then_reports_unchanged(app, db_session):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["forms", "publish"])
    assert first.exit_code == 0, first.output
    assert first.output.count("published") == 10
    second = runner.invoke(args=["forms", "publish"])
    assert second.output.count("unchanged") == 10
    listing = runner.invoke(args=["forms", "list"])
    assert listing.exit_code == 0 and "fp_income" in listing.output and "收支信息" in listing.output


def test_cli_reports_refusals_and_exits_non_zero(app, db_session, tmp_path):
    runner = app.test_cli_runner()
    path = tmp_path / "small.md"
    path.write_bytes(small())
    assert "published" in runner.invoke(args=["forms", "publish", "--no-validate", str(path)]).output
    path.write_bytes(small(title="改过的标题"))
    refused = runner.invoke(args=["forms", "publish", "--no-validate", str(path)])
    assert refused.exit_code == 1
    assert "refused" in refused.output and "不高于当前版本" in refused.output


def test_cli_set_state(app, db_session):
    publish_form(db_session, small(), "small.md", validate=False)
    db_session.commit()
    result = app.test_cli_runner().invoke(args=["forms", "set-state", "fx_small", "closed"])
    assert result.exit_code == 0 and "closed" in result.output


@pytest.mark.parametrize("command", [["forms", "--help"], ["forms", "publish", "--help"],
                                     ["forms", "list", "--help"], ["forms", "set-state", "--help"]])
def test_cli_help(app, command):
    result = app.test_cli_runner().invoke(args=command)
    assert result.exit_code == 0 and "Usage" in result.output
