"""The rounds views as downloads: XLSX with one sheet per level and Chinese headers, CSV with a UTF-8 BOM."""

import csv
import io
from urllib.parse import unquote

import pytest
from flask import g
from openpyxl import load_workbook

from tests.integration.rounds_support import EXPECTED, build_rounds_world


@pytest.fixture
def world(db_session):
    return build_rounds_world()


@pytest.fixture
def city_client(world, client):
    with client.session_transaction() as session:
        session["_user_id"] = str(world.users["city"].id)
        session["_fresh"] = True
    g.pop("_login_user", None)
    return client


def workbook_at(client, path):
    return load_workbook(io.BytesIO(client.get(path).data), read_only=True)


def rows_by_code(sheet):
    rows = list(sheet.iter_rows(values_only=True))
    return rows[0], {row[1]: row for row in rows[1:]}


def test_progress_workbook_has_a_sheet_per_level_with_the_api_figures(city_client):
    response = city_client.get("/api/v1/rounds/2018Q1/progress.xlsx")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "filename*=UTF-8''" in response.headers["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.data), read_only=True)
    assert workbook.sheetnames == ["市", "旗区", "苏木乡镇", "嘎查村", "户"]
    headers, banners = rows_by_code(workbook["旗区"])
    assert headers[:11] == ("层级", "区划代码", "区划名称", "应采集户数", "已完成", "按时完成", "逾期完成",
                            "未完成", "有冲突", "完成率(%)", "按时完成率(%)")
    assert "基本信息应采集" in headers and "培训就业信息已采集" in headers
    assert len(banners) == 9
    found = {}
    for sheet in ("市", "旗区", "苏木乡镇", "嘎查村"):
        _, rows = rows_by_code(workbook[sheet])
        found.update({code: row[3:9] for code, row in rows.items() if code in EXPECTED})
    assert found == EXPECTED
    _, city = rows_by_code(workbook["市"])
    assert city["150600000000"][9] == round(6 / 11 * 100, 2)


def test_household_sheet_lists_each_expected_household_with_what_it_lacks(city_client):
    workbook = workbook_at(city_client, "/api/v1/rounds/2018Q1/progress.xlsx")
    rows = list(workbook["户"].iter_rows(values_only=True))
    assert rows[0][:4] == ("户编号", "户主姓名", "嘎查村代码", "帮扶干部")
    by_code = {row[0]: row for row in rows[1:]}
    assert len(by_code) == 11
    assert by_code["H-a3"][10] == "产业发展信息、就医信息、住房安全信息、培训就业信息"
    assert by_code["H-a2"][4:6] == ("是", "否")  # complete, not on time
    assert by_code["H-c_1"][7] == 1  # one submission held after the lock
    assert by_code["H-d2"][3] == "（无结对干部）"


def test_progress_csv_starts_with_a_bom_and_holds_every_level(city_client):
    response = city_client.get("/api/v1/rounds/2018Q1/progress.csv?region=150626000000")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["层级", "区划代码", "区划名称"]
    by_code = {row[1]: row for row in rows[1:]}
    assert [int(v) for v in by_code["150626101201"][3:9]] == list(EXPECTED["150626101201"])
    assert {row[0] for row in rows[1:]} == {"旗区", "苏木乡镇", "嘎查村"}
    name = unquote(response.headers["Content-Disposition"].split("UTF-8''")[1])
    assert name == "2018Q1-完成情况-乌审旗.csv"


def test_household_csv_on_request(city_client):
    response = city_client.get("/api/v1/rounds/2018Q1/progress.csv?region=150626101201&level=household")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][0] == "户编号" and sorted(row[0] for row in rows[1:]) == ["H-a1", "H-a2", "H-a3", "H-a4"]


def test_cadre_and_assessment_workbooks(city_client):
    cadres = workbook_at(city_client, "/api/v1/rounds/2018Q1/cadres.xlsx")
    assert cadres.sheetnames == ["帮扶干部", "未完成户"]
    missing = list(cadres["未完成户"].iter_rows(values_only=True))
    assert missing[0] == ("帮扶干部", "户编号", "户主姓名", "嘎查村代码", "缺少类别")
    assert sorted(row[1] for row in missing[1:]) == ["H-a3", "H-b2", "H-b3", "H-c_1", "H-d2"]
    assessment = load_workbook(io.BytesIO(city_client.get("/api/v1/rounds/2018Q1/assessment.xlsx").data),
                               read_only=True)
    assert assessment.sheetnames == ["干部考核", "单位考核"]
    ranked = list(assessment["干部考核"].iter_rows(values_only=True))
    assert [(row[0], row[1], row[-1]) for row in ranked[1:]] == [(1, "干部丙", 100), (2, "干部乙", 50),
                                                                 (3, "干部甲", 42.5)]
    units = city_client.get("/api/v1/rounds/2018Q1/assessment.csv?by=unit").data.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(units)))[1][:2] == ["1", "东胜区教育局"]


def test_unknown_formats_are_404(city_client):
    assert city_client.get("/api/v1/rounds/2018Q1/progress.pdf").status_code == 404
