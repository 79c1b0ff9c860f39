"""Import user accounts, one row per login, matched by username.

A new user needs a password (hashed with Argon2 here; the file should then be destroyed). An existing
user's role, region, name and cadre link are brought in line with the file; their password is never
changed by an import, so re-importing the same file changes nothing. A cadre login names its cadre
by the cadre's phone number, as the pairings import identifies cadres.
"""

from __future__ import annotations

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from fieldcollect.cadres.models import Cadre
from fieldcollect.imports.columns import Column, ParsedRow, parse_sheet
from fieldcollect.imports.reader import Sheet
from fieldcollect.imports.report import ImportReport, RowError
from fieldcollect.problems import Problem
from fieldcollect.regions.codes import level_of
from fieldcollect.regions.models import Region
from fieldcollect.users.models import User
from fieldcollect.users.passwords import MINIMUM_LENGTH, digest_ha1, hash_password
from fieldcollect.users.roles import HOME_LEVEL, Role

COLUMNS = (
    Column("username", "用户名", ("账号", "登录名"), required=True),
    Column("display_name", "姓名", ("显示名称", "name")),
    Column("role", "角色", (), required=True),
    Column("region_code", "区划代码", ("所属区划代码", "region"), required=True),
    Column("password", "初始密码", ("密码",)),
    Column("cadre_phone", "帮扶干部联系电话", ("帮扶干部电话", "cadre")),
)
ROLE_NAMES = {"结对帮扶干部": Role.CADRE, "帮扶干部": Role.CADRE, "帮扶责任人": Role.CADRE,
              "驻村工作队": Role.VILLAGE_TEAM, "苏木乡镇督导": Role.TOWNSHIP_SUPERVISOR,
              "乡镇督导": Role.TOWNSHIP_SUPERVISOR, "旗区督导": Role.BANNER_SUPERVISOR,
              "旗县督导": Role.BANNER_SUPERVISOR, "市级督导": Role.CITY_SUPERVISOR,
              "系统管理员": Role.ADMIN, "管理员": Role.ADMIN}
COMPARED = ("display_name", "role", "region_code", "cadre_id")


def import_users(session: Session, sheet: Sheet, dry_run: bool) -> ImportReport:
    """Check every user row and, when all pass and not dry_run, create or update the accounts."""
    report = ImportReport("users", dry_run, rows=len(sheet.rows))
    rows, errors, headers = parse_sheet(sheet, COLUMNS)
    report.errors += errors
    if any(error.row == 1 for error in errors):
        return report
    stored = {u.username: u for u in session.scalars(select(User).where(
        User.username.in_([r.values["username"] for r in rows if r.values.get("username")])))}
    cadres = dict(session.execute(select(Cadre.phone, Cadre.id)).all())
    regions = set(session.scalars(select(Region.code)))
    accounts = [_account(row, stored, cadres, regions, headers, report) for row in rows]
    _check_repeated(rows, headers, report)
    report.errors.sort(key=lambda error: error.row)
    if report.errors:
        return report
    new, updates = _changes([a for a in accounts if a], stored, report)
    if not dry_run:
        _write(session, new, updates)
    return report


def _account(row: ParsedRow, stored: dict, cadres: dict, regions: set, headers: dict,
             report: ImportReport) -> dict | None:
    values, before = row.values, len(report.errors)

    def fail(key: str, problem: Problem) -> None:
        report.errors.append(RowError(row.number, headers[key], problem))

    role = _role(values.get("role"))
    if values.get("role") and role is None:
        fail("role", Problem("unknown_role", role=values["role"], choices="、".join(ROLE_NAMES)))
    region = values.get("region_code")
    if region and region not in regions:
        fail("region_code", Problem("unknown_region", code=region))
    elif region and role and HOME_LEVEL[role] and level_of(region) != HOME_LEVEL[role]:
        fail("region_code", Problem("role_region_mismatch", role=role, level=HOME_LEVEL[role], code=region,
                                    actual=level_of(region)))
    if values.get("username") not in stored and len(values.get("password") or "") < MINIMUM_LENGTH:
        fail("password", Problem("weak_password", minimum=MINIMUM_LENGTH))
    cadre_id = cadres.get(values.get("cadre_phone"))
    if role == Role.CADRE and cadre_id is None:
        problem = Problem("unknown_cadre_phone", phone=values["cadre_phone"]) if values.get("cadre_phone") \
            else Problem("cadre_login_needs_cadre")
        fail("cadre_phone", problem)
    if len(report.errors) > before:
        return None
    return {"username": values["username"], "display_name": values.get("display_name") or values["username"],
            "role": role, "region_code": region, "cadre_id": cadre_id if role == Role.CADRE else None,
            "password": values.get("password")}


def _role(text: str | None) -> Role | None:
    if not text:
        return None
    if text in {r.value for r in Role}:
        return Role(text)
    return ROLE_NAMES.get(text)


def _check_repeated(rows: list[ParsedRow], headers: dict, report: ImportReport) -> None:
    first: dict[str, int] = {}
    for row in rows:
        name = row.values.get("username")
        if name in first:
            report.errors.append(RowError(row.number, headers["username"],
                                          Problem("username_taken", username=name)))
        elif name:
            first[name] = row.number


def _changes(accounts: list[dict], stored: dict, report: ImportReport) -> tuple[list[dict], list[dict]]:
    new, updates = [], []
    for account in accounts:
        user = stored.get(account["username"])
        if user is None:
            new.append(account)
            report.created += 1
            continue
        diff = {k: account[k] for k in COMPARED if getattr(user, k) != account[k]}
        if diff:
            updates.append({"id": user.id, **diff})
            report.updated += 1
        else:
            report.unchanged += 1
    return new, updates


def _write(session: Session, new: list[dict], updates: list[dict]) -> None:
    rows = [{**{k: v for k, v in a.items() if k != "password"}, "password_hash": hash_password(a["password"]),
             "digest_ha1": digest_ha1(a["username"], a["password"]), "active": True} for a in new]
    if rows:
        session.execute(insert(User.__table__), rows)
    if updates:
        session.execute(update(User), updates)
    session.flush()
