"""Roll-ups of a round's progress for a region and its children, for cadres, and down to one household.

Every figure is one GROUP BY over round_progress — one row per expected household, indexed on
(round, village code) — with the region as one BETWEEN on the village code and the caller's scope
as a join to households; nothing is counted in Python. A child region's key is the prefix of the
village code at the child's level (regions.codes), so the children of any region come from the
same query.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Column, ColumnElement, Select, and_, case, func, select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.selectable import ScalarSelect
from sqlalchemy.sql.util import find_tables
from sqlalchemy.sql.visitors import replacement_traverse

from fieldcollect.cadres.models import Cadre
from fieldcollect.households.codes import HEAD
from fieldcollect.households.models import Household, Member
from fieldcollect.regions.codes import SIGNIFICANT_DIGITS, Level, level_of, subtree_bounds
from fieldcollect.regions.models import Region
from fieldcollect.rounds.categories import BITS, categories_in
from fieldcollect.rounds.models import RoundProgress, RoundRecord

SCOPE_COLUMNS = {Household.__table__.c.id: RoundProgress.__table__.c.household_id,
                 Household.__table__.c.village_code: RoundProgress.__table__.c.village_code}
CHILD_LEVEL = {Level.CITY: Level.BANNER, Level.BANNER: Level.TOWNSHIP, Level.TOWNSHIP: Level.VILLAGE}


@dataclass(frozen=True)
class Figures:
    expected: int = 0
    complete: int = 0
    on_time: int = 0
    conflict: int = 0
    by_category: dict[str, tuple[int, int]] = field(default_factory=dict)  # category: (expected, received)

    @property
    def late(self) -> int:
        return self.complete - self.on_time

    @property
    def missing(self) -> int:
        return self.expected - self.complete

    @property
    def completion_rate(self) -> float | None:
        return self.complete / self.expected if self.expected else None

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.expected if self.expected else None

    def __add__(self, other: Figures) -> Figures:
        categories = self.by_category.keys() | other.by_category.keys()
        by_category = {c: tuple(a + b for a, b in zip(self.by_category.get(c, (0, 0)),
                                                      other.by_category.get(c, (0, 0)), strict=True))
                       for c in categories}
        return Figures(self.expected + other.expected, self.complete + other.complete,
                       self.on_time + other.on_time, self.conflict + other.conflict, by_category)


@dataclass(frozen=True)
class HouseholdProgress:
    household_id: int
    household_code: str
    head_name: str | None
    village_code: str
    cadre_id: int | None
    cadre_name: str | None
    complete: bool
    on_time: bool
    conflict: bool
    held: int
    completed_at: datetime | None
    received: list[str]  # expected categories with a counted entry
    lacking: list[str]  # expected categories still missing


@dataclass(frozen=True)
class RegionProgress:
    region: Region
    figures: Figures
    children: list[tuple[Region, Figures]]
    households: list[HouseholdProgress]  # a village's households; empty above the village level


@dataclass(frozen=True)
class CadreProgress:
    cadre: Cadre | None  # None: households with no primary cadre on the attribution day
    figures: Figures
    missing: list[HouseholdProgress]


def figure_columns(categories: list[str]) -> list:
    """Return the aggregate columns that make a Figures over round_progress rows."""
    p = RoundProgress
    columns = [func.count().label("expected"), _count_true(p.complete).label("complete"),
               _count_true(p.on_time).label("on_time"), _count_true(p.conflict).label("conflict")]
    for category in categories:
        columns += [_count_true(p.expected_mask.op("&")(BITS[category]) != 0).label(f"expected_{category}"),
                    _count_true(p.done_mask.op("&")(BITS[category]) != 0).label(f"received_{category}")]
    return columns


def _count_true(condition) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def figures_of(row, categories: list[str]) -> Figures:
    """Return the Figures of one aggregated row."""
    mapping = row._mapping
    by_category = {c: (int(mapping[f"expected_{c}"]), int(mapping[f"received_{c}"])) for c in categories}
    return Figures(int(mapping["expected"]), int(mapping["complete"]), int(mapping["on_time"]),
                   int(mapping["conflict"]), by_category)


def within(query: Select, rounds: list[str], region_code: str, scope: ColumnElement[bool] | None) -> Select:
    """Restrict a query over round_progress to the rounds, the region's subtree and the caller's scope."""
    p = RoundProgress
    round_clause = p.round_name == rounds[0] if len(rounds) == 1 else p.round_name.in_(rounds)
    query = query.where(round_clause, p.village_code.between(*subtree_bounds(region_code)))
    if scope is None:
        return query
    restated = scope_on_progress(scope)
    if restated is not None:
        return query.where(restated)
    return query.join(Household, Household.id == p.household_id).where(scope)


def scope_on_progress(scope: ColumnElement[bool]) -> ColumnElement[bool] | None:
    """Restate a household scope on round_progress's own household id and village code, or return None.

    Every scope access.scope builds reads only those two household columns, which round_progress
    carries; restating it saves joining 100,000 households on every roll-up. A scope that reads
    anything else (or selects from households in a subquery) is not restated: the caller joins.
    """
    def replace(element):
        if isinstance(element, (Select, ScalarSelect)):
            return element  # leave subqueries as they are
        return SCOPE_COLUMNS.get(element) if isinstance(element, Column) else None

    restated = replacement_traverse(scope, {}, replace)
    return None if Household.__table__ in find_tables(restated, check_columns=True) else restated


def figures_by_prefix(session: Session, record: RoundRecord, region_code: str, digits: int,
                      scope: ColumnElement[bool] | None) -> dict[str, Figures]:
    """Return Figures per region at the level with this many significant digits, under region_code."""
    categories = list(record.required_categories)
    key = func.substr(RoundProgress.village_code, 1, digits).label("key")
    query = within(select(key, *figure_columns(categories)), [record.name], region_code, scope).group_by(key)
    return {row.key.ljust(12, "0"): figures_of(row, categories) for row in session.execute(query)}


def region_progress(session: Session, record: RoundRecord, region: Region,
                    scope: ColumnElement[bool] | None) -> RegionProgress:
    """Return the region's figures with each child region's, or with each household for a village."""
    level = level_of(region.code)
    empty = Figures(by_category={c: (0, 0) for c in record.required_categories})
    if level == Level.VILLAGE:
        total = figures_by_prefix(session, record, region.code, SIGNIFICANT_DIGITS[level], scope)
        households = village_households(session, record, region.code, scope)
        return RegionProgress(region, total.get(region.code, empty), [], households)
    by_child = figures_by_prefix(session, record, region.code, SIGNIFICANT_DIGITS[CHILD_LEVEL[level]], scope)
    children = session.scalars(select(Region).where(Region.parent_code == region.code).order_by(Region.code))
    listed = [(child, by_child.get(child.code, empty)) for child in children]
    total = sum((figures for figures in by_child.values()), empty)
    return RegionProgress(region, total, listed, [])


HOUSEHOLD_COLUMNS = ("household_id", "village_code", "cadre_id", "complete", "on_time", "conflict", "held",
                     "completed_at", "expected_mask", "done_mask")


def household_select(record: RoundRecord, scope: ColumnElement[bool] | None) -> Select:
    """Return a select of a household's progress columns, code, head's name and cadre's name in the round."""
    head = aliased(Member)
    progress = [getattr(RoundProgress, name) for name in HOUSEHOLD_COLUMNS]
    query = (select(*progress, Household.household_code, head.name.label("head_name"),
                    Cadre.name.label("cadre_name"))
             .join(Household, Household.id == RoundProgress.household_id)
             .outerjoin(head, and_(head.household_id == Household.id, head.relation == HEAD,
                                   head.is_current.is_(True)))
             .outerjoin(Cadre, Cadre.id == RoundProgress.cadre_id)
             .where(RoundProgress.round_name == record.name))
    return query if scope is None else query.where(scope)


