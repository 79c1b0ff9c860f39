"""Operations on households and members: register, look up, search, record roster and status changes.

Listing functions take a scope clause (from access.scope) rather than a user, so the same function
serves every role and can never forget to filter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from fieldcollect.households import codes, rules
from fieldcollect.households.id_numbers import normalise_id_number, parse_id_number
from fieldcollect.households.models import Household, Member, MemberEvent, StatusChange
from fieldcollect.problems import Problem
from fieldcollect.regions.codes import SIGNIFICANT_DIGITS, Level, level_of, subtree_bounds
from fieldcollect.regions.models import Region
from fieldcollect.rounds.service import record_household_event

# How many leading digits of a village code name the child region at each level.
CHILD_DIGITS = {Level.CITY: SIGNIFICANT_DIGITS[Level.BANNER],
                Level.BANNER: SIGNIFICANT_DIGITS[Level.TOWNSHIP],
                Level.TOWNSHIP: SIGNIFICANT_DIGITS[Level.VILLAGE]}


@dataclass(frozen=True)
class RegionSummary:
    region: Region
    household_count: int
    children: list[tuple[Region, int]]  # each child region with its household count


@dataclass(frozen=True)
class HouseholdRow:
    household: Household
    head_name: str
    village_name: str
    member_count: int


def get_household(session: Session, household_id: int) -> Household | None:
    """Return the household with this id, or None."""
    return session.get(Household, household_id)


def get_household_by_code(session: Session, household_code: str,
                          scope: ColumnElement[bool] | None = None) -> Household | None:
    """Return the household with this 户编号 (within scope when given), or None."""
    query = select(Household).where(Household.household_code == household_code)
    return session.scalar(query if scope is None else query.where(scope))


def get_member_by_id_number(session: Session, id_number: str) -> Member | None:
    """Return the member holding this ID number, or None."""
    return session.scalar(select(Member).where(Member.id_number == normalise_id_number(id_number)))


def complete_from_id_number(member: dict) -> dict:
    """Return the member's values with sex and birth date filled in from the ID number when missing."""
    if not member.get("id_number"):
        return member
    try:
        parsed = parse_id_number(member["id_number"])
    except Problem:
        return member  # the rules report the bad number
    return {**member, "id_number": parsed.number, "sex": member.get("sex") or parsed.sex,
            "birth_date": member.get("birth_date") or parsed.birth_date}


def register_household(session: Session, household: dict, members: list[dict]) -> Household:
    """Add a household with its roster after checking every national rule; return it."""
    members = [complete_from_id_number(m) for m in members]
    _check_village(session, household["village_code"])
    for issue in rules.check_all(household, members):
        raise issue.problem
    if get_household_by_code(session, household["household_code"]) is not None:
        raise Problem("household_code_taken", household_code=household["household_code"])
    for member in members:
        _check_id_number_free(session, member.get("id_number"))
    record = Household(**household)
    record.members = [Member(**member) for member in members]
    session.add(record)
    session.flush()
    # An open round's expected work changes only through recorded events (issue 7).
    record_household_event(session, record.id, "registration", date.today(), date.today())
    return record


def add_member(session: Session, household: Household, values: dict, kind: str, occurred_on: date,
               note: str = "", source: str = "") -> Member:
    """Add a member who arrives (birth, marriage in, move in) and record the event."""
    values = complete_from_id_number(values)
    for issue in rules.check_member(values):
        raise issue.problem
    _check_id_number_free(session, values.get("id_number"))
    if values.get("relation") == codes.HEAD and household.head is not None:
        raise Problem("head_count", household_code=household.household_code, count=2)
    member = Member(household_id=household.id, joined_on=occurred_on, **values)
    session.add(member)
    session.flush()
    record_member_event(session, member, kind, occurred_on, note, source)
    return member


def record_member_event(session: Session, member: Member, kind: str, occurred_on: date, note: str = "",
                        source: str = "") -> MemberEvent:
    """Record a roster change; a departure keeps the member's row but marks it no longer current."""
    if kind not in codes.MEMBER_EVENTS:
        raise Problem("unknown_code", value=kind, list="成员变更")
    event = MemberEvent(member_id=member.id, household_id=member.household_id, kind=kind,
                        occurred_on=occurred_on, note=note, source=source)
    if kind in codes.DEPARTURE_EVENTS:
        member.is_current = False
        member.left_on = occurred_on
    session.add(event)
    session.flush()
    return event


