"""The administrator's import page: upload, check only, row errors in Chinese, nothing written on error."""

import csv
import io
import re

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from fieldcollect.demo.files import registry_files
from fieldcollect.demo.registry import plan_registry
from fieldcollect.demo.service import official_townships
from fieldcollect.households.models import Household, Member
from fieldcollect.users.models import User
from tests.integration.test_web_auth import csrf_token

HOUSEHOLDS = 12
USERS_CSV = ("用户名,姓名,角色,区划代码,初始密码\r\n"
             "dongsheng,王芳,旗区督导,150602000000,long-enough-1\r\n"
             "borjianghaizi,李强,苏木乡镇督导,150602100000,long-enough-2\r\n").encode()


@pytest.fixture(scope="module")
def households_csv() -> bytes:
    """A small national-style households export (members on their own rows)."""
    return registry_files(plan_registry(7, HOUSEHOLDS, official_townships()))[0]


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def upload(client, kind: str, data: bytes, filename: str = "file.csv", check: bool = False):
    button = {"check": "只检查不导入"} if check else {"submit": "导入"}
    fields = {"csrf_token": csrf_token(client, "/admin/imports"), "kind": kind,
              "file": (io.BytesIO(data), filename), **button}
    return client.post("/admin/imports", data=fields, content_type="multipart/form-data")


def facts(page: str) -> dict[str, str]:
    return dict(re.findall(r"<dt>([^<]+)</dt><dd>([^<]+)</dd>", page))


def error_rows(page: str) -> list[tuple[str, str, str]]:
    return re.findall(r"<tr><td>(\d+)</td><td>([^<]*)</td><td>([^<]*)</td></tr>", page)


def with_mistakes(data: bytes) -> bytes:
    """Spoil the check digit of the second row's ID number and the fourth row's main cause."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    header = rows[0]
    id_column, cause_column = header.index("证件号码"), header.index("主要致贫原因")
    number = rows[1][id_column]
    rows[1][id_column] = number[:17] + ("0" if number[17] != "0" else "1")
    rows[3][cause_column] = "因懒"
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


def test_good_households_file_is_imported_and_counted(client, login_as, db_session, households_csv):
    login_as("admin")
    response = upload(client, "households", households_csv)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "导入完成。" in page
    shown = facts(page)
    assert (shown["新增"], shown["变更"], shown["未变"]) == (str(HOUSEHOLDS), "0", "0")
    assert count(db_session, Household) == HOUSEHOLDS
    assert int(shown["新增成员"]) == count(db_session, Member) > HOUSEHOLDS


def test_reimporting_the_same_file_changes_nothing(client, login_as, db_session, households_csv):
    login_as("admin")
    upload(client, "households", households_csv)
    members = count(db_session, Member)
    page = upload(client, "households", households_csv).get_data(as_text=True)
    assert "文件与已有数据一致，没有需要写入的内容。" in page
    shown = facts(page)
    assert (shown["新增"], shown["变更"], shown["未变"]) == ("0", "0", str(HOUSEHOLDS))
    assert (count(db_session, Household), count(db_session, Member)) == (HOUSEHOLDS, members)


def test_file_with_mistakes_lists_row_column_and_reason_and_writes_nothing(client, login_as, db_session,
                                                                          households_csv):
    login_as("admin")
    response = upload(client, "households", with_mistakes(households_csv))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "文件有 2 处错误，未写入任何数据。" in page
    assert error_rows(page) == [("2", "证件号码", "证件号码校验位不正确。"),
                                ("4", "主要致贫原因", "“因懒”不是有效的致贫原因代码或名称。")]
    assert (count(db_session, Household), count(db_session, Member)) == (0, 0)


def test_check_only_reports_what_would_change_and_writes_nothing(client, login_as, db_session,
                                                                 households_csv):
    login_as("admin")
    response = upload(client, "households", households_csv, check=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "检查通过，未写入任何数据。" in page
    assert facts(page)["将新增"] == str(HOUSEHOLDS)
    assert count(db_session, Household) == 0


def test_users_import_reads_an_xlsx_workbook(client, login_as, db_session):
    login_as("admin", username="admin")
    workbook = Workbook()
    for row in csv.reader(io.StringIO(USERS_CSV.decode("utf-8"))):
        workbook.active.append(row)
    data = io.BytesIO()
    workbook.save(data)
    page = upload(client, "users", data.getvalue(), "users.xlsx").get_data(as_text=True)
    assert facts(page)["新增"] == "2"
    names = db_session.scalars(select(User.username).where(User.username != "admin").order_by(User.username))
    assert list(names) == ["borjianghaizi", "dongsheng"]


def test_role_mistake_in_users_file_is_reported_with_chinese_names(client, login_as, db_session):
    login_as("admin", username="admin")
    data = USERS_CSV.replace("苏木乡镇督导,150602100000".encode(), "苏木乡镇督导,150602000000".encode())
    page = upload(client, "users", data).get_data(as_text=True)
    assert error_rows(page) == [
        ("3", "区划代码", "角色“苏木乡镇督导”须对应苏木乡镇级区划，而“150602000000”是旗区级。")]
    assert count(db_session, User) == 1


def test_a_file_that_is_not_a_spreadsheet_is_refused_next_to_the_file_input(client, login_as):
    login_as("admin")
    response = upload(client, "users", b"hello", "notes.txt")
    assert response.status_code == 400
    assert re.search(r'<p class="field-error" id="file-error">只接受 .xlsx 或 .csv 文件。</p>',
                     response.get_data(as_text=True))


def test_upload_without_a_file_asks_for_one(client, login_as):
    login_as("admin")
    response = client.post("/admin/imports", data={"csrf_token": csrf_token(client, "/admin/imports"),
                                                   "kind": "users", "submit": "导入"})
    assert response.status_code == 400 and "请选择文件。" in response.get_data(as_text=True)


def test_blank_file_has_the_chinese_headers_the_import_expects(client, login_as):
    login_as("admin")
    page = client.get("/admin/imports").get_data(as_text=True)
    assert "必填列：用户名、角色、区划代码" in page
    response = client.get("/admin/imports/blank/pairings.csv")
    assert response.mimetype == "text/csv"
    header = response.get_data().decode("utf-8-sig").splitlines()[0]
    assert header.startswith("户编号,帮扶干部姓名,帮扶干部联系电话")
    assert client.get("/admin/imports/blank/nothing.csv").status_code == 404


def test_import_page_is_for_administrators_only(client, login_as, db_session):
    login_as("city_supervisor")
    assert client.get("/admin/imports").status_code == 403
    assert client.get("/admin/imports/blank/users.csv").status_code == 403
    response = upload(client, "users", USERS_CSV)  # with a valid token, from the sign-out button
    assert response.status_code == 403
    assert count(db_session, User) == 1


def test_upload_without_csrf_token_is_refused_and_writes_nothing(client, login_as, db_session):
    login_as("admin")
    response = client.post("/admin/imports", data={"kind": "users", "submit": "导入",
                                                   "file": (io.BytesIO(USERS_CSV), "users.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 400 and "页面已过期" in response.get_data(as_text=True)
    assert count(db_session, User) == 1
