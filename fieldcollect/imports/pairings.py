"""Import cadres and their pairings with households (帮扶责任人结对信息), one row per pairing.

A cadre is identified by their phone number (the national 帮扶责任人 record has no ID number); a
pairing by (cadre, household, start date). The at-most-one-primary-cadre rule is checked across the
file and the database together, so an import can never leave a household with two primaries.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from fieldcollect.cadres.models import Cadre, Pairing
from fieldcollect.cadres.service import periods_overlap
from fieldcollect.households.models import Household
from fieldcollect.imports.columns import Column, ParsedRow, parse_sheet
from fieldcollect.imports.household_writes import chunks
from fieldcollect.imports.reader import Sheet
from fieldcollect.imports.report import ImportReport, RowError
from fieldcollect.problems import Problem
from fieldcollect.regions.models import Region

COLUMNS = (
    Column("household_code", "户编号", ("aac001",), required=True),
    Column("name", "帮扶干部姓名", ("帮扶责任人姓名", "帮扶责任人", "cadre_name"), required=True),
    Column("phone", "帮扶干部联系电话", ("帮扶责任人联系电话", "联系电话", "cadre_phone"), required=True),
    Column("work_unit", "帮扶单位", ("帮扶责任人单位", "工作单位")),
    Column("position", "职务", ("帮扶责任人职务",)),
    Column("region_code", "帮扶干部区划代码", ("单位区划代码", "cadre_region")),
    Column("start_date", "结对开始日期", ("帮扶开始时间", "开始日期"), "date", required=True),
    Column("end_date", "结对结束日期", ("帮扶结束时间", "结束日期"), "date"),
    Column("is_primary", "是否主要帮扶人", ("主要帮扶人", "primary"), "yes_no"),
)
CADRE_KEYS = ("name", "work_unit", "position", "region_code")


@dataclass
class Stored:
    households: dict[str, tuple[int, str]]  # household_code -> (id, village_code)
    cadres: dict[str, dict]  # phone -> row
    pairings: dict[int, list[dict]]  # household id -> pairing rows, with the cadre's phone
    regions: set[str]


def import_pairings(session: Session, sheet: Sheet, dry_run: bool) -> ImportReport:
    """Check every pairing row and, when all pass and not dry_run, write cadres and pairings."""
    report = ImportReport("pairings", dry_run, rows=len(sheet.rows))
    rows, errors, headers = parse_sheet(sheet, COLUMNS)
    report.errors += errors
    if any(error.row == 1 for error in errors):
        return report
    stored = _load(session, rows)
    rows = [row for row in rows if _check_row(row, stored, headers, report)]
    cadres = _cadres(rows, stored, headers, report)
    _check_primaries(rows, stored, headers, report)
    report.errors.sort(key=lambda error: error.row)
    if report.errors:
        return report
    new_cadres, cadre_updates = _cadre_changes(cadres, stored, report)
    new_pairings, pairing_updates = _pairing_changes(rows, stored, report)
    if not dry_run:
        _write(session, new_cadres, cadre_updates, new_pairings, pairing_updates)
        repaired = {p["household_id"] for p in new_pairings} | _households_of(pairing_updates, stored)
        report.household_events = [(hid, "repairing") for hid in sorted(repaired)]
    return report


def _households_of(pairing_updates: list[dict], stored: Stored) -> set[int]:
    changed = {update["id"] for update in pairing_updates}
    return {hid for hid, rows in stored.pairings.items() if any(row["id"] in changed for row in rows)}


def _load(session: Session, rows: list[ParsedRow]) -> Stored:
    codes = sorted({r.values["household_code"] for r in rows if r.values.get("household_code")})
    households = {}
    for part in chunks(codes):
        households.update({code: (hid, village) for code, hid, village in session.execute(
            select(Household.household_code, Household.id, Household.village_code)
            .where(Household.household_code.in_(part)))})
    phones = sorted({r.values["phone"] for r in rows if r.values.get("phone")})
    cadres = {}
    for part in chunks(phones):
        cadres.update({row.phone: dict(row._mapping) for row in session.execute(
            select(Cadre.__table__).where(Cadre.phone.in_(part)))})
    pairings: dict[int, list[dict]] = {}
    for part in chunks([hid for hid, _ in households.values()]):
        query = (select(Pairing.__table__, Cadre.phone).join(Cadre, Cadre.id == Pairing.cadre_id)
                 .where(Pairing.household_id.in_(part)))
        for row in session.execute(query):
            pairings.setdefault(row.household_id, []).append(dict(row._mapping))
    regions = set(session.scalars(select(Region.code)))
    return Stored(households, cadres, pairings, regions)


def _check_row(row: ParsedRow, stored: Stored, headers: dict, report: ImportReport) -> bool:
    values, before = row.values, len(report.errors)
    code = values.get("household_code")
    if code and code not in stored.households:
        report.errors.append(RowError(row.number, headers["household_code"],
                                      Problem("unknown_household", household_code=code)))
    region = values.get("region_code")
    if region and region not in stored.regions:
        problem = Problem("unknown_region", code=region)
        report.errors.append(RowError(row.number, headers["region_code"], problem))
    start, end = values.get("start_date"), values.get("end_date")
    if start and end and end < start:
        report.errors.append(RowError(row.number, headers["end_date"], Problem("pairing_dates")))
    complete = all(values.get(k) for k in ("household_code", "phone", "start_date"))
    return complete and len(report.errors) == before


def _cadres(rows: list[ParsedRow], stored: Stored, headers: dict, report: ImportReport) -> dict[str, dict]:
    """Return each phone's cadre values, from its first row; later rows must not contradict it."""
    cadres: dict[str, dict] = {}
    for row in rows:
        phone = row.values["phone"]
        if phone not in cadres:
            cadres[phone] = {"_row": row.number, "phone": phone, **{k: row.values.get(k) for k in CADRE_KEYS}}
            if not cadres[phone]["region_code"]:
                cadres[phone]["region_code"] = _default_region(row, stored)
            continue
        for key in ("name", "work_unit", "position"):
            value, first = row.values.get(key), cadres[phone][key]
            if value and first and value != first:
                report.errors.append(RowError(row.number, headers[key], Problem(
                    "inconsistent_value", first_row=cadres[phone]["_row"], first=first)))
    return cadres


