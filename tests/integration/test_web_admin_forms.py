"""The administrator's form pages: list, versions, open and close, and uploading an XLSForm to publish."""

import io
import re

from openpyxl import Workbook
from sqlalchemy import func, select

from fieldcollect.forms.models import Form, FormState, FormVersion
from fieldcollect.forms.service import publish_form
from tests.integration.test_web_auth import csrf_token


def xlsform(version: str = "2018010101", label: str = "工资性收入", choice_list: str = "yes_no") -> bytes:
    """A small XLSForm workbook (form fx_web, category income) with the asked changes."""
    workbook = Workbook()
    survey = workbook.active
    survey.title = "survey"
    for row in (("type", "name", "label"), ("text", "period", "报告期"), ("decimal", "wage", label),
                (f"select_one {choice_list}", "has_photo", "有照片")):
        survey.append(row)
    choices = workbook.create_sheet("choices")
    for row in (("list_name", "name", "label"), ("yes_no", "1", "是"), ("yes_no", "0", "否")):
        choices.append(row)
    settings = workbook.create_sheet("settings")
    settings.append(("form_id", "version", "form_title", "category"))
    settings.append(("fx_web", version, "网页上传的表单", "income"))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(client, data: bytes, filename: str = "fx_web.xlsx"):
    fields = {"csrf_token": csrf_token(client, "/admin/forms/upload"), "file": (io.BytesIO(data), filename)}
    return client.post("/admin/forms/upload", data=fields, content_type="multipart/form-data")


def version_count(session) -> int:
    return session.scalar(select(func.count()).select_from(FormVersion))


def refusal(page: str) -> tuple[str, list[str]]:
    summary = re.search(r'<p class="refusal-summary">([^<]+)</p>', page).group(1)
    return summary, re.findall(r"<li><code>([^<]+)</code></li>", page)


def test_valid_workbook_is_validated_published_and_shows_its_version(client, login_as, db_session):
    login_as("admin")
    response = upload(client, xlsform())
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "已发布版本 2018010101。" in page
    assert "<dt>类别</dt><dd>收支信息</dd>" in page and "<dt>字段</dt><dd>3</dd>" in page
    form = db_session.scalar(select(Form).where(Form.form_id == "fx_web"))
    assert (form.title, form.state, version_count(db_session)) == ("网页上传的表单", FormState.OPEN, 1)


def test_pyxform_error_is_shown_in_place_and_nothing_is_published(client, login_as, db_session):
    login_as("admin")
    response = upload(client, xlsform(choice_list="no_such_list"))
    assert response.status_code == 400
    summary, lines = refusal(response.get_data(as_text=True))
    assert summary == "未发布。XLSForm“fx_web.xlsx”有误："
    assert lines == ["[row : 4] List name not in choices sheet: no_such_list"]
    assert version_count(db_session) == 0


def test_odk_validate_error_is_shown_without_java_noise(client, login_as):
    login_as("admin")
    markdown = """| survey |
| | type | name | label | calculation |
| | calculate | head | | instance('nowhere')/root/item[1]/head_name |
| | note | show | 户主 ${head} | |

| settings |
| | form_id | version | category |
| | fx_web_invalid | 1 | income |
"""
    response = upload(client, markdown.encode("utf-8"), "invalid.md")
    summary, lines = refusal(response.get_data(as_text=True))
    assert summary == "未发布。XLSForm“invalid.md”未通过 ODK Validate 校验："
    assert any("instance(nowhere)/root/item/head_name does not exist" in line for line in lines)
    assert not any(line.startswith(("Caused by", "...", "ODK Validate Errors")) for line in lines)


def test_an_encrypted_form_is_refused_in_place_naming_the_setting(client, login_as, db_session):
    login_as("admin")
    markdown = """| survey |
| | type | name | label |
| | text | period | 报告期 |

| settings |
| | form_id | version | category | public_key |
| | fx_web_encrypted | 1 | income | MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAtest |
"""
    response = upload(client, markdown.encode("utf-8"), "encrypted.md")
    assert response.status_code == 400
    summary, lines = refusal(response.get_data(as_text=True))
    assert summary.startswith("未发布。XLSForm“encrypted.md”的 settings 表设置了 public_key（加密提交）")
    assert "请删除 public_key 列后重新上传" in summary and lines == []
    assert version_count(db_session) == 0


def test_changed_form_without_a_higher_version_is_refused_and_a_higher_one_published(client, login_as,
                                                                                   db_session):
    login_as("admin")
    upload(client, xlsform())
    refused = upload(client, xlsform(label="工资收入"))
    assert refused.status_code == 409
    summary, _lines = refusal(refused.get_data(as_text=True))
    assert "版本号“2018010101”不高于当前版本“2018010101”" in summary and "提高 version" in summary
    assert version_count(db_session) == 1
    page = upload(client, xlsform("2018010102", label="工资收入")).get_data(as_text=True)
    assert "已发布新版本 2018010102（原版本 2018010101，旧版本仍保留）。" in page
    assert version_count(db_session) == 2


