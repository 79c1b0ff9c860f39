"""Household timelines in the database: merge a submission in or out, rebuild, read, resolve conflicts.

Every change goes the same way: lock the household row (SELECT … FOR UPDATE on PostgreSQL, so two
submissions for one household are merged one after the other and neither loses the other's
update), write or delete this submission's TimelineEntry, then rebuild the whole category timeline
of that household with the pure timeline.build_timeline and write back each entry's changes and
conflict flags. Because the rebuild depends only on the stored entries and resolutions, arrival
order, replays and concurrent requests all end in the same rows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime
from itertools import groupby

from sqlalchemy import bindparam, insert, select
from sqlalchemy.orm import Session

from fieldcollect.cadres.models import Cadre
from fieldcollect.config import RoundsSettings
from fieldcollect.forms.categories import QUARTERLY_CODES
from fieldcollect.households.models import Household
from fieldcollect.problems import Problem
from fieldcollect.rounds.calendar import Round
from fieldcollect.rounds.progress import refresh_touched
from fieldcollect.submissions.models import Submission
from fieldcollect.timelines.changes import Change
from fieldcollect.timelines.models import ConflictResolution, TimelineEntry
from fieldcollect.timelines.timeline import Entry, Resolution, Timeline, build_timeline, merge_fields
from fieldcollect.timelines.window import read_neighbourhood
from fieldcollect.validation.form_rules import FormRules
from fieldcollect.validation.service import local_date, rules_by_version_id


@dataclass(frozen=True)
class Placement:
    """Where an accepted submission's current version goes, and what it says."""

    household_id: int
    category: str
    period: str
    version_id: int
    instance_id: str
    form_version_id: int
    cadre_id: int | None
    submitter_id: int | None
    visit_date: date | None
    received_at: datetime  # of the submission's first version
    answers: dict
    findings: list


@dataclass(frozen=True)
class CategoryState:
    period: str
    instance_id: str | None
    fields: dict
    conflict: bool
    conflict_id: str | None
    conflicting_fields: tuple[str, ...]
    form_version_ids: tuple[int, ...]


def belongs_in_timeline(category: str | None, period: str | None) -> bool:
    """Tell whether a submission of this category and period has a place in a household timeline."""
    if category not in QUARTERLY_CODES or not period:
        return False
    try:
        Round.parse(period)
    except ValueError:
        return False
    return True


def place_submission(session: Session, submission_id: int, placement: Placement | None,
                     rounds: RoundsSettings, timezone: str, rules: dict[int, FormRules] | None = None,
                     previous: tuple[int | None, str | None] = (None, None)) -> None:
    """Write (placement) or remove (None) the submission's timeline entry and rebuild what it touches.

    previous is the household and category the submission named before this processing: an entry,
    if it has one, is in that timeline.
    """
    touched = {previous} if previous[0] is not None and previous[1] else set()
    if placement is not None:
        touched.add((placement.household_id, placement.category))
    if not touched:
        return
    timelines, since, versions = _timelines_to_rewrite(session, submission_id, placement, previous, touched)
    new = _put_entry(session, timelines, submission_id, placement, rounds, timezone)
    with session.no_autoflush:  # the new entry is written once, with its changes
        for (household_id, category), rows in timelines.items():
            _rewrite(session, household_id, category, rows, rules, since, versions)
    if new is not None:
        _insert(session, new)
    session.flush()


def _timelines_to_rewrite(session: Session, submission_id: int, placement: Placement | None,
                          previous: tuple[int | None, str | None], touched: set):
    """Lock and read the timelines to rewrite, and from which period: a first placement's neighbourhood if it can."""
    if previous[0] is None and placement is not None:  # a first placement: only its neighbourhood changes
        timelines, versions = _locked_neighbourhood(session, submission_id, placement)
        if not any(row.submission_id == submission_id for rows in timelines.values() for row in rows):
            return timelines, placement.period, versions
        # it has an entry after all: rebuild the whole timeline, as for a move
    return _locked_timelines(session, touched), None, None


