"""Bulk imports on small files: parsing, every row checked first, nothing written on error, idempotent."""

import csv
import io
from datetime import date

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from fieldcollect.cadres.models import Cadre, Pairing
from fieldcollect.households.id_numbers import make_id_number
from fieldcollect.households.models import Household, Member, StatusChange
from fieldcollect.imports.columns import Column, normalise_header, parse_cell
from fieldcollect.imports.service import run_import
from fieldcollect.problems import Problem
from fieldcollect.regions.models import Region
from fieldcollect.users.models import User
from fieldcollect.users.service import authenticate
from tests.factories import CadreFactory, HouseholdFactory, ensure_official_regions

HEADER = ["户编号", "嘎查村代码", "嘎查村", "户主姓名", "贫困户属性", "主要致贫原因", "其他致贫原因",
          "识别标准", "脱贫状态", "识别年度", "脱贫年度", "姓名", "证件号码", "性别", "出生日期",
          "与户主关系", "民族", "健康状况", "在校生状况", "文化程度", "劳动技能"]
WANG = make_id_number("150621", date(1958, 4, 2), 1, "1")
LI = make_id_number("150621", date(1960, 9, 9), 2, "2")
SON = make_id_number("150621", date(2004, 1, 5), 3, "1")
BATU = make_id_number("150626", date(1949, 12, 1), 4, "1")


def member_row(code="15062100000001", head="王富贵", name="王富贵", id_number=WANG, relation="户主", **extra):
    values = {"户编号": code, "嘎查村代码": "150621200201", "嘎查村": "新民村", "户主姓名": head,
              "贫困户属性": "一般贫困户", "主要致贫原因": "因病", "其他致贫原因": "缺资金、因学",
              "识别标准": "市定标准",
              "脱贫状态": "未脱贫", "识别年度": "2014", "脱贫年度": "", "姓名": name, "证件号码": id_number,
              "性别": "", "出生日期": "", "与户主关系": relation, "民族": "汉族", "健康状况": "健康",
              "在校生状况": "", "文化程度": "小学", "劳动技能": "普通劳动力", **extra}
    return [values[h] for h in HEADER]


def good_rows():
    return [member_row(),
            member_row(name="李秀英", id_number=LI, relation="配偶", **{"健康状况": "长期慢性病"}),
            member_row(name="王小军", id_number=SON, relation="之子",
                       **{"在校生状况": "高中一年级", "文化程度": ""}),
            member_row(code="15062600000009", head="巴图", name="巴图", id_number=BATU,
                       **{"嘎查村代码": "150626200201", "嘎查村": "巴音淖尔嘎查", "民族": "蒙古族",
                          "主要致贫原因": "缺劳力", "其他致贫原因": "", "脱贫状态": "已脱贫（享受政策）",
                          "脱贫年度": "2017", "劳动技能": "无劳动力"})]


def csv_bytes(header, rows) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    return out.getvalue().encode("utf-8-sig")


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def regions(db_session):
    ensure_official_regions()
    db_session.commit()


def test_headers_match_without_spaces_brackets_or_case():
    assert normalise_header(" 务工时间（月） ") == normalise_header("务工时间(月)")
    assert normalise_header("Household_Code") == "household_code"


@pytest.mark.parametrize("column, text, value", [
    (Column("d", "d", kind="date"), "2018/3/5", date(2018, 3, 5)),
    (Column("d", "d", kind="date"), "2018年3月5日", date(2018, 3, 5)),
    (Column("d", "d", kind="date"), "20180305", date(2018, 3, 5)),
    (Column("b", "b", kind="yes_no"), "是", True),
    (Column("b", "b", kind="yes_no"), "否", False),
    (Column("c", "c", kind="codes", codes="health"), "残疾,长期慢性病", ["4", "2"]),
    (Column("c", "c", kind="code", codes="relation"), "3", "03"),
])
def test_cells_parse_into_stored_values(column, text, value):
    assert parse_cell(column, text) == value


@pytest.mark.parametrize("column, text, code", [
    (Column("d", "d", kind="date"), "2018-02-30", "invalid_date"),
    (Column("n", "n", kind="integer", low=0, high=12), "13", "value_out_of_range"),
    (Column("n", "n", kind="integer"), "三", "invalid_number"),
    (Column("b", "b", kind="yes_no"), "也许", "invalid_yes_no"),
    (Column("c", "c", kind="codes", codes="cause", high=2), "因病,因残,因学", "too_many_other_causes"),
    (Column("r", "r", required=True), "", "value_required"),
])
def test_bad_cells_say_why(column, text, code):
    with pytest.raises(Problem) as caught:
        parse_cell(column, text)
    assert caught.value.code == code


