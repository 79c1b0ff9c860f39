"""A region's figures over several rounds: completion, timeliness and net income per person, round by round.

The completion figures of all the rounds come from one GROUP BY round_name over round_progress
(the roll-ups' own columns and filters), and the income from one GROUP BY period over the income
entries (timelines.income); nothing is counted in Python.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from fieldcollect.rounds.models import RoundProgress, RoundRecord
from fieldcollect.rounds.rollups import Figures, figure_columns, figures_of, within
from fieldcollect.timelines.income import IncomeFigures, income_per_person

TREND_ROUNDS = 8  # how many of the latest opened rounds a trend shows


@dataclass(frozen=True)
class TrendPoint:
    round_name: str
    figures: Figures
    income: IncomeFigures | None  # None: no income entries in the region for the round

    @property
    def income_per_person(self) -> float | None:
        return self.income.per_person if self.income else None


def latest_rounds(session: Session, count: int = TREND_ROUNDS) -> list[RoundRecord]:
    """Return the latest opened rounds, at most count, oldest first."""
    newest = session.scalars(select(RoundRecord).order_by(RoundRecord.name.desc()).limit(count))
    return list(reversed(list(newest)))


def region_trend(session: Session, records: list[RoundRecord], region_code: str,
                 scope: ColumnElement[bool] | None) -> list[TrendPoint]:
    """Return one point per round (in the order given) with the region's figures and income per person."""
    if not records:
        return []
    names = [record.name for record in records]
    query = within(select(RoundProgress.round_name, *figure_columns([])), names, region_code, scope)
    by_round = {row.round_name: figures_of(row, []) for row in
                session.execute(query.group_by(RoundProgress.round_name))}
    income = income_per_person(session, names, region_code, scope)
    return [TrendPoint(name, by_round.get(name, Figures()), income.get(name)) for name in names]