def _put_entry(session: Session, timelines: dict, submission_id: int, placement: Placement | None,
               rounds: RoundsSettings, timezone: str) -> TimelineEntry | None:
    """Take the submission's entry out of its timeline and put the placed one in; return it if it is new."""
    own = next((row for rows in timelines.values() for row in rows if row.submission_id == submission_id),
               None)
    if own is not None:
        timelines[(own.household_id, own.category)].remove(own)
    if placement is None:
        if own is not None:
            session.delete(own)
        return None
    # A new entry stays out of the session: _insert writes it with one statement.
    entry = own or TimelineEntry(submission_id=submission_id, admitted=False)
    _fill(entry, placement, rounds, timezone)
    timelines[(placement.household_id, placement.category)].append(entry)
    return entry if own is None else None


def _insert(session: Session, entry: TimelineEntry) -> None:
    # One Core INSERT instead of a unit-of-work flush: the hot path of every new submission. The rounds
    # figures follow ORM flushes by themselves; a Core write refreshes them as rounds.progress asks.
    connection = session.connection()
    connection.execute(INSERT_ENTRY, {column: getattr(entry, column) for column in ENTRY_COLUMNS})
    refresh_touched(connection, {(entry.household_id, entry.period)})


INSERT_ENTRY = insert(TimelineEntry.__table__)  # on the table: the ORM's bulk-insert path costs more
ENTRY_COLUMNS = tuple(column.name for column in TimelineEntry.__table__.columns if column.name != "id")
LOCK = (select(Household.id).where(Household.id.in_(bindparam("ids", expanding=True))).order_by(Household.id)
        .with_for_update(key_share=True))
CATEGORY_ENTRIES = (select(TimelineEntry).where(TimelineEntry.household_id == bindparam("household_id"),
                                                TimelineEntry.category == bindparam("category"))
                    .order_by(TimelineEntry.id).execution_options(populate_existing=True))


def _locked_timelines(session: Session,
                      touched: set[tuple[int, str]]) -> dict[tuple[int, str], list[TimelineEntry]]:
    """Lock the households, then read their category timelines.

    Two statements on purpose: a SELECT … FOR UPDATE that waits for the lock re-reads only the locked
    row afterwards, so entries joined in the same statement would miss what the previous holder wrote.
    """
    lock_households(session, {household_id for household_id, _ in touched})
    return {key: _entries(session, *key) for key in sorted(touched)}


def _locked_neighbourhood(session: Session, submission_id: int, placement: Placement):
    """Lock the household, then read the part of its category timeline a new entry can change."""
    lock_households(session, {placement.household_id})
    rows, versions = read_neighbourhood(session, placement.household_id, placement.category, placement.period,
                                        submission_id)
    return {(placement.household_id, placement.category): rows}, versions | {placement.form_version_id}


def lock_households(session: Session, household_ids: set[int]) -> None:
    """Lock the households' rows until the transaction ends (PostgreSQL; SQLite serialises writers).

    FOR NO KEY UPDATE: merges for one household wait for each other, but rows that merely reference
    the household (their foreign-key checks take FOR KEY SHARE) are not blocked, so writing the
    submission's household_id before or after the lock cannot deadlock two merges.
    """
    session.connection().execute(LOCK, {"ids": sorted(household_ids)})


def rebuild_timeline(session: Session, household_id: int, category: str,
                     rules: dict[int, FormRules] | None = None) -> Timeline | None:
    """Recompute changes and conflicts of one household's category timeline from its stored entries."""
    timeline = _rewrite(session, household_id, category, _entries(session, household_id, category), rules)
    session.flush()
    return timeline


def _rewrite(session: Session, household_id: int, category: str, rows: list[TimelineEntry],
             rules: dict[int, FormRules] | None, since: str | None = None,
             versions: set[int] | None = None) -> Timeline | None:
    """Set each row's changes and conflict flags from the timeline its rows make (only what differs).

    With since, rows are a neighbourhood (timelines.window): only rows of that period and later are
    rewritten, the period before serving as their base; versions are then the whole timeline's.
    """
    if not rows:
        return None
    timeline, by_entry = _build(session, household_id, category, rows, rules, versions)
    for item in timeline.items:
        if since is not None and Round.parse(item.entry.period) < Round.parse(since):
            continue
        row = by_entry[id(item.entry)]
        changes = [change_dict(change) for change in item.changes]
        if row.changes != changes:
            row.changes = changes
        fields = list(item.conflicting_fields)
        if row.conflict != item.conflict or list(row.conflicting_fields or []) != fields:
            row.conflict, row.conflicting_fields = item.conflict, fields
    return timeline


