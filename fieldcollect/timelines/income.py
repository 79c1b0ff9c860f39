"""Net income per person (人均纯收入) of a region, period by period, from the income category's entries.

A region's figure is its households' net income (纯收入, aac079) added up and divided by their
people (家庭人口数), as the statistics bureau computes a per-capita figure, not an average of
household ratios. Each household counts once per period, with the answers that stand as the
household's timeline settles them (timeline.build_timeline): a supervisor's resolution of exactly the
period's entries (a pick or a field-by-field merge, both stored as its answers), else the latest
entry by (received_at, instance_id). A rejected submission has no entry, so it never counts.
Everything is one GROUP BY in SQL; an answer that is not a number (a blank calculation) is left out
rather than failing the cast.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import Boolean, ColumnElement, Float, and_, exists, func, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.expression import FunctionElement

from fieldcollect.households.models import Household
from fieldcollect.regions.codes import subtree_bounds
from fieldcollect.timelines.models import ConflictResolution, TimelineEntry

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


class json_array_has(FunctionElement):  # noqa: N801 — named like the SQL functions it stands for
    """Whether a JSON array of strings holds the given string."""

    type = Boolean()
    inherit_cache = True


@compiles(json_array_has, "postgresql")
def _json_array_has_postgresql(element, compiler, **kw):
    array, value = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"EXISTS (SELECT 1 FROM json_array_elements_text({array}) AS element(value) WHERE element.value = {value})"


@compiles(json_array_has, "sqlite")
def _json_array_has_sqlite(element, compiler, **kw):
    array, value = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"EXISTS (SELECT 1 FROM json_each({array}) AS element WHERE element.value = {value})"


def income_per_person(session: Session, periods: Collection[str], region_code: str,
                      scope: ColumnElement[bool] | None = None) -> dict[str, IncomeFigures]:
    """Return the income figures of the region's households (within scope) for each period that has any."""
    if not periods:
        return {}
    t, r = TimelineEntry, ConflictResolution
    answers = func.coalesce(r.answers, t.answers)  # a resolution's answers are never NULL
    net, people = json_number(answers, NET_INCOME), json_number(answers, MEMBER_COUNT)
    query = (select(t.period, func.count().label("households"), func.sum(people).label("people"),
                    func.sum(net).label("net_income"))
             .join(Household, Household.id == t.household_id)
             .outerjoin(r, r.id == _settling_resolution(t))
             .where(t.category == INCOME, t.period.in_(list(periods)),
                    Household.village_code.between(*subtree_bounds(region_code)),
                    ~exists().where(_later_in_period(t)), net.is_not(None), people > 0)
             .group_by(t.period))
    if scope is not None:
        query = query.where(scope)
    return {row.period: IncomeFigures(row.households, int(row.people), float(row.net_income))
            for row in session.execute(query)}


def _same_period(other, entry) -> ColumnElement[bool]:
    return and_(other.household_id == entry.household_id, other.category == entry.category,
                other.period == entry.period)


def _later_in_period(entry) -> ColumnElement[bool]:
    """An entry of the same period received after this one: then this one is not the latest."""
    later = aliased(TimelineEntry)
    return and_(_same_period(later, entry),
                or_(later.received_at > entry.received_at,
                    and_(later.received_at == entry.received_at, later.instance_id > entry.instance_id)))


def _settling_resolution(entry):
    """The id of the latest resolution that lists exactly the entries of this entry's period, or NULL.

    As timelines.service._resolutions decides: a resolution settles a period only while its
    instance_ids are the period's entries (both sides are distinct instanceIDs, so equal length and
    no entry missing from the list is set equality); a later or a rejected submission reopens it.
    """
    r, other, missing = aliased(ConflictResolution), aliased(TimelineEntry), aliased(TimelineEntry)
    # Correlated explicitly: auto-correlation reaches only the enclosing SELECT, not the entry's one further out.
    entries = select(func.count()).where(_same_period(other, entry)).correlate(entry).scalar_subquery()
    return (select(func.max(r.id))
            .where(_same_period(r, entry), func.json_array_length(r.instance_ids) > 1,
                   func.json_array_length(r.instance_ids) == entries,
                   ~exists().where(_same_period(missing, entry),
                                   ~json_array_has(r.instance_ids, missing.instance_id)).correlate(entry, r))
            .scalar_subquery())