def test_a_good_file_creates_villages_households_members_and_status(db_session, regions):
    report = run_import(db_session, "households", "h.csv", csv_bytes(HEADER, good_rows()))
    assert report.errors == []
    assert (report.created, report.details["members_created"]) == (2, 4)
    wang = db_session.scalar(select(Household).where(Household.household_code == "15062100000001"))
    assert (wang.main_cause, wang.other_causes, wang.identification_standard) == ("01", ["09", "03"], "03")
    assert [(m.name, m.relation, m.sex, m.birth_date) for m in wang.members][0] == (
        "王富贵", "01", "1", date(1958, 4, 2))
    assert db_session.get(Region, "150626200201").name == "巴音淖尔嘎查"
    batu = db_session.scalar(select(Household).where(Household.household_code == "15062600000009"))
    assert (batu.status, batu.exit_year, batu.members[0].ethnicity) == ("1", 2017, "02")
    assert count(db_session, StatusChange) == 2


def test_the_same_file_again_changes_nothing(db_session, regions):
    data = csv_bytes(HEADER, good_rows())
    run_import(db_session, "households", "h.csv", data)
    db_session.commit()
    again = run_import(db_session, "households", "h.csv", data)
    assert (again.created, again.updated, again.unchanged, again.written) == (0, 0, 2, False)
    counts = (count(db_session, Household), count(db_session, Member), count(db_session, StatusChange))
    assert counts == (2, 4, 2)


def test_a_changed_file_updates_by_household_code_and_id_number(db_session, regions):
    run_import(db_session, "households", "h.csv", csv_bytes(HEADER, good_rows()))
    db_session.commit()
    rows = good_rows()
    rows[1] = member_row(name="李秀英", id_number=LI, relation="配偶", **{"健康状况": "患有大病"})
    rows.append(member_row(name="王小花", id_number="", relation="之女", **{
        "性别": "女", "出生日期": "2016-08-01", "文化程度": "学龄前儿童"}))
    report = run_import(db_session, "households", "h.csv", csv_bytes(HEADER, rows))
    assert report.errors == []
    assert (report.updated, report.unchanged) == (1, 1)
    assert report.details == {"members_created": 1, "members_updated": 1}
    db_session.commit()
    assert db_session.scalar(select(Member.health).where(Member.id_number == LI)) == "3"
    assert count(db_session, Member) == 5


def test_a_file_with_mistakes_writes_nothing_and_lists_every_one(db_session, regions):
    rows = good_rows()
    rows[0] = member_row(**{"主要致贫原因": "因懒"})  # unknown cause
    rows[1] = member_row(name="李秀英", id_number=LI[:17] + ("0" if LI[17] != "0" else "1"), relation="配偶")
    rows[2] = member_row(name="王小军", id_number=SON, relation="之女",
                         **{"在校生状况": "高中一年级", "文化程度": ""})
    rows.append(member_row(code="15062600000010", head="乌云", name="乌云", id_number=BATU,
                           **{"嘎查村代码": "150699999201", "脱贫状态": "返贫"}))
    report = run_import(db_session, "households", "h.csv", csv_bytes(HEADER, rows))
    found = {(e.row, e.column, e.problem.code) for e in report.errors}
    assert found >= {(2, "主要致贫原因", "unknown_code"), (3, "证件号码", "id_number_check_digit"),
                     (4, "与户主关系", "relation_sex_mismatch"), (6, "证件号码", "id_number_repeated"),
                     (6, "嘎查村代码", "village_township_unknown")}
    assert all(e.render() for e in report.errors)
    assert not report.written
    assert (count(db_session, Household), count(db_session, Member), count(db_session, Region)) == (0, 0, 61)


def test_household_columns_must_agree_between_member_rows(db_session, regions):
    rows = good_rows()
    rows[1] = member_row(name="李秀英", id_number=LI, relation="配偶", **{"贫困户属性": "低保贫困户",
                                                                        "健康状况": "长期慢性病"})
    report = run_import(db_session, "households", "h.csv", csv_bytes(HEADER, rows))
    assert [(e.row, e.column, e.problem.code, e.problem.params["first_row"]) for e in report.errors] == [
        (3, "贫困户属性", "inconsistent_value", 2)]


def test_missing_required_columns_stop_at_the_header(db_session, regions):
    header = [h for h in HEADER if h != "与户主关系"]
    rows = [[cell for h, cell in zip(HEADER, row, strict=True) if h != "与户主关系"] for row in good_rows()]
    report = run_import(db_session, "households", "h.csv", csv_bytes(header, rows))
    assert [(e.row, e.column, e.problem.code) for e in report.errors] == [(1, "与户主关系", "missing_column")]


def test_an_id_number_registered_in_another_household_is_refused(db_session, regions):
    other = HouseholdFactory(members=1)
    taken = other.members[0].id_number
    db_session.commit()
    rows = [member_row(id_number=taken, name="王富贵", **{"主要致贫原因": "缺资金", "其他致贫原因": ""})]
    report = run_import(db_session, "households", "h.csv", csv_bytes(HEADER, rows))
    assert [(e.column, e.problem.code) for e in report.errors] == [("证件号码", "id_number_taken")]


def test_dry_run_reports_counts_but_writes_nothing(db_session, regions):
    report = run_import(db_session, "households", "h.csv", csv_bytes(HEADER, good_rows()), dry_run=True)
    assert (report.created, report.errors, report.written) == (2, [], False)
    db_session.rollback()
    assert count(db_session, Household) == 0


