"""Operations on rounds: open one, record the events that change its expected work, admit late entries.

Every change to round_expectations goes through this module and leaves a RoundEvent saying what
changed and why, so a round's denominator moves only by recorded events (a registration, an exit,
a re-pairing), never because the registry was edited underneath it. A round opens explicitly
(`flask rounds open`) or on first use; it keeps the settings it opened under.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import ColumnElement, Integer, String, delete, func, insert, literal, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from fieldcollect.config import RoundsSettings
from fieldcollect.households.models import Household
from fieldcollect.problems import Problem
from fieldcollect.rounds.calendar import Round, open_round
from fieldcollect.rounds.models import (
    RoundAdmission,
    RoundEvent,
    RoundExpectation,
    RoundProgress,
    RoundRecord,
)
from fieldcollect.rounds.progress import rebuild_progress, refresh_progress
from fieldcollect.rounds.rules import as_utc, expected_households, expected_work, quarantined
from fieldcollect.timelines.models import TimelineEntry
from fieldcollect.users.roles import SUPERVISOR_ROLES, Role

# Events a caller may record for a household; "open" and "admit" are recorded by this module.
HOUSEHOLD_EVENTS = ("registration", "exit", "return", "repairing")
ADMITTING_ROLES = SUPERVISOR_ROLES | {Role.ADMIN}
EXPECTATION_COLUMNS = ("round_name", "household_id", "cadre_id", "village_code", "category_mask",
                       "category_count", "event_id")


@dataclass(frozen=True)
class RoundInfo:
    round: Round
    deadline: date
    lock_date: date
    is_open: bool  # the round being collected today
    is_locked: bool
    record: RoundRecord | None  # None until the round has opened


def parse_round(name: str) -> Round:
    """Return the round named like 2018Q1, or raise the round_invalid problem."""
    try:
        return Round.parse(name)
    except ValueError:
        raise Problem("round_invalid", name=name) from None


def get_round(session: Session, name: str) -> RoundRecord | None:
    """Return the opened round with this name, or None."""
    return session.get(RoundRecord, name)


def count_expected(session: Session, record: RoundRecord) -> int:
    """Return how many households the round expects."""
    return session.scalar(select(func.count()).where(RoundProgress.round_name == record.name))


def attribution_day(record: RoundRecord, today: date) -> date:
    """Return the day whose primary pairing is responsible: the deadline, or today while it is ahead."""
    return min(record.deadline, today)


def open_round_record(session: Session, round_: Round, settings: RoundsSettings, timezone: str, today: date,
                      actor_id: int | None = None) -> RoundRecord:
    """Open a round: snapshot its rules, write its expected work and progress; return the record."""
    if round_.first_day > today:
        raise Problem("round_not_started", name=str(round_))
    if get_round(session, str(round_)) is not None:
        raise Problem("round_already_open", name=str(round_))
    record = _new_record(round_, settings, timezone, actor_id)
    session.add(record)
    session.flush()
    opening = _event(session, record.name, None, "open", today, actor_id, {})
    session.execute(insert(RoundExpectation.__table__).from_select(
        EXPECTATION_COLUMNS, _work_with_event(record, attribution_day(record, today), opening.id)))
    households = rebuild_progress(session, record)
    opening.detail = {"households": households, "categories": list(record.required_categories),
                      "attribution_day": attribution_day(record, today).isoformat()}
    session.flush()
    return record


def ensure_round(session: Session, round_: Round, settings: RoundsSettings, timezone: str, today: date,
                 actor_id: int | None = None) -> RoundRecord:
    """Return the opened round, opening it first if it has started but nobody has opened it yet."""
    record = get_round(session, str(round_))
    if record is not None:
        return record
    try:
        with session.begin_nested():
            return open_round_record(session, round_, settings, timezone, today, actor_id)
    except IntegrityError:  # a parallel request opened it first
        return get_round(session, str(round_))


def _new_record(round_: Round, settings: RoundsSettings, timezone: str, actor_id: int | None) -> RoundRecord:
    return RoundRecord(
        name=str(round_), year=round_.year, quarter=round_.quarter, first_day=round_.first_day,
        last_day=round_.last_day, deadline=round_.deadline(settings.deadline_day),
        deadline_end=as_utc(round_.deadline_end(settings.deadline_day, timezone)),
        lock_date=round_.lock_date(settings.deadline_day, settings.lock_days),
        lock_at=as_utc(round_.lock_start(settings.deadline_day, settings.lock_days, timezone)),
        required_categories=list(settings.required_categories),
        count_post_exit_monitoring=settings.count_post_exit_monitoring,
        opened_at=datetime.now(UTC), opened_by_id=actor_id)


def _work_with_event(record: RoundRecord, day: date, event_id: int, household_ids=None):
    work = expected_work(record, day, household_ids).subquery("work")
    return select(literal(record.name, String(6)).label("round_name"), work.c.household_id, work.c.cadre_id,
                  work.c.village_code, work.c.category_mask, work.c.category_count,
                  literal(event_id, Integer).label("event_id"))


def _event(session: Session, round_name: str, household_id: int | None, kind: str, occurred_on: date | None,
           actor_id: int | None, detail: dict) -> RoundEvent:
    event = RoundEvent(round_name=round_name, household_id=household_id, kind=kind, occurred_on=occurred_on,
                       actor_id=actor_id, detail=detail)
    session.add(event)
    session.flush()
    return event


def record_household_event(session: Session, household_id: int, kind: str, occurred_on: date, today: date,
                           actor_id: int | None = None, note: str = "") -> list[RoundEvent]:
    """Re-evaluate one household in every unlocked round after a registry event; record each change."""
    if kind not in HOUSEHOLD_EVENTS:
        raise Problem("round_event_unknown", kind=kind, choices="、".join(HOUSEHOLD_EVENTS))
    if session.get(Household, household_id) is None:
        raise Problem("not_found")
    unlocked = session.scalars(select(RoundRecord).where(RoundRecord.lock_date > today)
                               .order_by(RoundRecord.name))
    events = []
    for record in unlocked:
        event = _reconcile(session, record, household_id, kind, occurred_on, today, actor_id, note)
        if event is not None:
            events.append(event)
    return events


def record_household_events(session: Session, events: list[tuple[int, str]], today: date,
                            actor_id: int | None = None, note: str = "") -> int:
    """Record many households' registry events (a bulk import); return how many round events resulted.

    With no unlocked round, which is how a city loads its registry before collection starts, this is
    one query; otherwise each household is reconciled as record_household_event does.
    """
    if not events or session.scalar(select(func.count()).where(RoundRecord.lock_date > today)) == 0:
        return 0
    return sum(len(record_household_event(session, household_id, kind, today, today, actor_id, note))
               for household_id, kind in events)


def _reconcile(session: Session, record: RoundRecord, household_id: int, kind: str, occurred_on: date,
               today: date, actor_id: int | None, note: str) -> RoundEvent | None:
    day = attribution_day(record, today)
    wanted = session.execute(expected_households(record, day, [household_id])).first()
    held = session.execute(select(RoundExpectation.cadre_id).where(
        RoundExpectation.round_name == record.name,
        RoundExpectation.household_id == household_id).limit(1)).first()
    before = {"expected": held is not None, "cadre_id": held.cadre_id if held else None}
    after = {"expected": wanted is not None, "cadre_id": wanted.cadre_id if wanted else None}
    if before == after:
        return None
    event = _event(session, record.name, household_id, kind, occurred_on, actor_id,
                   {"before": before, "after": after, "note": note})
    _apply(session, record, household_id, day, event, before, after)
    refresh_progress(session, record, [household_id])
    return event


def _apply(session: Session, record: RoundRecord, household_id: int, day: date, event: RoundEvent,
           before: dict, after: dict) -> None:
    mine = (RoundExpectation.round_name == record.name) & (RoundExpectation.household_id == household_id)
    if not after["expected"]:
        session.execute(delete(RoundExpectation).where(mine))
    elif not before["expected"]:
        session.execute(insert(RoundExpectation.__table__).from_select(
            EXPECTATION_COLUMNS, _work_with_event(record, day, event.id, [household_id])))
    else:
        session.execute(update(RoundExpectation).where(mine)
                        .values(cadre_id=after["cadre_id"], event_id=event.id))


def may_admit(user) -> bool:
    """Tell whether the user may admit late submissions: supervisors and administrators."""
    return getattr(user, "role", None) in ADMITTING_ROLES


def admit_submission(session: Session, record: RoundRecord, instance_id: str, scope: ColumnElement[bool],
                     actor_id: int | None, today: date, note: str = "") -> RoundAdmission:
    """Count a submission that arrived after its round locked; scope holds the admitting user's households."""
    entry = session.scalar(select(TimelineEntry).join(Household, Household.id == TimelineEntry.household_id)
                           .where(TimelineEntry.instance_id == instance_id,
                                  TimelineEntry.period == record.name, scope))
    if entry is None:
        raise Problem("not_found")
    is_held = session.scalar(select(TimelineEntry.id)
                             .where(TimelineEntry.id == entry.id, quarantined(record)))
    if is_held is None or entry.admitted or _admission(session, entry.submission_id) is not None:
        raise Problem("entry_not_held", instance_id=instance_id)
    admission = RoundAdmission(round_name=record.name, submission_id=entry.submission_id,
                               admitted_by_id=actor_id, note=note)
    session.add(admission)
    entry.admitted = True  # a changed entry refreshes its household's progress when flushed (rounds.progress)
    _event(session, record.name, entry.household_id, "admit", today, actor_id,
           {"instance_id": instance_id, "category": entry.category, "note": note})
    return admission


def _admission(session: Session, submission_id: int) -> RoundAdmission | None:
    return session.scalar(select(RoundAdmission).where(RoundAdmission.submission_id == submission_id))


def list_rounds(session: Session, settings: RoundsSettings, today: date) -> list[RoundInfo]:
    """Return the opened rounds and the one being collected today, newest first."""
    current = open_round(today, settings.deadline_day)
    records = {record.name: record for record in session.scalars(select(RoundRecord))}
    names = set(records) | {str(current)}
    infos = []
    for name in sorted(names, key=Round.parse, reverse=True):
        round_, record = Round.parse(name), records.get(name)
        deadline = record.deadline if record else round_.deadline(settings.deadline_day)
        lock_date = (record.lock_date if record
                     else round_.lock_date(settings.deadline_day, settings.lock_days))
        infos.append(RoundInfo(round_, deadline, lock_date, round_ == current, today >= lock_date, record))
    return infos

