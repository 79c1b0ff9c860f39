"""The part of a category timeline that a submission's first placement can change, read in one query.

An entry's changes depend only on its own answers and on the settled answers of the period just
before it; its conflict flags only on the other entries of its period. So a new entry for period P
changes nothing but the entries of P and of the next period after P, and to recompute those the
merge needs the entries of P, of the periods just before and just after it, and the form versions
of the whole timeline (their row keys decide how repeats are matched). Reading only that keeps a
merge's cost flat however long a household's history grows, and gives exactly what a rebuild of the
whole timeline would write. Round names ("2018Q1") sort as text in calendar order.
"""

from __future__ import annotations

from sqlalchemy import String, bindparam, cast, func, or_, select
from sqlalchemy.orm import Session, aliased

from fieldcollect.timelines.models import TimelineEntry

_other = aliased(TimelineEntry, name="other")  # the subqueries read the same table as the outer query
_SAME_TIMELINE = ((_other.household_id == bindparam("household_id"))
                  & (_other.category == bindparam("category")))
_BEFORE = (select(func.max(_other.period)).where(_SAME_TIMELINE, _other.period < bindparam("period"))
           .scalar_subquery())
_AFTER = (select(func.min(_other.period)).where(_SAME_TIMELINE, _other.period > bindparam("period"))
          .scalar_subquery())
_VERSIONS = (select(func.aggregate_strings(cast(_other.form_version_id, String), ","))
             .where(_SAME_TIMELINE).scalar_subquery())
NEIGHBOURHOOD = (
    select(TimelineEntry, _VERSIONS)
    .where(TimelineEntry.household_id == bindparam("household_id"),
           TimelineEntry.category == bindparam("category"),
           or_(TimelineEntry.period == bindparam("period"), TimelineEntry.period == _BEFORE,
               TimelineEntry.period == _AFTER, TimelineEntry.submission_id == bindparam("submission_id")))
    .order_by(TimelineEntry.id).execution_options(populate_existing=True))


def read_neighbourhood(session: Session, household_id: int, category: str, period: str,
                       submission_id: int) -> tuple[list[TimelineEntry], set[int]]:
    """Return the entries of period and of the periods just before and after it (and the submission's own
    entry, if it has one), with the form version ids of the whole timeline."""
    rows = session.execute(NEIGHBOURHOOD, {"household_id": household_id, "category": category,
                                           "period": period, "submission_id": submission_id}).all()
    versions = {int(version_id) for version_id in rows[0][1].split(",")} if rows else set()
    return [entry for entry, _ in rows], versions