def _default_region(row: ParsedRow, stored: Stored) -> str:
    village = stored.households[row.values["household_code"]][1]
    return village[:9] + "000"  # the township of the household the cadre is paired with


def _check_primaries(rows: list[ParsedRow], stored: Stored, headers: dict, report: ImportReport) -> None:
    by_household: dict[int, list[tuple[int | None, dict]]] = {}
    file_keys = {(r.values["phone"], r.values["household_code"], r.values["start_date"]) for r in rows}
    for code, (hid, _) in stored.households.items():
        by_household[hid] = [(None, p) for p in stored.pairings.get(hid, [])
                             if p["is_primary"] and (p["phone"], code, p["start_date"]) not in file_keys]
    for row in rows:
        if row.values.get("is_primary") is False:
            continue
        hid = stored.households[row.values["household_code"]][0]
        start, end = row.values["start_date"], row.values.get("end_date")
        for _, other in by_household[hid]:
            if periods_overlap(start, end, other["start_date"], other["end_date"]):
                day = max(start, other["start_date"]).isoformat()
                report.errors.append(RowError(row.number, headers["start_date"], Problem(
                    "primary_pairing_overlap", household_code=row.values["household_code"], day=day)))
                break
        by_household[hid].append((row.number, {"start_date": start, "end_date": end}))


def _cadre_changes(cadres: dict[str, dict], stored: Stored, report: ImportReport) -> tuple[list, list]:
    new, updates = [], []
    for phone, values in cadres.items():
        values = {k: v for k, v in values.items() if k != "_row"}
        known = stored.cadres.get(phone)
        if known is None:
            new.append({**values, "work_unit": values["work_unit"] or "",
                        "position": values["position"] or ""})
            continue
        diff = {k: v for k, v in values.items() if v and known[k] != v}
        if diff:
            updates.append({"id": known["id"], **diff})
    report.details.update(cadres_created=len(new), cadres_updated=len(updates))
    return new, updates


def _pairing_changes(rows: list[ParsedRow], stored: Stored, report: ImportReport) -> tuple[list, list]:
    new, updates = [], []
    for row in rows:
        hid = stored.households[row.values["household_code"]][0]
        values = {"start_date": row.values["start_date"], "end_date": row.values.get("end_date"),
                  "is_primary": row.values.get("is_primary") is not False}
        known = next((p for p in stored.pairings.get(hid, []) if p["phone"] == row.values["phone"]
                      and p["start_date"] == values["start_date"]), None)
        if known is None:
            new.append({**values, "household_id": hid, "phone": row.values["phone"]})
            report.created += 1
        elif known["end_date"] != values["end_date"] or known["is_primary"] != values["is_primary"]:
            updates.append({"id": known["id"], "end_date": values["end_date"],
                            "is_primary": values["is_primary"]})
            report.updated += 1
        else:
            report.unchanged += 1
    return new, updates


def _write(session: Session, new_cadres: list, cadre_updates: list, new_pairings: list,
           pairing_updates: list) -> None:
    if new_cadres:
        session.execute(insert(Cadre.__table__), new_cadres)
    if cadre_updates:
        session.execute(update(Cadre), cadre_updates)
    phones = sorted({p["phone"] for p in new_pairings})
    ids = {}
    for part in chunks(phones):
        ids.update(session.execute(select(Cadre.phone, Cadre.id).where(Cadre.phone.in_(part))).all())
    if new_pairings:
        session.execute(insert(Pairing.__table__), [{**{k: v for k, v in p.items() if k != "phone"},
                                                    "cadre_id": ids[p["phone"]]} for p in new_pairings])
    if pairing_updates:
        session.execute(update(Pairing), pairing_updates)
    session.flush()