def household_states(session: Session, household_id: int,
                     entries: list[TimelineEntry] | None = None) -> dict[str, CategoryState]:
    """Return the current state of each category of a household: its latest period's answers.

    entries, when the caller has already read all of the household's entries, saves reading them again.
    """
    if entries is None:
        rows = _entries(session, household_id, None)
    else:
        rows = sorted(entries, key=lambda row: (row.category, row.id))  # as _entries orders them
    states = {}
    for category, group in groupby(rows, key=lambda row: row.category):
        category_rows = list(group)
        timeline, _ = _build(session, household_id, category, category_rows, None)
        state = timeline.state
        latest = [item for item in timeline.items if item.entry.period == state.period]
        conflicting = tuple(sorted({name for item in latest for name in item.conflicting_fields}))
        states[category] = CategoryState(
            state.period, state.instance_id, dict(state.answers), state.conflict,
            conflict_id(category, state.period) if len(latest) > 1 else None, conflicting,
            tuple(sorted({row.form_version_id for row in category_rows if row.period == state.period})))
    return states


@dataclass(frozen=True)
class TimelineRow:
    entry: TimelineEntry
    review_state: str
    cadre_name: str | None


def household_timeline(session: Session, household_id: int, category: str | None = None,
                       period: str | None = None) -> list[TimelineRow]:
    """Return a household's timeline entries in period order (then arrival), optionally filtered."""
    query = (select(TimelineEntry, Submission.review_state, Cadre.name)
             .join(Submission, Submission.id == TimelineEntry.submission_id)
             .outerjoin(Cadre, Cadre.id == TimelineEntry.cadre_id)
             .where(TimelineEntry.household_id == household_id))
    if category:
        query = query.where(TimelineEntry.category == category)
    if period:
        query = query.where(TimelineEntry.period == period)
    rows = [TimelineRow(*row) for row in session.execute(query)]
    return sorted(rows, key=lambda row: (Round.parse(row.entry.period), _aware(row.entry.received_at),
                                         row.entry.instance_id))


def personal_fields(session: Session, form_version_ids: set[int]) -> tuple[frozenset[str], bool]:
    """Return the personal fields of these form versions, and whether any repeat is keyed by one."""
    rules = rules_by_version_id(session, form_version_ids) if form_version_ids else {}
    personal = frozenset().union(*(r.personal for r in rules.values()))
    keyed = any(key in r.personal for r in rules.values() for key in r.row_keys.values())
    return personal, keyed


def conflict_id(category: str, period: str) -> str:
    """Return the id the API names a conflict by: category and period, e.g. income-2018Q1."""
    return f"{category}-{period}"


def resolve_conflict(session: Session, household_id: int, conflict: str, user_id: int | None, now: datetime,
                     chosen: str | None = None, base: str | None = None,
                     picks: dict[str, str] | None = None) -> ConflictResolution:
    """Record a supervisor's choice (one submission, or a field-by-field merge) and rebuild the timeline."""
    category, _, period = conflict.partition("-")
    lock_households(session, {household_id})
    rows = [row for row in _entries(session, household_id, category) if row.period == period]
    if len(rows) < 2:
        raise Problem("not_found")
    answers = {row.instance_id: row.answers for row in rows}
    resolved = _resolved_answers(answers, chosen, base, picks or {})
    resolution = ConflictResolution(household_id=household_id, category=category, period=period,
                                    instance_ids=sorted(answers), chosen_instance_id=chosen or None,
                                    picks=dict(picks or {}), answers=resolved, resolved_by=user_id,
                                    resolved_at=now)
    session.add(resolution)
    session.flush()
    rebuild_timeline(session, household_id, category)
    return resolution


def clear_timelines(session: Session) -> int:
    """Delete every timeline entry (a full replay writes them again); return how many there were."""
    rows = list(session.scalars(select(TimelineEntry)))
    for row in rows:
        session.delete(row)
    session.flush()
    return len(rows)


