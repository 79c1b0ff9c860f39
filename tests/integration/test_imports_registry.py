"""Bulk imports through the CLI and the admin upload endpoint, with a realistic 10,000-household file."""

import base64
import csv
import io

import pytest
from flask import g
from sqlalchemy import func, select

from fieldcollect.cadres.models import Pairing
from fieldcollect.demo.files import registry_files
from fieldcollect.demo.registry import plan_registry
from fieldcollect.demo.service import official_townships
from fieldcollect.extensions import db
from fieldcollect.households.models import Household, Member
from fieldcollect.regions.service import load_official_regions
from tests.factories import FACTORY_PASSWORD, UserFactory

HOUSEHOLDS = 10_000


@pytest.fixture(scope="module")
def registry_file():
    """A 10,000-household national-style export and its pairings file (generated, not stored)."""
    return registry_files(plan_registry(31, HOUSEHOLDS, official_townships()))


@pytest.fixture
def regions(db_session):
    load_official_regions(db_session)
    db_session.commit()


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def with_mistakes(data: bytes) -> tuple[bytes, dict[int, str]]:
    """Return the file with five kinds of mistake planted, and the (spreadsheet) rows they are on."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    header = rows[0]
    column = {name: header.index(name) for name in ("证件号码", "主要致贫原因", "出生日期", "识别年度")}
    planted = {}
    at = [max(2, int(len(rows) * share)) for share in (0.01, 0.2, 0.5, 0.7, 0.9)]
    number = rows[at[0]][column["证件号码"]]
    rows[at[0]][column["证件号码"]] = number[:17] + ("0" if number[17] != "0" else "1")
    planted[at[0] + 1] = "id_number_check_digit"
    rows[at[1]][column["主要致贫原因"]] = "因懒"
    planted[at[1] + 1] = "unknown_code"
    rows[at[2]][column["出生日期"]] = "1900-01-01"
    planted[at[2] + 1] = "id_number_birth_mismatch"
    rows[at[3]][column["识别年度"]] = "两千"
    planted[at[3] + 1] = "invalid_number"
    rows.append(list(rows[at[4]]))
    planted[len(rows)] = "id_number_repeated"
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8"), planted


def run_cli(app, tmp_path, kind, data, *flags):
    path = tmp_path / f"{kind}.csv"
    path.write_bytes(data)
    return app.test_cli_runner().invoke(args=["import", kind, str(path), *flags])


def test_ten_thousand_households_import_then_reimport_changes_nothing(app, tmp_path, regions, registry_file):
    households, pairings = registry_file
    first = run_cli(app, tmp_path, "households", households)
    assert first.exit_code == 0, first.output
    assert f"{HOUSEHOLDS} created" in first.output
    members = count(Member)
    assert count(Household) == HOUSEHOLDS and members > 2 * HOUSEHOLDS
    linked = run_cli(app, tmp_path, "pairings", pairings)
    assert linked.exit_code == 0, linked.output
    pairing_count = count(Pairing)
    again = run_cli(app, tmp_path, "households", households)
    assert f"0 created, 0 updated, {HOUSEHOLDS} unchanged" in again.output
    assert run_cli(app, tmp_path, "pairings", pairings).exit_code == 0
    assert (count(Household), count(Member), count(Pairing)) == (HOUSEHOLDS, members, pairing_count)


def test_a_ten_thousand_household_file_with_mistakes_writes_nothing(app, tmp_path, regions, registry_file):
    data, planted = with_mistakes(registry_file[0])
    result = run_cli(app, tmp_path, "households", data)
    assert result.exit_code == 1
    for row in planted:
        assert f"第 {row} 行" in result.output
    assert "证件号码校验位不正确" in result.output and "不是有效的致贫原因代码或名称" in result.output
    assert (count(Household), count(Member)) == (0, 0)


def test_dry_run_from_the_cli_writes_nothing(app, tmp_path, regions, registry_file):
    result = run_cli(app, tmp_path, "households", registry_file[0], "--dry-run")
    assert result.exit_code == 0 and "dry run: households" in result.output
    assert count(Household) == 0


def upload(client, kind, data, user, dry_run=False, filename="file.csv"):
    token = base64.b64encode(f"{user.username}:{FACTORY_PASSWORD}".encode()).decode()
    query = "?dry_run=1" if dry_run else ""
    return client.post(f"/api/v1/imports/{kind}{query}", headers={"Authorization": f"Basic {token}"},
                       data={"file": (io.BytesIO(data), filename)}, content_type="multipart/form-data")


def small_file(registry_file, households=50) -> bytes:
    rows = list(csv.reader(io.StringIO(registry_file[0].decode("utf-8"))))
    codes = []
    kept = [rows[0]]
    for row in rows[1:]:
        if row[0] not in codes:
            codes.append(row[0])
        if len(codes) > households:
            break
        kept.append(row)
    out = io.StringIO()
    csv.writer(out).writerows(kept)
    return out.getvalue().encode("utf-8")


def test_admin_upload_imports_and_reports(client, regions, registry_file):
    admin = UserFactory(role="admin")
    db.session.commit()
    data = small_file(registry_file)
    dry = upload(client, "households", data, admin, dry_run=True)
    assert dry.status_code == 200 and dry.get_json()["created"] == 50 and dry.get_json()["written"] is False
    assert count(Household) == 0
    done = upload(client, "households", data, admin)
    assert done.status_code == 200 and done.get_json()["written"] is True
    db.session.expire_all()
    assert count(Household) == 50


def test_admin_upload_with_mistakes_answers_422_with_every_row(client, regions, registry_file):
    admin = UserFactory(role="admin")
    db.session.commit()
    # Kept under 500 kB: larger test uploads are spooled to a file the test client never closes.
    data, planted = with_mistakes(small_file(registry_file, households=150))
    response = upload(client, "households", data, admin)
    body = response.get_json()
    assert response.status_code == 422 and body["error"]["code"] == "import_rejected"
    assert {row["row"] for row in body["error"]["rows"]} >= set(planted)
    assert all(row["reason"] and row["column"] for row in body["error"]["rows"])
    assert count(Household) == 0


def test_upload_is_for_administrators_and_checks_its_input(client, regions):
    supervisor = UserFactory(role="city_supervisor")
    admin = UserFactory(role="admin")
    db.session.commit()
    assert upload(client, "households", b"x", supervisor).status_code == 403
    assert upload(client, "nonsense", b"x", admin).status_code == 404
    wrong_type = upload(client, "households", b"x", admin, filename="f.txt")
    assert wrong_type.get_json()["error"]["code"] == "import_format"


def test_session_upload_needs_the_csrf_token(client, regions):
    admin = UserFactory(role="admin")
    db.session.commit()
    with client.session_transaction() as session:
        session["_user_id"] = str(admin.id)
        session["_fresh"] = True
    g.pop("_login_user", None)
    response = client.post("/api/v1/imports/households", data={"file": (io.BytesIO(b"x"), "f.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "invalid_input"
