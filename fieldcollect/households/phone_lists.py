"""The per-cadre CSV files phones load as form media (households.csv and members.csv).

ODK Collect reads them with pulldata()/search() and select_one_from_file; the `name` and `label`
columns are what a select_one_from_file choice needs. The bytes are deterministic (fixed column
order, rows sorted, "\\r\\n" line ends as RFC 4180 says), so the md5 the OpenRosa manifest
announces changes only when the content does and phones download only what changed.
"""

from __future__ import annotations

import csv
import io
from datetime import date

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, aliased

from fieldcollect.access.scope import paired_household_ids
from fieldcollect.households.codes import HEAD
from fieldcollect.households.models import Household, Member
from fieldcollect.regions.models import Region
from fieldcollect.submissions.corrections import open_corrections

HOUSEHOLD_COLUMNS = ("name", "label", "head_name", "village_name", "village_code", "member_count",
                     "attribute", "main_cause", "status", "registered_year", "todo")
MEMBER_COLUMNS = ("name", "label", "household_code", "member_name", "relation", "sex", "birth_date",
                  "id_number")


def household_list_csv(session: Session, cadre_id: int, on_date: date) -> bytes:
    """Return the UTF-8 CSV of the households paired with the cadre on on_date, by household code."""
    head = aliased(Member)
    member_count = (select(func.count())
                    .where(Member.household_id == Household.id, Member.is_current.is_(True))
                    .correlate(Household).scalar_subquery())
    query = (select(Household, head.name, Region.name, member_count)
             .join(Region, Region.code == Household.village_code)
             .outerjoin(head, and_(head.household_id == Household.id, head.relation == HEAD,
                                   head.is_current.is_(True)))
             .where(Household.id.in_(paired_household_ids(cadre_id, on_date)))
             .order_by(Household.household_code))
    todo = open_corrections(session, paired_household_ids(cadre_id, on_date))  # what supervisors asked to fix
    rows = [_household_row(h, head_name or "", village, count, todo.get(h.id, ""))
            for h, head_name, village, count in session.execute(query)]
    return _to_csv(HOUSEHOLD_COLUMNS, rows)


def member_list_csv(session: Session, cadre_id: int, on_date: date) -> bytes:
    """Return the UTF-8 CSV of the current members of the same households, by household then member."""
    query = (select(Member, Household.household_code).join(Household, Household.id == Member.household_id)
             .where(Member.household_id.in_(paired_household_ids(cadre_id, on_date)),
                    Member.is_current.is_(True))
             .order_by(Household.household_code, Member.relation, Member.id))
    rows = [(str(m.id), m.name, code, m.name, m.relation, m.sex, m.birth_date.isoformat(), m.id_number or "")
            for m, code in session.execute(query)]
    return _to_csv(MEMBER_COLUMNS, rows)


def _household_row(household: Household, head_name: str, village_name: str, member_count: int,
                   todo: str = "") -> tuple:
    label = f"{head_name} · {village_name} · {household.household_code}"
    return (household.household_code, label, head_name, village_name, household.village_code, member_count,
            household.attribute, household.main_cause, household.status, household.registered_year, todo)


def _to_csv(header: tuple[str, ...], rows: list[tuple]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")
