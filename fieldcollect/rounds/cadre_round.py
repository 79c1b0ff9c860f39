"""A cadre's round, 本季度: each of their households with a mark per category, and what to fix first.

The marks join what the cadre cannot see from the phone: which categories count towards the round
(round_progress for the required ones, counted timeline entries for the optional ones) and which
submissions a supervisor or validation sent back with a comment that is still open
(submissions.corrections). An open correction outranks a received entry: a has_issues entry still
counts in the figures, but the cadre has work to do on it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import Session, aliased

from fieldcollect.forms.categories import QUARTERLY_CODES
from fieldcollect.households.codes import HEAD
from fieldcollect.households.models import Household, Member
from fieldcollect.regions.models import Region
from fieldcollect.rounds.models import RoundProgress, RoundRecord
from fieldcollect.rounds.rollups import HouseholdProgress, household_progress, household_select
from fieldcollect.rounds.rules import counted
from fieldcollect.submissions.corrections import OpenCorrection, list_open_corrections
from fieldcollect.submissions.models import ReviewState
from fieldcollect.timelines.models import TimelineEntry


class Mark(StrEnum):
    DONE = "done"
    MISSING = "missing"  # required and not received
    HAS_ISSUES = "has_issues"
    REJECTED = "rejected"
    OPTIONAL = "optional"  # not required this round and not received

    @property
    def asks_for_work(self) -> bool:
        return self in (Mark.HAS_ISSUES, Mark.REJECTED)


@dataclass(frozen=True)
class CategoryMark:
    category: str
    required: bool
    mark: Mark
    comment: str | None = None


@dataclass(frozen=True)
class CadreHousehold:
    progress: HouseholdProgress
    village_name: str
    marks: list[CategoryMark]

    @property
    def needs_work(self) -> bool:
        return any(mark.mark.asks_for_work for mark in self.marks)


@dataclass(frozen=True)
class Correction:
    household_code: str
    head_name: str | None
    category: str | None
    period: str | None
    mark: Mark  # has_issues or rejected
    comment: str


@dataclass(frozen=True)
class CadreRound:
    record: RoundRecord
    households: list[CadreHousehold]  # work asked for first, then unfinished, then complete
    corrections: list[Correction]  # every open one on the cadre's households, of any round

    @property
    def complete(self) -> int:
        return sum(1 for household in self.households if household.progress.complete)

    @property
    def on_time(self) -> int:
        return sum(1 for household in self.households if household.progress.on_time)


def days_left(deadline: date, today: date) -> int:
    """Return the days from today to the deadline day: 0 on the day itself, negative once it has passed."""
    return (deadline - today).days


def mark_of(state: str) -> Mark:
    """Return the mark of a submission sent back in this review state."""
    return Mark.REJECTED if state == ReviewState.REJECTED else Mark.HAS_ISSUES


def category_marks(categories: Iterable[str], required: Collection[str], received: Collection[str],
                   asked: Iterable[OpenCorrection]) -> list[CategoryMark]:
    """Return one mark per category: an open correction first, then received, else missing or optional."""
    latest = {item.category: item for item in asked}  # oldest first, so the newest request wins
    marks = []
    for category in categories:
        if category in latest:
            item = latest[category]
            marks.append(CategoryMark(category, category in required, mark_of(item.state), item.comment))
        elif category in received:
            marks.append(CategoryMark(category, category in required, Mark.DONE))
        else:
            marks.append(CategoryMark(category, category in required,
                                      Mark.MISSING if category in required else Mark.OPTIONAL))
    return marks


def cadre_round_view(session: Session, record: RoundRecord, cadre_id: int,
                     scope: ColumnElement[bool]) -> CadreRound:
    """Return the round of the cadre's households (those scope lets the viewer see), with what to fix."""
    query = (household_select(record, scope).where(RoundProgress.cadre_id == cadre_id)
             .order_by(Household.household_code))
    rows = [household_progress(row, record.required_categories) for row in session.execute(query)]
    optional = [c for c in QUARTERLY_CODES if c not in record.required_categories]
    received = _optional_received(session, record, [row.household_id for row in rows], optional)
    asked = list_open_corrections(session, select(Household.id).where(scope))
    in_round = [item for item in asked if item.period == record.name]
    villages = _village_names(session, {row.village_code for row in rows})
    households = [
        CadreHousehold(row, villages.get(row.village_code, row.village_code),
                       category_marks(QUARTERLY_CODES, record.required_categories,
                                      set(row.received) | received.get(row.household_id, set()),
                                      [item for item in in_round if item.household_id == row.household_id]))
        for row in rows]
    households.sort(key=lambda h: (not h.needs_work, h.progress.complete, h.progress.household_code))
    return CadreRound(record, households, _named(session, asked))


def _optional_received(session: Session, record: RoundRecord, household_ids: list[int],
                       categories: list[str]) -> dict[int, set[str]]:
    if not household_ids or not categories:
        return {}
    t = TimelineEntry
    query = (select(t.household_id, t.category).distinct()
             .where(t.period == record.name, t.household_id.in_(household_ids), t.category.in_(categories),
                    counted(record)))
    found: dict[int, set[str]] = {}
    for household_id, category in session.execute(query):
        found.setdefault(household_id, set()).add(category)
    return found


def _village_names(session: Session, codes: set[str]) -> dict[str, str]:
    if not codes:
        return {}
    return dict(session.execute(select(Region.code, Region.name).where(Region.code.in_(codes))).all())


def _named(session: Session, asked: list[OpenCorrection]) -> list[Correction]:
    """Return the corrections with their household's code and head's name, newest request first."""
    ids = {item.household_id for item in asked}
    if not ids:
        return []
    head = aliased(Member)
    names = {row.id: row for row in session.execute(
        select(Household.id, Household.household_code, head.name)
        .outerjoin(head, and_(head.household_id == Household.id, head.relation == HEAD,
                              head.is_current.is_(True)))
        .where(Household.id.in_(ids)))}
    ordered = sorted(asked, key=lambda item: item.asked_at, reverse=True)
    return [Correction(names[i.household_id].household_code, names[i.household_id].name, i.category, i.period,
                       mark_of(i.state), i.comment) for i in ordered]
