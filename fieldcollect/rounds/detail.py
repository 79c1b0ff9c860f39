"""One household's round, the last step of the drill-down: each category and the entries that fill it.

The figures above come from round_progress; here the few timeline entries of one household and
period are read with the same counted/quarantined rules (rounds.rules), so the page explains
exactly why the household is complete, late, missing or held.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldcollect.cadres.models import Cadre
from fieldcollect.households.models import Household
from fieldcollect.rounds.models import RoundExpectation, RoundProgress, RoundRecord
from fieldcollect.rounds.rules import as_utc, counted, quarantined
from fieldcollect.timelines.models import TimelineEntry


@dataclass(frozen=True)
class EntryStatus:
    instance_id: str
    received_at: datetime
    counted: bool  # counts towards the round
    held: bool  # arrived after the lock and not admitted
    on_time: bool
    conflict: bool


@dataclass(frozen=True)
class CategoryStatus:
    category: str
    expected: bool
    entries: list[EntryStatus]

    @property
    def received(self) -> bool:
        return any(entry.counted for entry in self.entries)


@dataclass(frozen=True)
class HouseholdRound:
    household: Household
    cadre: Cadre | None
    progress: RoundProgress | None  # None: the round does not expect this household
    categories: list[CategoryStatus]


def household_round(session: Session, record: RoundRecord, household: Household) -> HouseholdRound:
    """Return the household's standing in the round, category by category."""
    expectation = session.scalar(select(RoundExpectation).where(
        RoundExpectation.round_name == record.name, RoundExpectation.household_id == household.id))
    expected = set(expectation.categories) if expectation else set()
    cadre_id = expectation.cadre_id if expectation else None
    progress = session.scalar(select(RoundProgress).where(RoundProgress.round_name == record.name,
                                                          RoundProgress.household_id == household.id))
    entries = _entries(session, record, household.id)
    names = list(record.required_categories) + sorted(entries.keys() - set(record.required_categories))
    categories = [CategoryStatus(name, name in expected, entries.get(name, [])) for name in names]
    cadre = session.get(Cadre, cadre_id) if cadre_id is not None else None
    return HouseholdRound(household, cadre, progress, categories)


def _entries(session: Session, record: RoundRecord, household_id: int) -> dict[str, list[EntryStatus]]:
    t = TimelineEntry
    rows = session.execute(
        select(t.category, t.instance_id, t.received_at, t.conflict, counted(record).label("counted"),
               quarantined(record).label("quarantined"),
               (t.received_at < as_utc(record.deadline_end)).label("on_time"))
        .where(t.household_id == household_id, t.period == record.name).order_by(t.received_at, t.id))
    found: dict[str, list[EntryStatus]] = {}
    for row in rows:
        status = EntryStatus(row.instance_id, row.received_at, bool(row.counted),
                             bool(row.quarantined) and not row.counted,
                             bool(row.on_time), bool(row.conflict))
        found.setdefault(row.category, []).append(status)
    return found
