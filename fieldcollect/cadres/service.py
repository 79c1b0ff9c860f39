"""Operations on cadres, pairings and work teams."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session, joinedload

from fieldcollect.cadres.models import Cadre, Pairing, WorkTeam, WorkTeamMember
from fieldcollect.households.models import Household
from fieldcollect.problems import Problem
from fieldcollect.regions.codes import subtree_bounds
from fieldcollect.rounds.service import record_household_event


def create_cadre(session: Session, name: str, region_code: str, work_unit: str = "", position: str = "",
                 phone: str | None = None) -> Cadre:
    """Add a cadre and return it."""
    cadre = Cadre(name=name, region_code=region_code, work_unit=work_unit, position=position, phone=phone)
    session.add(cadre)
    session.flush()
    return cadre


def get_cadre(session: Session, cadre_id: int) -> Cadre | None:
    """Return the cadre with this id, or None."""
    return session.get(Cadre, cadre_id)


def get_cadre_by_phone(session: Session, phone: str) -> Cadre | None:
    """Return the cadre with this phone number, or None."""
    return session.scalar(select(Cadre).where(Cadre.phone == phone))


def periods_overlap(start_a: date, end_a: date | None, start_b: date, end_b: date | None) -> bool:
    """Tell whether two inclusive date ranges share a day (None ends mean open-ended)."""
    return (end_b is None or start_a <= end_b) and (end_a is None or start_b <= end_a)


def pair_cadre(session: Session, cadre: Cadre, household: Household, start_date: date,
               end_date: date | None = None, is_primary: bool = True) -> Pairing:
    """Pair a cadre with a household, refusing a second primary cadre on any shared day."""
    if end_date is not None and end_date < start_date:
        raise Problem("pairing_dates")
    if is_primary:
        _check_one_primary(session, household, start_date, end_date)
    pairing = Pairing(cadre_id=cadre.id, household_id=household.id, start_date=start_date, end_date=end_date,
                      is_primary=is_primary)
    session.add(pairing)
    session.flush()
    if is_primary:  # the responsible cadre of an open round may change (issue 7)
        record_household_event(session, household.id, "repairing", start_date, date.today())
    return pairing


def end_pairing(session: Session, pairing: Pairing, end_date: date) -> Pairing:
    """Close a pairing on end_date (inclusive)."""
    if end_date < pairing.start_date:
        raise Problem("pairing_dates")
    pairing.end_date = end_date
    session.flush()
    if pairing.is_primary:
        record_household_event(session, pairing.household_id, "repairing", end_date, date.today())
    return pairing


def primary_cadre(session: Session, household_id: int, on_date: date) -> Cadre | None:
    """Return the household's primary cadre on on_date, or None."""
    return session.scalar(select(Cadre).join(Pairing).where(
        Pairing.household_id == household_id, Pairing.is_primary.is_(True), Pairing.in_force(on_date)))


def household_pairings(session: Session, household_id: int) -> list[Pairing]:
    """Return every pairing of the household, oldest first, with its cadre loaded."""
    return list(session.scalars(select(Pairing).where(Pairing.household_id == household_id)
                                .options(joinedload(Pairing.cadre)).order_by(Pairing.start_date, Pairing.id)))


def create_work_team(session: Session, village_code: str, name: str, work_unit: str = "",
                     start_date: date | None = None) -> WorkTeam:
    """Add a work team sent to a village and return it."""
    team = WorkTeam(village_code=village_code, name=name, work_unit=work_unit, start_date=start_date)
    session.add(team)
    session.flush()
    return team


def add_team_member(session: Session, team: WorkTeam, cadre: Cadre, duty: str = "队员") -> WorkTeamMember:
    """Put a cadre on a work team with a duty (第一书记, 队长 or 队员)."""
    member = WorkTeamMember(team_id=team.id, cadre_id=cadre.id, duty=duty)
    session.add(member)
    session.flush()
    return member


def list_cadres(session: Session, scope: ColumnElement[bool], region_code: str | None = None,
                page: int = 1, per_page: int = 50) -> tuple[list[tuple[Cadre, int]], int]:
    """Return one page of (cadre, households paired today) within scope, and the total count."""
    query = select(Cadre).where(scope)
    if region_code:
        query = query.where(_in_region(region_code))
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    cadres = list(session.scalars(query.order_by(Cadre.id).limit(per_page).offset((page - 1) * per_page)))
    counts = _pairing_counts(session, [c.id for c in cadres], date.today())
    return [(cadre, counts.get(cadre.id, 0)) for cadre in cadres], total


def _in_region(region_code: str) -> ColumnElement[bool]:
    low, high = subtree_bounds(region_code)
    paired_there = (select(Pairing.cadre_id).join(Household, Household.id == Pairing.household_id)
                    .where(Household.village_code.between(low, high)))
    return Cadre.region_code.between(low, high) | Cadre.id.in_(paired_there)


def _pairing_counts(session: Session, cadre_ids: list[int], on_date: date) -> dict[int, int]:
    if not cadre_ids:
        return {}
    rows = session.execute(select(Pairing.cadre_id, func.count()).where(
        Pairing.cadre_id.in_(cadre_ids), Pairing.in_force(on_date)).group_by(Pairing.cadre_id))
    return dict(rows.all())


def _check_one_primary(session: Session, household: Household, start: date, end: date | None) -> None:
    primaries = session.scalars(select(Pairing).where(Pairing.household_id == household.id,
                                                      Pairing.is_primary.is_(True)))
    for other in primaries:
        if periods_overlap(start, end, other.start_date, other.end_date):
            day = max(start, other.start_date)
            raise Problem("primary_pairing_overlap", household_code=household.household_code,
                          day=day.isoformat())
