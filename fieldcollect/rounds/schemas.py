"""The JSON shapes of the rounds views, shared by the API and anything else that speaks JSON.

Rates are fractions rounded to four places (None when nothing is expected); instants are ISO 8601
in the configured time zone, because a deadline is a local day.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from fieldcollect.forms.categories import BY_CODE
from fieldcollect.rounds.assessment import Score
from fieldcollect.rounds.detail import EntryStatus, HouseholdRound
from fieldcollect.rounds.rollups import CadreProgress, Figures, HouseholdProgress, RegionProgress
from fieldcollect.rounds.service import RoundInfo


def rate(value: float | None) -> float | None:
    """Return a rate rounded to four places."""
    return None if value is None else round(value, 4)


def instant(moment: datetime | None, timezone: str) -> str | None:
    """Return an instant as ISO 8601 in the time zone (naive values are UTC, as SQLite returns them)."""
    if moment is None:
        return None
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(ZoneInfo(timezone)).isoformat()


def round_info(info: RoundInfo) -> dict:
    """Return one item of GET /rounds."""
    return {"round": str(info.round), "first_day": info.round.first_day.isoformat(),
            "last_day": info.round.last_day.isoformat(), "deadline": info.deadline.isoformat(),
            "lock_date": info.lock_date.isoformat(), "open": info.is_open, "locked": info.is_locked,
            "opened": info.record is not None}


def figures(value: Figures) -> dict:
    """Return the figures every progress view shares, with the per-category counts."""
    return {"expected": value.expected, "complete": value.complete, "on_time": value.on_time,
            "late": value.late, "missing": value.missing, "conflict": value.conflict,
            "completion_rate": rate(value.completion_rate), "on_time_rate": rate(value.on_time_rate),
            "by_category": {code: {"name": BY_CODE[code].name_zh, "expected": expected, "received": received,
                                   "missing": expected - received}
                            for code, (expected, received) in value.by_category.items()}}


def region(value) -> dict:
    """Return a region's code, name and level."""
    return {"code": value.code, "name": value.name, "level": value.level}


def cadre(value) -> dict | None:
    """Return a cadre's id, name and work unit (None for households without a cadre)."""
    return None if value is None else {"id": value.id, "name": value.name, "work_unit": value.work_unit}


def region_progress(record, progress: RegionProgress, timezone: str) -> dict:
    """Return GET /rounds/<round>/progress: the region's figures, its children's, a village's households."""
    body = {"round": record.name, "deadline": record.deadline.isoformat(), "region": region(progress.region),
            **figures(progress.figures),
            "children": [{"region": region(child), **figures(value)} for child, value in progress.children]}
    if progress.households:
        body["households"] = [household(h, timezone) for h in progress.households]
    return body


def household(value: HouseholdProgress, timezone: str) -> dict:
    """Return one household's row on a village page."""
    return {"household_code": value.household_code, "head_name": value.head_name, "cadre_id": value.cadre_id,
            "cadre_name": value.cadre_name, "complete": value.complete, "on_time": value.on_time,
            "conflict": value.conflict, "held": value.held,
            "completed_at": instant(value.completed_at, timezone), "received": value.received,
            "lacking": value.lacking}


def household_round(record, standing: HouseholdRound, timezone: str) -> dict:
    """Return GET /rounds/<round>/households/<code>: each category and the entries that fill it."""
    progress = standing.progress
    return {"round": record.name, "household_code": standing.household.household_code,
            "expected": progress is not None, "cadre": cadre(standing.cadre),
            "complete": bool(progress and progress.complete), "on_time": bool(progress and progress.on_time),
            "conflict": bool(progress and progress.conflict),
            "categories": [{"category": c.category, "name": BY_CODE[c.category].name_zh,
                            "expected": c.expected, "received": c.received,
                            "entries": [entry(e, timezone) for e in c.entries]}
                           for c in standing.categories]}


def entry(value: EntryStatus, timezone: str) -> dict:
    """Return one timeline entry as the household view shows it."""
    return {"instance_id": value.instance_id, "received_at": instant(value.received_at, timezone),
            "counted": value.counted, "held": value.held, "on_time": value.on_time,
            "conflict": value.conflict}


def cadre_progress(row: CadreProgress) -> dict:
    """Return one cadre's figures with the households still missing and what each lacks."""
    return {"cadre": cadre(row.cadre), "households": row.figures.expected, **figures(row.figures),
            "missing_households": [{"household_code": h.household_code, "head_name": h.head_name,
                                    "village_code": h.village_code, "lacking": h.lacking}
                                   for h in row.missing]}


def score(value: Score, by: str) -> dict:
    """Return one ranked score."""
    return {"rank": value.rank, "cadre": cadre(value.cadre) if by == "cadre" else None,
            "work_unit": value.work_unit, "expected": value.expected, "complete": value.complete,
            "on_time": value.on_time, "completion_rate": rate(value.completion_rate),
            "on_time_rate": rate(value.on_time_rate), "score": value.score}