def change_status(session: Session, household: Household, status: str, year: int, changed_on: date,
                  note: str = "") -> StatusChange:
    """Move a household to a new 脱贫状态 and keep the dated change."""
    if status not in codes.STATUSES:
        raise Problem("unknown_code", value=status, list="脱贫状态")
    household.status = status
    if status in rules.EXITED_STATUSES:
        household.exit_year = household.exit_year or year
    elif status == codes.RETURNED:
        household.return_year = year
    change = StatusChange(household_id=household.id, status=status, year=year, changed_on=changed_on,
                          note=note)
    session.add(change)
    session.flush()
    if status in rules.EXITED_STATUSES or status == codes.RETURNED:
        kind = "return" if status == codes.RETURNED else "exit"
        record_household_event(session, household.id, kind, changed_on, date.today(), note=note)
    return change


def search_households(session: Session, scope: ColumnElement[bool], region_code: str | None = None,
                      status: str | None = None, q: str | None = None, page: int = 1,
                      per_page: int = 50) -> tuple[list[HouseholdRow], int]:
    """Return one page of households within scope matching the filters, and the total count."""
    head = aliased(Member)
    query = (select(Household, head.name, Region.name)
             .join(Region, Region.code == Household.village_code)
             .outerjoin(head, and_(head.household_id == Household.id, head.relation == codes.HEAD,
                                   head.is_current.is_(True)))
             .where(scope))
    if region_code:
        query = query.where(Household.village_code.between(*subtree_bounds(region_code)))
    if status:
        query = query.where(Household.status == status)
    if q:
        query = query.where(or_(Household.household_code.startswith(q, autoescape=True),
                                head.name.contains(q, autoescape=True)))
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    rows = session.execute(query.order_by(Household.household_code).limit(per_page)
                           .offset((page - 1) * per_page)).all()
    counts = member_counts(session, [row[0].id for row in rows])
    found = [HouseholdRow(h, head or "", village, counts.get(h.id, 0)) for h, head, village in rows]
    return found, total


def member_counts(session: Session, household_ids: list[int]) -> dict[int, int]:
    """Return the number of current members of each household."""
    if not household_ids:
        return {}
    rows = session.execute(select(Member.household_id, func.count()).where(
        Member.household_id.in_(household_ids), Member.is_current.is_(True)).group_by(Member.household_id))
    return dict(rows.all())


def summarise_region(session: Session, scope: ColumnElement[bool], region: Region) -> RegionSummary:
    """Return the region with its child regions and the households within scope under each."""
    total = _count_in(session, scope, region.code)
    level = level_of(region.code)
    if level == Level.VILLAGE:
        return RegionSummary(region, total, [])
    digits = CHILD_DIGITS[level]
    counts = count_by_prefix(session, scope, region.code, digits)
    children = session.scalars(select(Region).where(Region.parent_code == region.code).order_by(Region.code))
    return RegionSummary(region, total, [(child, counts.get(child.code[:digits], 0)) for child in children])


def count_by_prefix(session: Session, scope: ColumnElement[bool], region_code: str,
                    digits: int) -> dict[str, int]:
    """Return households within scope under region_code, counted by the first digits of their village code."""
    prefix = func.substr(Household.village_code, 1, digits)
    rows = session.execute(select(prefix, func.count()).where(
        scope, Household.village_code.between(*subtree_bounds(region_code))).group_by(prefix))
    return dict(rows.all())


def _count_in(session: Session, scope: ColumnElement[bool], region_code: str) -> int:
    return session.scalar(select(func.count()).select_from(Household).where(
        scope, Household.village_code.between(*subtree_bounds(region_code))))


def _check_village(session: Session, village_code: str) -> None:
    region = session.get(Region, village_code)
    if region is None:
        raise Problem("unknown_region", code=village_code)
    if level_of(village_code) != Level.VILLAGE:
        raise Problem("not_a_village", code=village_code)


def _check_id_number_free(session: Session, id_number: str | None) -> None:
    if not id_number:
        return
    holder = get_member_by_id_number(session, id_number)
    if holder is not None:
        raise Problem("id_number_taken", household_code=holder.household.household_code)
