"""What a household import finds in the database, the changes it works out, and how it writes them.

Existing rows are read with a few chunked IN queries; changes are written with executemany and
bulk UPDATEs by primary key, so a 10,000-household file is a handful of round trips, not 40,000.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from fieldcollect.households import codes
from fieldcollect.households.models import Household, Member, StatusChange
from fieldcollect.households.rules import EXITED_STATUSES
from fieldcollect.imports.report import ImportReport
from fieldcollect.regions.models import Region

CHUNK = 900  # keeps every IN (…) under SQLite's bound-parameter limit
HOUSEHOLD_FIELDS = tuple(c.key for c in Household.__table__.columns
                         if c.key not in ("id", "created_at", "updated_at"))
MEMBER_FIELDS = tuple(c.key for c in Member.__table__.columns if c.key not in ("id", "household_id"))
MEMBER_DEFAULTS = {**dict.fromkeys(MEMBER_FIELDS), "ethnicity": codes.HAN, "health": codes.HEALTHY,
                   "is_current": True}
HOUSEHOLD_DEFAULTS = {**dict.fromkeys(HOUSEHOLD_FIELDS), "identification_standard": "01",
                      "status": codes.NOT_EXITED}


def chunks(items: list, size: int = CHUNK):
    """Yield successive slices of items of at most size elements."""
    for start in range(0, len(items), size):
        yield items[start:start + size]


@dataclass
class Existing:
    """The database rows an import compares itself with."""

    regions: dict[str, str]  # code -> level
    households: dict[str, dict]  # household_code -> row
    members: dict[int, list[dict]]  # household id -> member rows
    id_holders: dict[str, str]  # id_number -> household_code

    def household_values(self, code: str) -> dict | None:
        """Return the stored household's fields, or None when it is new."""
        row = self.households.get(code)
        return {k: row[k] for k in HOUSEHOLD_FIELDS} if row else None

    def find_member(self, code: str, member: dict) -> dict | None:
        """Return the stored member matching the file's: same ID number, else same name if one has none."""
        row = self.households.get(code)
        if row is None:
            return None
        stored = self.members.get(row["id"], [])
        if member.get("id_number"):
            match = next((m for m in stored if m["id_number"] == member["id_number"]), None)
            if match is not None:
                return match
        return next((m for m in stored if m["name"] == member.get("name")
                     and not (m["id_number"] and member.get("id_number"))), None)

    def merged_roster(self, code: str, members: list[dict], rows: list[int]) -> tuple[list[dict], list]:
        """Return the current roster after the import (file over stored values) and each entry's file row."""
        row = self.households.get(code)
        stored = self.members.get(row["id"], []) if row else []
        roster, numbers, matched = [], [], set()
        for member, number in zip(members, rows, strict=True):
            found = self.find_member(code, member)
            if found is not None:
                matched.add(found["id"])
            roster.append({**(found or {}), **{k: v for k, v in member.items() if v is not None}})
            numbers.append(number)
        roster += [m for m in stored if m["id"] not in matched and m["is_current"]]
        return roster, numbers + [None] * (len(roster) - len(numbers))

    def id_number_holder(self, id_number: str | None) -> str | None:
        """Return the code of the household holding this ID number, or None."""
        return self.id_holders.get(id_number) if id_number else None


@dataclass
class Changes:
    villages: list[dict] = field(default_factory=list)
    new_households: list[dict] = field(default_factory=list)
    new_members: dict[str, list[dict]] = field(default_factory=dict)  # household_code -> rows
    household_updates: list[dict] = field(default_factory=list)
    member_updates: list[dict] = field(default_factory=list)
    status_changes: list[tuple[str, dict]] = field(default_factory=list)  # (household_code, row)
    village_codes: set[str] = field(default_factory=set)

    def add_village(self, code: str, name: str, township: str) -> None:
        """Plan a new village (once, however many households name it)."""
        if code not in self.village_codes:
            self.village_codes.add(code)
            self.villages.append({"code": code, "name": name, "level": "village", "parent_code": township})


def load_existing(session: Session, household_codes: list[str], id_numbers: list[str]) -> Existing:
    """Read the regions, households, members and ID-number holders the import touches."""
    regions = dict(session.execute(select(Region.code, Region.level)).all())
    households = {}
    for part in chunks(household_codes):
        for row in session.execute(select(Household.__table__).where(Household.household_code.in_(part))):
            households[row.household_code] = dict(row._mapping)
    members: dict[int, list[dict]] = {}
    for part in chunks([h["id"] for h in households.values()]):
        for row in session.execute(select(Member.__table__).where(Member.household_id.in_(part))
                                   .order_by(Member.id)):
            members.setdefault(row.household_id, []).append(dict(row._mapping))
    holders = {}
    for part in chunks(id_numbers):
        holders.update(session.execute(select(Member.id_number, Household.household_code)
                                       .join(Household, Household.id == Member.household_id)
                                       .where(Member.id_number.in_(part))).all())
    return Existing(regions, households, members, holders)


