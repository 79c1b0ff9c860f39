"""Assessment (考核): a score per cadre or per work unit for a round or a year, ranked within a region.

score = 100 × (w_c × completion rate + w_t × on-time rate) / (w_c + w_t), over every household-round
the cadre (or the unit's cadres) answered for in the region; both rates are over expected
households, as DHIS2's reporting rate and reporting rate on time are. Scores are rounded to two
decimals in SQL and ranked there with RANK(), so equal scores share a rank and a region of
20,000 cadres is ranked without loading it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Float, Numeric, case, cast, func, literal, select
from sqlalchemy.orm import Session

from fieldcollect.cadres.models import Cadre
from fieldcollect.rounds.models import RoundProgress, RoundRecord
from fieldcollect.rounds.rollups import within

GROUPINGS = ("cadre", "unit")


@dataclass(frozen=True)
class Weights:
    completion: float = 0.7
    timeliness: float = 0.3


DEFAULT_WEIGHTS = Weights()


class Rates:
    """The two rates a score is made of, for any scored figures with expected, complete and on_time."""

    expected: int
    complete: int
    on_time: int

    @property
    def completion_rate(self) -> float:
        return self.complete / self.expected

    @property
    def on_time_rate(self) -> float:
        return self.on_time / self.expected


@dataclass(frozen=True)
class Score(Rates):
    rank: int
    cadre: Cadre | None  # for a cadre's score
    work_unit: str
    expected: int
    complete: int
    on_time: int
    score: float


def assess(session: Session, records: list[RoundRecord], region_code: str, scope: ColumnElement[bool] | None,
           by: str = "cadre", weights: Weights = DEFAULT_WEIGHTS, page: int = 1,
           per_page: int = 50) -> tuple[list[Score], int]:
    """Return one page of ranked scores per cadre (or work unit) over the rounds, and how many are ranked."""
    ranked = _ranked(records, region_code, scope, by, weights).subquery("ranked")
    rows = session.execute(select(ranked, func.count().over().label("ranked_count"))
                           .order_by(ranked.c.rank, ranked.c.key)
                           .limit(per_page).offset((page - 1) * per_page)).all()
    total = rows[0].ranked_count if rows else session.scalar(select(func.count()).select_from(ranked))
    if by == "unit":
        return [Score(row.rank, None, row.key, row.expected, row.complete, row.on_time, float(row.score))
                for row in rows], total
    cadres = {c.id: c for c in session.scalars(select(Cadre).where(Cadre.id.in_([row.key for row in rows])))}
    return [Score(row.rank, cadres[row.key], cadres[row.key].work_unit, row.expected, row.complete,
                  row.on_time, float(row.score)) for row in rows], total


def _ranked(records: list[RoundRecord], region_code: str, scope, by: str, weights: Weights):
    p = RoundProgress
    key = Cadre.work_unit if by == "unit" else p.cadre_id
    figures = select(key.label("key"), func.count().label("expected"),
                     func.sum(case((p.complete, 1), else_=0)).label("complete"),
                     func.sum(case((p.on_time, 1), else_=0)).label("on_time"))
    if by == "unit":
        figures = figures.join(Cadre, Cadre.id == p.cadre_id)
    figures = within(figures.where(p.cadre_id.is_not(None)), [r.name for r in records], region_code, scope)
    figures = figures.group_by(key).subquery("figures")
    scored = select(figures, score_column(figures, weights).label("score")).subquery("scored")
    return select(scored, func.rank().over(order_by=scored.c.score.desc()).label("rank"))


def score_column(figures, weights: Weights):
    """Return the score of a subquery's expected, complete and on_time columns, rounded in SQL."""
    total = weights.completion + weights.timeliness
    w_c, w_t = (literal(weights.completion / total, Float), literal(weights.timeliness / total, Float))
    raw = literal(100.0, Float) * (w_c * figures.c.complete + w_t * figures.c.on_time) / figures.c.expected
    return func.round(cast(raw, Numeric(12, 6)), 2)
