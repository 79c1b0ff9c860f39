"""The two rules of a round, written once as SQL: which households it expects, and which entries count.

Expected: every registered household not exited before the round (households under post-exit
monitoring — 已脱贫（享受政策）— only when the round was opened with count_post_exit_monitoring),
attributed to its primary paired cadre on the attribution day. A household's status at a date is
read from its dated status changes; a household without any falls back to its registered and exit
years. The same select serves opening a whole round and re-evaluating one household after an
event, so the two can never disagree.

Counted: a timeline entry of the round's period counts unless it is quarantined — received on or
after the lock instant, or flagged after_lock by the receiver — and not admitted by a supervisor.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, date, datetime

from sqlalchemy import ColumnElement, Integer, Select, and_, exists, literal, not_, or_, select

from fieldcollect.cadres.models import Pairing
from fieldcollect.households import codes
from fieldcollect.households.models import Household, StatusChange
from fieldcollect.rounds.categories import mask_of
from fieldcollect.rounds.models import RoundAdmission
from fieldcollect.timelines.models import TimelineEntry


def as_utc(moment: datetime) -> datetime:
    """Return an aware UTC datetime (naive values read back from SQLite are UTC already)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def excluded_statuses(count_post_exit_monitoring: bool) -> tuple[str, ...]:
    """Return the 脱贫状态 codes that take a household out of a round when held before it starts."""
    return (codes.EXITED,) if count_post_exit_monitoring else (codes.EXITED, codes.EXITED_SUPPORTED)


def expected_households(round_, attribution_day: date,
                        household_ids: Collection[int] | None = None) -> Select:
    """Return a select of (household_id, village_code, cadre_id) for the households round_ expects."""
    cadre = (select(Pairing.cadre_id)
             .where(Pairing.household_id == Household.id, Pairing.is_primary.is_(True),
                    Pairing.in_force(attribution_day))
             .order_by(Pairing.start_date.desc(), Pairing.id.desc()).limit(1).scalar_subquery())
    query = (select(Household.id.label("household_id"), Household.village_code, cadre.label("cadre_id"))
             .where(_on_register(round_)))
    if household_ids is not None:
        query = query.where(Household.id.in_(household_ids))
    return query


def _on_register(round_) -> ColumnElement[bool]:
    excluded = excluded_statuses(round_.count_post_exit_monitoring)
    history = StatusChange.household_id == Household.id
    status_before = (select(StatusChange.status).where(history, StatusChange.changed_on < round_.first_day)
                     .order_by(StatusChange.changed_on.desc(), StatusChange.id.desc())
                     .limit(1).scalar_subquery())
    with_history = and_(exists().where(history, StatusChange.changed_on <= round_.last_day),
                        or_(status_before.is_(None), status_before.not_in(excluded)))
    without_history = and_(~exists().where(history), Household.registered_year <= round_.year,
                           or_(Household.status.not_in(excluded), Household.exit_year.is_(None),
                               Household.exit_year >= round_.year))
    return or_(with_history, without_history)


def expected_work(round_, attribution_day: date, household_ids: Collection[int] | None = None) -> Select:
    """Return a select of (household_id, cadre_id, village_code, category_mask, category_count)."""
    households = expected_households(round_, attribution_day, household_ids).subquery("expected")
    categories = list(round_.required_categories)
    return select(households.c.household_id, households.c.cadre_id, households.c.village_code,
                  literal(mask_of(categories), Integer).label("category_mask"),
                  literal(len(categories), Integer).label("category_count"))


def quarantined(round_) -> ColumnElement[bool]:
    """Return the WHERE clause on TimelineEntry for entries that arrived after the round locked."""
    return or_(TimelineEntry.after_lock.is_(True), TimelineEntry.received_at >= as_utc(round_.lock_at))


def admitted() -> ColumnElement[bool]:
    """Return the WHERE clause on TimelineEntry for entries a supervisor admitted into their round."""
    return or_(TimelineEntry.admitted.is_(True),
               TimelineEntry.submission_id.in_(select(RoundAdmission.submission_id)))


def counted(round_) -> ColumnElement[bool]:
    """Return the WHERE clause on TimelineEntry for entries that count towards the round."""
    return or_(not_(quarantined(round_)), admitted())
