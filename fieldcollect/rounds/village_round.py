"""A village's round for its work team (驻村工作队): every responsible cadre, who has finished, what is missing.

The figures and the per-cadre counts are the roll-ups' own (rounds.rollups); this module only
puts the cadres who still have work first and gathers the households a team has to chase: those
not complete and those a supervisor or validation sent back with a comment still open.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from fieldcollect.households.models import Household
from fieldcollect.regions.models import Region
from fieldcollect.rounds.models import RoundRecord
from fieldcollect.rounds.rollups import CadreProgress, Figures, HouseholdProgress, cadre_progress, region_progress
from fieldcollect.submissions.corrections import OpenCorrection, list_open_corrections

MAX_CADRES = 1000  # far more cadres than any village has; the page lists them all


@dataclass(frozen=True)
class HouseholdToChase:
    progress: HouseholdProgress
    corrections: list[OpenCorrection]  # open ones for this round


@dataclass(frozen=True)
class VillageRound:
    record: RoundRecord
    village: Region
    figures: Figures
    cadres: list[CadreProgress]  # unfinished first (most missing first), then finished, by name
    to_chase: list[HouseholdToChase]  # not complete, or asked to correct, by household code

    @property
    def cadres_finished(self) -> int:
        return sum(1 for cadre in self.cadres if cadre.figures.missing == 0)


def cadre_order(cadre: CadreProgress) -> tuple:
    """Return the sort key that lists cadres with missing households first, the most missing first."""
    name = cadre.cadre.name if cadre.cadre else ""
    return (cadre.figures.missing == 0, -cadre.figures.missing, cadre.cadre is None, name)


def village_round_view(session: Session, record: RoundRecord, village: Region,
                       scope: ColumnElement[bool] | None) -> VillageRound:
    """Return the village's figures, its cadres with theirs, and the households still to chase."""
    progress = region_progress(session, record, village, scope)
    cadres, _ = cadre_progress(session, record, village.code, scope, 1, MAX_CADRES)
    households = select(Household.id).where(Household.village_code == village.code)
    if scope is not None:
        households = households.where(scope)
    asked: dict[int, list[OpenCorrection]] = {}
    for item in list_open_corrections(session, households):
        if item.period == record.name:
            asked.setdefault(item.household_id, []).append(item)
    to_chase = [HouseholdToChase(h, asked.get(h.household_id, [])) for h in progress.households
                if not h.complete or h.household_id in asked]
    return VillageRound(record, village, progress.figures, sorted(cadres, key=cadre_order), to_chase)
