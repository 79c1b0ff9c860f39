"""Keep round_progress in step with the expectations and the timeline entries it is derived from.

A progress row is a function of one household's expectations in a round and its timeline entries
for that period: which expected categories have a counted entry (distinct categories, so a
conflict's two entries fill one expectation and a rate can never pass 100%), when the last of them
first arrived, whether any is in conflict, and how many wait in quarantine. The function is one
INSERT … SELECT, run for a whole round (rebuild_progress) or for a few households (refresh_progress).

Why a flush listener: every writer of timeline entries — the receiver, reprocessing, reviews,
conflict resolution, admissions — keeps the figures right without having to remember to, because
any TimelineEntry added, changed or deleted through the ORM marks its (household, period) and the
rows are recomputed in the same transaction. Code that writes timeline_entries with Core statements
calls refresh_progress itself.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from itertools import chain

from sqlalchemy import (
    Connection,
    and_,
    bindparam,
    case,
    delete,
    event,
    false,
    func,
    insert,
    inspect,
    literal,
    select,
    text,
    true,
)
from sqlalchemy.orm import Session

from fieldcollect.rounds.categories import BITS
from fieldcollect.rounds.models import RoundExpectation, RoundProgress, RoundRecord
from fieldcollect.rounds.rules import as_utc, counted
from fieldcollect.timelines.models import TimelineEntry

TOUCHED = "rounds.touched_entries"  # session.info key: {(household_id, period)} changed in this flush
REBUILD_OVER = 2000  # households touched in one flush beyond which the whole round is recomputed
# The entry attributes progress depends on.
COUNTED_ATTRIBUTES = ("household_id", "category", "period", "submission_id", "received_at", "conflict",
                      "after_lock", "admitted")
PROGRESS = RoundProgress.__table__  # Core statements: they also run inside a flush, on its connection
PROGRESS_COLUMNS = ("round_name", "household_id", "village_code", "cadre_id", "expected_mask",
                    "expected_count", "done_mask", "done_count", "completed_at", "complete", "on_time",
                    "conflict", "held")


def progress_select(round_, household_ids: Collection[int] | None = None):
    """Return a select yielding the progress rows of round_ (for household_ids only, when given)."""
    expected, done = _expected(round_, household_ids), _done(round_, household_ids)
    done_mask = func.coalesce(done.c.done_mask, 0).op("&")(expected.c.expected_mask)
    complete = done_mask == expected.c.expected_mask
    on_time = and_(complete, done.c.last_at < as_utc(round_.deadline_end))
    return (select(literal(round_.name), expected.c.household_id, expected.c.village_code,
                   expected.c.cadre_id, expected.c.expected_mask, expected.c.expected_count, done_mask,
                   func.coalesce(done.c.done_count, 0), case((complete, done.c.last_at), else_=None),
                   _flag(complete), _flag(on_time), _flag(func.coalesce(done.c.conflict, 0) == 1),
                   func.coalesce(done.c.held, 0))
            .select_from(expected.outerjoin(done, done.c.household_id == expected.c.household_id)))


def _flag(condition):
    return case((condition, true()), else_=false())


def _expected(round_, household_ids):
    e = RoundExpectation
    query = (select(e.household_id, e.village_code, e.cadre_id, e.category_mask.label("expected_mask"),
                    e.category_count.label("expected_count"))
             .where(e.round_name == round_.name))
    if household_ids is not None:
        query = query.where(e.household_id.in_(household_ids))
    return query.subquery("expected")


def _done(round_, household_ids):
    """Per household: the required categories with a counted entry, when the last first arrived, any
    conflict among them, and how many entries wait in quarantine — in one pass over the entries."""
    t, is_counted = TimelineEntry, counted(round_)
    per_category = (select(t.household_id, t.category,
                           func.min(case((is_counted, t.received_at), else_=None)).label("first_at"),
                           func.max(case((and_(is_counted, t.conflict.is_(True)), 1),
                                         else_=0)).label("conflict"),
                           func.sum(case((is_counted, 0), else_=1)).label("held"))
                    .where(t.period == round_.name, t.category.in_(list(round_.required_categories)))
                    .group_by(t.household_id, t.category))
    if household_ids is not None:
        per_category = per_category.where(t.household_id.in_(household_ids))
    c = per_category.subquery("per_category").c
    received = c.first_at.is_not(None)
    return (select(c.household_id, func.sum(case((received, case(BITS, value=c.category, else_=0)),
                                                 else_=0)).label("done_mask"),
                   func.count(c.first_at).label("done_count"), func.max(c.first_at).label("last_at"),
                   func.max(c.conflict).label("conflict"), func.sum(c.held).label("held"))
            .group_by(c.household_id).subquery("done"))


def rebuild_progress(connection: Connection | Session, round_) -> int:
    """Recompute every progress row of round_ from scratch; return how many households it expects."""
    bind = connection.get_bind() if hasattr(connection, "get_bind") else connection
    if bind.dialect.name == "postgresql":
        # Grouping a round's entries by household and category outgrows the default 4 MB and spills to disk.
        connection.execute(text("SET LOCAL work_mem = '64MB'"))
    connection.execute(delete(PROGRESS).where(PROGRESS.c.round_name == round_.name))
    connection.execute(insert(PROGRESS).from_select(PROGRESS_COLUMNS, progress_select(round_)))
    return connection.scalar(select(func.count()).where(PROGRESS.c.round_name == round_.name))


def refresh_progress(connection: Connection | Session, round_, household_ids: Collection[int]) -> None:
    """Recompute the progress rows of round_ for the given households."""
    ids = sorted(set(household_ids))
    if not ids:
        return
    connection.execute(delete(PROGRESS).where(PROGRESS.c.round_name == round_.name,
                                              PROGRESS.c.household_id.in_(ids)))
    connection.execute(insert(PROGRESS).from_select(PROGRESS_COLUMNS, progress_select(round_, ids)))


# Built once: the receiver asks on every submission, and building the select costs more than running it.
ROUND_RECORDS = (select(RoundRecord.name, RoundRecord.deadline_end, RoundRecord.lock_at,
                        RoundRecord.required_categories)
                 .where(RoundRecord.name.in_(bindparam("names", expanding=True))))


def refresh_touched(connection: Connection | Session, touched: Iterable[tuple[int, str]]) -> None:
    """Recompute progress for each (household_id, period) whose period is an opened round."""
    by_period: dict[str, set[int]] = defaultdict(set)
    for household_id, period in touched:
        if household_id is not None and period:
            by_period[period].add(household_id)
    if not by_period:
        return
    records = connection.execute(ROUND_RECORDS, {"names": sorted(by_period)})
    for record in records.all():
        households = by_period[record.name]
        if len(households) > REBUILD_OVER:  # a replay or bulk change: one set-based pass beats a long IN list
            rebuild_progress(connection, record)
        else:
            refresh_progress(connection, record, households)


def _entry_keys(session: Session, entry: TimelineEntry) -> set[tuple[int, str]]:
    keys = {(entry.household_id, entry.period)}
    state = inspect(entry)
    moved = state.attrs.household_id.history.has_changes() or state.attrs.period.history.has_changes()
    if state.persistent and moved:
        # The old values are not in the history when the attribute was expired before it was set, so
        # read them from the row, which the flush has not yet changed.
        old = session.connection().execute(select(TimelineEntry.household_id, TimelineEntry.period)
                                           .where(TimelineEntry.id == entry.id)).first()
        if old is not None:
            keys.add((old.household_id, old.period))
    return keys


@event.listens_for(Session, "before_flush")
def _note_touched_entries(session: Session, flush_context, instances) -> None:
    touched = session.info.setdefault(TOUCHED, set())
    for instance in chain(session.new, session.deleted):
        if isinstance(instance, TimelineEntry):
            touched |= _entry_keys(session, instance)
    for instance in session.dirty:
        if isinstance(instance, TimelineEntry) and _counts_differently(instance):
            touched |= _entry_keys(session, instance)


def _counts_differently(entry: TimelineEntry) -> bool:
    # Rewriting an entry's answers, changes or findings leaves the figures as they are: skip the work.
    attrs = inspect(entry).attrs
    return any(attrs[name].history.has_changes() for name in COUNTED_ATTRIBUTES)


@event.listens_for(Session, "after_flush")
def _refresh_touched_entries(session: Session, flush_context) -> None:
    touched = session.info.pop(TOUCHED, None)
    if touched:
        refresh_touched(session.connection(), touched)
