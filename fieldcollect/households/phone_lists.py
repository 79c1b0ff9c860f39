"""The CSV files phones load as form media (households.csv and members.csv), for any set of households.

ODK Collect reads them with pulldata()/search() and select_one_from_file; the `name` and `label`
columns are what a select_one_from_file choice needs. Which households a phone gets is the
caller's choice, passed as a WHERE clause on Household (phones.media: a cadre's paired households,
or the households of a village team's or supervisor's region), so that there is one CSV shape
for everyone. Whether the reader may see whole ID numbers (access.scope.may_see_id_numbers) is the
caller's too: members.csv masks them otherwise (id_numbers.mask_id_number), as the pages do. The
bytes are deterministic (fixed column order, rows sorted, "\\r\\n" line ends as RFC 4180 says), so
the md5 the OpenRosa manifest announces changes only when the content does and phones download
only what changed.
"""

from __future__ import annotations

import csv
import io

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session, aliased

from fieldcollect.households.codes import HEAD
from fieldcollect.households.id_numbers import mask_id_number
from fieldcollect.households.models import Household, Member
from fieldcollect.regions.models import Region
from fieldcollect.submissions.corrections import open_corrections

HOUSEHOLD_COLUMNS = ("name", "label", "head_name", "village_name", "village_code", "member_count",
                     "attribute", "main_cause", "status", "registered_year", "todo")
MEMBER_COLUMNS = ("name", "label", "household_code", "member_name", "relation", "sex", "birth_date",
                  "id_number")


def household_list_csv(session: Session, households: ColumnElement[bool], full_id_numbers: bool = False) -> bytes:
    """Return the UTF-8 CSV of the households the WHERE clause keeps, by household code (no ID numbers in it)."""
    head = aliased(Member)
    member_count = (select(func.count())
                    .where(Member.household_id == Household.id, Member.is_current.is_(True))
                    .correlate(Household).scalar_subquery())
    # Plain columns, not Household objects: a banner supervisor's list has tens of thousands of rows.
    query = (select(Household.id, Household.household_code, head.name, Region.name, Household.village_code,
                    member_count, Household.attribute, Household.main_cause, Household.status,
                    Household.registered_year)
             .join(Region, Region.code == Household.village_code)
             .outerjoin(head, and_(head.household_id == Household.id, head.relation == HEAD,
                                   head.is_current.is_(True)))
             .where(households)
             .order_by(Household.household_code))
    todo = open_corrections(session, select(Household.id).where(households))  # what supervisors asked to fix
    rows = [_household_row(row, todo.get(row[0], "")) for row in session.execute(query)]
    return _to_csv(HOUSEHOLD_COLUMNS, rows)


def member_list_csv(session: Session, households: ColumnElement[bool], full_id_numbers: bool = False) -> bytes:
    """Return the UTF-8 CSV of the current members of the same households, ID numbers masked unless full."""
    query = (select(Member.id, Member.name, Household.household_code, Member.relation, Member.sex,
                    Member.birth_date, Member.id_number)
             .join(Household, Household.id == Member.household_id)
             .where(households, Member.is_current.is_(True))
             .order_by(Household.household_code, Member.relation, Member.id))
    rows = [(str(member_id), name, code, name, relation, sex, born.isoformat(),
             (id_number if full_id_numbers else mask_id_number(id_number)) or "")
            for member_id, name, code, relation, sex, born, id_number in session.execute(query)]
    return _to_csv(MEMBER_COLUMNS, rows)


def _household_row(row, todo: str) -> tuple:
    _, code, head_name, village_name, village_code, count, attribute, main_cause, status, year = row
    head_name = head_name or ""
    label = f"{head_name} · {village_name} · {code}"
    return (code, label, head_name, village_name, village_code, count, attribute, main_cause, status, year, todo)


def _to_csv(header: tuple[str, ...], rows: list[tuple]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")
