"""Assessment of the levels below a region: each child region's score for a round or a year, ranked.

The regulation makes the collection part of each level's assessment (考核), so a banner's
supervisor ranks its townships as well as its cadres and work units. A child region is scored
with assessment's formula over every household-round it expected — with or without a paired
cadre, since the level answers for all of them — grouped by the prefix of the village code at
the child's level, and ranked with RANK() in SQL.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import Session

from fieldcollect.regions.codes import SIGNIFICANT_DIGITS, level_of
from fieldcollect.regions.models import Region
from fieldcollect.rounds.assessment import DEFAULT_WEIGHTS, Rates, Weights, score_column
from fieldcollect.rounds.models import RoundProgress, RoundRecord
from fieldcollect.rounds.rollups import CHILD_LEVEL, within


@dataclass(frozen=True)
class RegionScore(Rates):
    rank: int
    region: Region
    expected: int
    complete: int
    on_time: int
    score: float


def child_region_scores(session: Session, records: list[RoundRecord], region_code: str,
                        scope: ColumnElement[bool] | None, weights: Weights = DEFAULT_WEIGHTS) -> list[RegionScore]:
    """Return the ranked scores of the region's children that expected any work in the rounds."""
    level = level_of(region_code)
    if level not in CHILD_LEVEL:
        return []
    ranked = _ranked(records, region_code, SIGNIFICANT_DIGITS[CHILD_LEVEL[level]], scope, weights).subquery()
    rows = session.execute(select(ranked).order_by(ranked.c.rank, ranked.c.key)).all()
    regions = {r.code: r for r in session.scalars(select(Region).where(Region.parent_code == region_code))}
    return [RegionScore(row.rank, regions[row.key.ljust(12, "0")], row.expected, row.complete, row.on_time,
                        float(row.score))
            for row in rows if row.key.ljust(12, "0") in regions]


def _ranked(records: list[RoundRecord], region_code: str, digits: int, scope, weights: Weights):
    p = RoundProgress
    key = func.substr(p.village_code, 1, digits)
    figures = select(key.label("key"), func.count().label("expected"),
                     func.sum(case((p.complete, 1), else_=0)).label("complete"),
                     func.sum(case((p.on_time, 1), else_=0)).label("on_time"))
    figures = within(figures, [r.name for r in records], region_code, scope).group_by(key).subquery("figures")
    scored = select(figures, score_column(figures, weights).label("score")).subquery("scored")
    return select(scored, func.rank().over(order_by=scored.c.score.desc()).label("rank"))