def household_progress(row, categories: list[str]) -> HouseholdProgress:
    """Return the HouseholdProgress of one household_select row."""
    return HouseholdProgress(
        row.household_id, row.household_code, row.head_name, row.village_code, row.cadre_id, row.cadre_name,
        bool(row.complete), bool(row.on_time), bool(row.conflict), row.held, row.completed_at,
        categories_in(row.done_mask & row.expected_mask, categories),
        categories_in(row.expected_mask & ~row.done_mask, categories))


def village_households(session: Session, record: RoundRecord, village_code: str,
                       scope: ColumnElement[bool] | None) -> list[HouseholdProgress]:
    """Return every expected household of a village with what it has and lacks, by household code."""
    query = (household_select(record, scope).where(RoundProgress.village_code == village_code)
             .order_by(Household.household_code))
    return [household_progress(row, record.required_categories) for row in session.execute(query)]


def stream_households(session: Session, record: RoundRecord, region_code: str,
                      scope: ColumnElement[bool] | None, batch: int = 2000) -> Iterator[HouseholdProgress]:
    """Yield every expected household under the region, by village then household code, a batch at a time."""
    query = (household_select(record, scope)
             .where(RoundProgress.village_code.between(*subtree_bounds(region_code)))
             .order_by(RoundProgress.village_code, Household.household_code)
             .execution_options(yield_per=batch))
    for row in session.execute(query):
        yield household_progress(row, record.required_categories)


def cadre_progress(session: Session, record: RoundRecord, region_code: str, scope: ColumnElement[bool] | None,
                   page: int = 1, per_page: int = 50) -> tuple[list[CadreProgress], int]:
    """Return one page of cadres responsible in the region, with their figures and missing households."""
    categories = list(record.required_categories)
    p = RoundProgress
    # count() OVER () counts the groups in the same pass that pages them.
    grouped = within(select(p.cadre_id, *figure_columns(categories), func.count().over().label("groups")),
                     [record.name], region_code, scope).group_by(p.cadre_id)
    ordered = grouped.order_by(case((p.cadre_id.is_(None), 1), else_=0), p.cadre_id)
    rows = session.execute(ordered.limit(per_page).offset((page - 1) * per_page)).all()
    total = rows[0].groups if rows else session.scalar(select(func.count()).select_from(grouped.subquery()))
    ids = [row.cadre_id for row in rows]
    cadres = {c.id: c for c in session.scalars(select(Cadre).where(Cadre.id.in_([i for i in ids if i])))}
    missing = _missing_by_cadre(session, record, region_code, scope, ids)
    return [CadreProgress(cadres.get(row.cadre_id), figures_of(row, categories),
                          missing.get(row.cadre_id, [])) for row in rows], total


def _missing_by_cadre(session: Session, record: RoundRecord, region_code: str,
                      scope: ColumnElement[bool] | None, cadre_ids: list[int | None]) -> dict:
    if not cadre_ids:
        return {}
    named = [i for i in cadre_ids if i is not None]
    whose = RoundProgress.cadre_id.in_(named)
    if None in cadre_ids:
        whose = whose | RoundProgress.cadre_id.is_(None)
    query = (household_select(record, scope)
             .where(whose, RoundProgress.complete.is_(False),
                    RoundProgress.village_code.between(*subtree_bounds(region_code)))
             .order_by(RoundProgress.cadre_id, Household.household_code))
    missing: dict[int | None, list[HouseholdProgress]] = {}
    for row in session.execute(query):
        missing.setdefault(row.cadre_id, []).append(household_progress(row, record.required_categories))
    return missing