def change_dict(change: Change) -> dict:
    """Return the JSON form of a change stored on an entry."""
    return {"field": change.field, "old": change.old, "new": change.new, "row": change.row}


def _resolved_answers(answers: dict[str, dict], chosen: str | None, base: str | None,
                      picks: dict[str, str]) -> dict:
    if chosen:
        if chosen not in answers:
            raise Problem("conflict_pick_unknown", instance_id=chosen)
        return dict(answers[chosen])
    if not base or not picks:
        raise Problem("conflict_resolution_invalid")
    unknown = [instance_id for instance_id in [base, *picks.values()] if instance_id not in answers]
    if unknown:
        raise Problem("conflict_pick_unknown", instance_id=unknown[0])
    return merge_fields(answers, picks, base)


def _fill(entry: TimelineEntry, placement: Placement, rounds: RoundsSettings, timezone: str) -> None:
    lock_day = Round.parse(placement.period).lock_date(rounds.deadline_day, rounds.lock_days)
    values = {
        "household_id": placement.household_id, "category": placement.category, "period": placement.period,
        "version_id": placement.version_id, "instance_id": placement.instance_id,
        "form_version_id": placement.form_version_id, "cadre_id": placement.cadre_id,
        "submitter_id": placement.submitter_id, "visit_date": placement.visit_date,
        "received_at": placement.received_at, "answers": placement.answers, "findings": placement.findings,
        "after_lock": local_date(placement.received_at, timezone) >= lock_day,
    }
    for name, value in values.items():
        if getattr(entry, name) != value:
            setattr(entry, name, value)
    if entry.changes is None:
        entry.changes, entry.conflict, entry.conflicting_fields = [], False, []


def _entries(session: Session, household_id: int, category: str | None) -> list[TimelineEntry]:
    if category is not None:  # the merge's query: built once
        return list(session.scalars(CATEGORY_ENTRIES, {"household_id": household_id, "category": category}))
    query = (select(TimelineEntry).where(TimelineEntry.household_id == household_id)
             .order_by(TimelineEntry.category, TimelineEntry.id).execution_options(populate_existing=True))
    if category is not None:
        query = query.where(TimelineEntry.category == category)
    return list(session.scalars(query))


def _build(session: Session, household_id: int, category: str, rows: list[TimelineEntry],
           rules: dict[int, FormRules] | None,
           versions: set[int] | None = None) -> tuple[Timeline, dict[int, TimelineEntry]]:
    by_entry = {}
    entries = []
    for row in rows:
        entry = Entry(row.instance_id, row.period, _aware(row.received_at), row.answers or {})
        by_entry[id(entry)] = row
        entries.append(entry)
    versions = versions or {row.form_version_id for row in rows}
    timeline = build_timeline(entries, _row_keys(session, versions, rules),
                              _resolutions(session, household_id, category, rows))
    return timeline, by_entry


def _row_keys(session: Session, versions: set[int], known: dict[int, FormRules] | None) -> dict[str, str]:
    known = dict(known or {})
    missing = versions - set(known)
    if missing:
        known.update(rules_by_version_id(session, missing))
    keys: dict[str, str] = {}
    for version_id in sorted(versions):
        keys.update(known[version_id].row_keys)
    return keys


def _resolutions(session: Session, household_id: int, category: str,
                 rows: list[TimelineEntry]) -> dict[str, Resolution]:
    in_period: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        in_period[row.period].append(row.instance_id)
    contested = {period for period, ids in in_period.items() if len(ids) > 1}
    if not contested:
        return {}
    found = session.scalars(select(ConflictResolution).where(
        ConflictResolution.household_id == household_id, ConflictResolution.category == category,
        ConflictResolution.period.in_(contested)).order_by(ConflictResolution.id))
    resolutions = {}
    for resolution in found:  # the latest one that settles exactly today's entries applies
        if sorted(resolution.instance_ids) == sorted(in_period[resolution.period]):
            resolutions[resolution.period] = Resolution(resolution.period, resolution.answers,
                                                        resolution.chosen_instance_id)
    return resolutions


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