def test_xlsx_files_read_like_csv_with_english_headers(db_session, regions):
    english = {"户编号": "household_code", "嘎查村代码": "village_code", "姓名": "name",
               "证件号码": "id_number", "与户主关系": "relation"}
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([english.get(h, h) for h in HEADER])
    for row in good_rows():
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = run_import(db_session, "households", "h.xlsx", buffer.getvalue())
    assert (report.errors, report.created) == ([], 2)


def test_unreadable_and_unknown_files_are_problems(db_session, regions):
    with pytest.raises(Problem, match="import_format"):
        run_import(db_session, "households", "h.txt", b"x")
    with pytest.raises(Problem, match="import_unreadable"):
        run_import(db_session, "households", "h.xlsx", b"not a zip")
    with pytest.raises(Problem, match="import_empty"):
        run_import(db_session, "households", "h.csv", csv_bytes(HEADER, []))


PAIRING_HEADER = ["户编号", "帮扶干部姓名", "帮扶干部联系电话", "帮扶单位", "职务", "结对开始日期",
                  "结对结束日期", "是否主要帮扶人"]


def test_pairings_create_cadres_once_and_refuse_two_primaries(db_session, regions):
    first = HouseholdFactory(household_code="A")
    HouseholdFactory(household_code="B")
    db_session.commit()
    rows = [["A", "张伟", "13900000001", "达拉特旗农牧局", "科员", "2016-01-01", "2017-12-31", "是"],
            ["A", "刘芳", "13900000002", "达拉特旗教育局", "教师", "2018-01-01", "", "是"],
            ["B", "张伟", "13900000001", "", "", "2018-01-01", "", "是"],
            ["B", "刘芳", "13900000002", "", "", "2018-01-01", "", "否"]]
    report = run_import(db_session, "pairings", "p.csv", csv_bytes(PAIRING_HEADER, rows))
    assert (report.errors, report.created, report.details["cadres_created"]) == ([], 4, 2)
    db_session.commit()
    assert count(db_session, Cadre) == 2
    cadre = db_session.scalar(select(Cadre).where(Cadre.phone == "13900000001"))
    assert (cadre.work_unit, cadre.region_code) == ("达拉特旗农牧局", first.village_code[:9] + "000")
    again = run_import(db_session, "pairings", "p.csv", csv_bytes(PAIRING_HEADER, rows))
    assert (again.created, again.unchanged, again.written) == (0, 4, False)
    clash = [["A", "王强", "13900000003", "", "", "2018-06-01", "", "是"]]
    refused = run_import(db_session, "pairings", "p.csv", csv_bytes(PAIRING_HEADER, clash))
    assert [(e.row, e.problem.code) for e in refused.errors] == [(2, "primary_pairing_overlap")]
    assert count(db_session, Pairing) == 4


def test_pairings_need_known_households_and_forward_dates(db_session, regions):
    rows = [["NOPE", "张伟", "13900000001", "", "", "2016-01-01", "", ""],
            ["NOPE", "张伟", "13900000001", "", "", "2016-01-01", "2015-01-01", ""]]
    report = run_import(db_session, "pairings", "p.csv", csv_bytes(PAIRING_HEADER, rows))
    assert {e.problem.code for e in report.errors} == {"unknown_household", "pairing_dates"}


USER_HEADER = ["用户名", "姓名", "角色", "区划代码", "初始密码", "帮扶干部联系电话"]


def test_users_import_links_cadres_and_never_resets_passwords(db_session, regions):
    CadreFactory(phone="13900000009")
    db_session.commit()
    rows = [["zhang", "张伟", "结对帮扶干部", "150621000000", "first-password", "13900000009"],
            ["wushen", "乌审旗扶贫办", "旗区督导", "150626000000", "first-password", ""]]
    report = run_import(db_session, "users", "u.csv", csv_bytes(USER_HEADER, rows))
    assert (report.errors, report.created) == ([], 2)
    db_session.commit()
    assert authenticate(db_session, "zhang", "first-password").cadre.phone == "13900000009"
    rows[1][4] = "second-password"
    rows[1][1] = "乌审旗乡村振兴局"
    again = run_import(db_session, "users", "u.csv", csv_bytes(USER_HEADER, rows))
    assert (again.updated, again.unchanged) == (1, 1)
    db_session.commit()
    assert authenticate(db_session, "wushen", "first-password").display_name == "乌审旗乡村振兴局"


def test_users_import_checks_roles_regions_passwords_and_cadre_links(db_session, regions):
    rows = [["a", "", "园长", "150621000000", "long-enough-1", ""],
            ["b", "", "旗区督导", "150621100000", "long-enough-1", ""],
            ["c", "", "admin", "150600000000", "short", ""],
            ["d", "", "cadre", "150621000000", "long-enough-1", "13999999999"],
            ["d", "", "admin", "150600000000", "long-enough-1", ""]]
    report = run_import(db_session, "users", "u.csv", csv_bytes(USER_HEADER, rows))
    assert [(e.row, e.problem.code) for e in report.errors] == [
        (2, "unknown_role"), (3, "role_region_mismatch"), (4, "weak_password"), (5, "unknown_cadre_phone"),
        (6, "username_taken")]
    assert count(db_session, User) == 0