def test_uploading_the_same_workbook_again_publishes_nothing(client, login_as, db_session):
    login_as("admin")
    upload(client, xlsform())
    page = upload(client, xlsform()).get_data(as_text=True)
    assert "与当前版本 2018010101 完全相同，没有重复发布。" in page
    assert version_count(db_session) == 1


def test_a_file_pyxform_cannot_read_is_refused_with_the_accepted_types(client, login_as):
    login_as("admin")
    summary, _lines = refusal(upload(client, b"hello", "form.txt").get_data(as_text=True))
    assert summary.startswith("未发布。不支持的文件“form.txt”") and ".xlsx" in summary


def test_form_list_shows_category_version_count_and_state(client, login_as, db_session):
    login_as("admin")
    publish_form(db_session, xlsform(), "fx_web.xlsx", validate=False)
    publish_form(db_session, xlsform("2018010102", label="工资收入"), "fx_web.xlsx", validate=False)
    db_session.commit()
    page = client.get("/admin/forms").get_data(as_text=True)
    assert "网页上传的表单" in page and "<code>fx_web</code>" in page
    assert "收支信息 · 版本 2018010102" in page and "共 2 个版本" in page
    assert re.search(r"发布于 \d{4}-\d\d-\d\d \d\d:\d\d", page)
    assert '<span class="state state-open">开放</span>' in page
    detail = client.get("/admin/forms/fx_web").get_data(as_text=True)
    assert re.findall(r"版本 (\d+)(?: · 当前)?</span>", detail) == ["2018010102", "2018010101"]
    assert client.get("/admin/forms/fx_nothing").status_code == 404


def change_state(client, form_id: str, state: str, back: str = "list", token: str | None = None):
    data = {"state": state, "back": back}
    if token is not False:
        data["csrf_token"] = token or csrf_token(client, "/admin/forms")
    return client.post(f"/admin/forms/{form_id}/state", data=data)


def test_closing_and_reopening_a_form(client, login_as, db_session):
    login_as("admin")
    publish_form(db_session, xlsform(), "fx_web.xlsx", validate=False)
    db_session.commit()
    response = change_state(client, "fx_web", FormState.CLOSING, back="detail")
    assert response.headers["Location"] == "/admin/forms/fx_web"
    page = client.get("/admin/forms/fx_web").get_data(as_text=True)
    assert "表单“网页上传的表单”现为：停止下发" in page
    assert '<span class="state state-closing">停止下发</span>' in page
    assert db_session.scalar(select(Form.state).where(Form.form_id == "fx_web")) == FormState.CLOSING
    assert change_state(client, "fx_web", FormState.OPEN).headers["Location"] == "/admin/forms"
    assert db_session.scalar(select(Form.state).where(Form.form_id == "fx_web")) == FormState.OPEN


def test_unknown_state_or_form_is_refused(client, login_as, db_session):
    login_as("admin")
    publish_form(db_session, xlsform(), "fx_web.xlsx", validate=False)
    db_session.commit()
    assert change_state(client, "fx_web", "deleted").status_code == 400
    assert change_state(client, "fx_nothing", FormState.CLOSED).status_code == 404
    assert db_session.scalar(select(Form.state).where(Form.form_id == "fx_web")) == FormState.OPEN


def test_state_change_without_csrf_token_is_refused(client, login_as, db_session):
    login_as("admin")
    publish_form(db_session, xlsform(), "fx_web.xlsx", validate=False)
    db_session.commit()
    assert change_state(client, "fx_web", FormState.CLOSED, token=False).status_code == 400
    response = client.post("/admin/forms/upload", data={"file": (io.BytesIO(xlsform("2")), "fx_web.xlsx")},
                           content_type="multipart/form-data")
    assert response.status_code == 400
    assert db_session.scalar(select(Form.state).where(Form.form_id == "fx_web")) == FormState.OPEN
    assert version_count(db_session) == 1


def test_form_pages_are_for_administrators_only(client, login_as, db_session):
    publish_form(db_session, xlsform(), "fx_web.xlsx", validate=False)
    db_session.commit()
    login_as("banner_supervisor")
    for path in ("/admin/forms", "/admin/forms/fx_web", "/admin/forms/upload"):
        assert client.get(path).status_code == 403
    assert change_state(client, "fx_web", FormState.CLOSED).status_code == 403
    assert upload(client, xlsform("2")).status_code == 403
    assert db_session.scalar(select(Form.state).where(Form.form_id == "fx_web")) == FormState.OPEN