def household_changes(code: str, household: dict, members: list[dict], existing: Existing, changes: Changes,
                      report: ImportReport) -> None:
    """Work out what importing one (valid) household changes, and count it in the report."""
    stored = existing.households.get(code)
    if stored is None:
        changes.new_households.append({**HOUSEHOLD_DEFAULTS, **household})
        changes.new_members[code] = [{**MEMBER_DEFAULTS, **m} for m in members]
        changes.status_changes.append((code, _status_row(household)))
        report.created += 1
        _count(report, "members_created", len(members))
        return
    changed = _household_update(stored, household, changes)
    for member in members:
        changed |= _member_change(code, stored["id"], member, existing, changes, report)
    if changed:
        report.updated += 1
    else:
        report.unchanged += 1


def _household_update(stored: dict, household: dict, changes: Changes) -> bool:
    diff = {k: v for k, v in household.items() if stored[k] != v}
    if not diff:
        return False
    changes.household_updates.append({"id": stored["id"], **diff})
    if "status" in diff:
        changes.status_changes.append((stored["household_code"], _status_row({**stored, **diff})))
    return True


def _member_change(code: str, household_id: int, member: dict, existing: Existing, changes: Changes,
                   report: ImportReport) -> bool:
    found = existing.find_member(code, member)
    if found is None:
        row = {**MEMBER_DEFAULTS, **member, "household_id": household_id}
        changes.new_members.setdefault(code, []).append(row)
        _count(report, "members_created", 1)
        return True
    diff = {k: v for k, v in member.items() if v is not None and found[k] != v}
    if not diff:
        return False
    demotes_head = found["relation"] == codes.HEAD
    changes.member_updates.append({"id": found["id"], **diff, "_demotes_head": demotes_head})
    _count(report, "members_updated", 1)
    return True


def _status_row(household: dict) -> dict:
    year = household.get("return_year") or household.get("exit_year") or household["registered_year"]
    return {"status": household["status"], "year": year, "changed_on": date.today(), "note": "批量导入"}


def _count(report: ImportReport, key: str, amount: int) -> None:
    report.details[key] = report.details.get(key, 0) + amount


def apply_changes(session: Session, changes: Changes) -> list[tuple[int, str]]:
    """Write the planned changes with bulk statements; return the rounds events they amount to."""
    if changes.villages:
        session.execute(insert(Region.__table__), changes.villages)
    ids = _insert_households(session, changes.new_households)
    member_rows = [{**row, "household_id": row.get("household_id") or ids[code]}
                   for code, rows in changes.new_members.items() for row in rows]
    if member_rows:
        session.execute(insert(Member.__table__), member_rows)
    if changes.household_updates:
        session.execute(update(Household), changes.household_updates)
    _update_members(session, changes.member_updates)
    events = _insert_status_changes(session, changes.status_changes, ids)
    session.flush()
    return events


def _insert_households(session: Session, rows: list[dict]) -> dict[str, int]:
    if not rows:
        return {}
    session.execute(insert(Household.__table__), rows)
    ids = {}
    for part in chunks([row["household_code"] for row in rows]):
        ids.update(session.execute(select(Household.household_code, Household.id)
                                   .where(Household.household_code.in_(part))).all())
    return ids


def _update_members(session: Session, updates: list[dict]) -> None:
    # A new head may only be set once the old one is demoted: one current head per household (index).
    demoting = [{k: v for k, v in u.items() if k != "_demotes_head"} for u in updates if u["_demotes_head"]]
    others = [{k: v for k, v in u.items() if k != "_demotes_head"} for u in updates if not u["_demotes_head"]]
    for batch in (demoting, others):
        if batch:
            session.execute(update(Member), batch)


def _insert_status_changes(session: Session, planned: list[tuple[str, dict]],
                           new_ids: dict[str, int]) -> list[tuple[int, str]]:
    if not planned:
        return []
    missing = [code for code, _ in planned if code not in new_ids]
    known = dict(new_ids)
    for part in chunks(missing):
        known.update(session.execute(select(Household.household_code, Household.id)
                                     .where(Household.household_code.in_(part))).all())
    rows = [{**row, "household_id": known[code]} for code, row in planned]
    session.execute(insert(StatusChange.__table__), rows)
    return [(known[code], _event_kind(code in new_ids, row["status"])) for code, row in planned
            if code in new_ids or row["status"] in EXITED_STATUSES or row["status"] == codes.RETURNED]


def _event_kind(is_new: bool, status: str) -> str:
    if is_new:
        return "registration"
    return "return" if status == codes.RETURNED else "exit"
