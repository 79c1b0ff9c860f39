"""Net income per person (人均纯收入) of a region, period by period, from the income category's entries.

A region's figure is its households' net income (纯收入, aac079) added up and divided by their
people (家庭人口数), as the statistics bureau computes a per-capita figure, not an average of
household ratios. Each household counts once per period: when two entries disagree (a conflict
not yet resolved) the latest stored one stands. Everything is one GROUP BY in SQL; an answer that
is not a number (a blank calculation) is left out rather than failing the cast.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Float, and_, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import FunctionElement

from fieldcollect.households.models import Household
from fieldcollect.regions.codes import subtree_bounds
from fieldcollect.timelines.models import TimelineEntry

INCOME = "income"
NET_INCOME, MEMBER_COUNT = "net_income", "member_count"  # field names in the income form (fp_income)


@dataclass(frozen=True)
class IncomeFigures:
    households: int
    people: int
    net_income: float

    @property
    def per_person(self) -> float | None:
        return self.net_income / self.people if self.people else None


class json_number(FunctionElement):  # noqa: N801 — named like the SQL functions it stands for
    """A top-level key of a JSON column as a float, or NULL when its value is not a JSON number."""

    type = Float()
    inherit_cache = True


@compiles(json_number, "postgresql")
def _json_number_postgresql(element, compiler, **kw):
    column, key = (compiler.process(clause, **kw) for clause in element.clauses)
    return (f"CASE WHEN json_typeof({column} -> {key}) = 'number' "
            f"THEN CAST({column} ->> {key} AS DOUBLE PRECISION) END")


@compiles(json_number, "sqlite")
def _json_number_sqlite(element, compiler, **kw):
    column, key = (compiler.process(clause, **kw) for clause in element.clauses)
    path = f"'$.' || {key}"
    return (f"CASE WHEN json_type({column}, {path}) IN ('integer', 'real') "
            f"THEN CAST(json_extract({column}, {path}) AS REAL) END")


def income_per_person(session: Session, periods: Collection[str], region_code: str,
                      scope: ColumnElement[bool] | None = None) -> dict[str, IncomeFigures]:
    """Return the income figures of the region's households (within scope) for each period that has any."""
    if not periods:
        return {}
    latest = _latest_income_entries(periods, region_code, scope).subquery("latest")
    t = TimelineEntry
    net, people = json_number(t.answers, NET_INCOME), json_number(t.answers, MEMBER_COUNT)
    query = (select(t.period, func.count().label("households"), func.sum(people).label("people"),
                    func.sum(net).label("net_income"))
             .join(latest, latest.c.id == t.id)
             .where(and_(net.is_not(None), people > 0))
             .group_by(t.period))
    return {row.period: IncomeFigures(row.households, int(row.people), float(row.net_income))
            for row in session.execute(query)}


def _latest_income_entries(periods: Collection[str], region_code: str, scope: ColumnElement[bool] | None):
    t = TimelineEntry
    query = (select(func.max(t.id).label("id"))
             .join(Household, Household.id == t.household_id)
             .where(t.category == INCOME, t.period.in_(list(periods)),
                    Household.village_code.between(*subtree_bounds(region_code)))
             .group_by(t.household_id, t.period))
    return query if scope is None else query.where(scope)
