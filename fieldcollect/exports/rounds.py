"""The rounds views as export tables with Chinese headers: progress per level, cadres, assessment.

Each function returns Tables whose rows are generated while the file is written: region levels
come from the same GROUP BY as the API, and the household sheet streams round_progress in batches.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from fieldcollect.exports.tables import Table
from fieldcollect.forms.categories import BY_CODE
from fieldcollect.problems import N_
from fieldcollect.regions.codes import SIGNIFICANT_DIGITS, Level, level_of, subtree_bounds
from fieldcollect.regions.models import Region
from fieldcollect.rounds.assessment import Weights, assess
from fieldcollect.rounds.models import RoundRecord
from fieldcollect.rounds.rollups import (
    CHILD_LEVEL,
    Figures,
    HouseholdProgress,
    cadre_progress,
    figures_by_prefix,
    stream_households,
)

LEVEL_NAMES = {Level.CITY: N_("市"), Level.BANNER: N_("旗区"), Level.TOWNSHIP: N_("苏木乡镇"),
               Level.VILLAGE: N_("嘎查村")}
HOUSEHOLD_SHEET = N_("户")
FIGURE_HEADERS = [N_("应采集户数"), N_("已完成"), N_("按时完成"), N_("逾期完成"), N_("未完成"), N_("有冲突"),
                  N_("完成率(%)"), N_("按时完成率(%)")]
REGION_HEADERS = [N_("层级"), N_("区划代码"), N_("区划名称")]
HOUSEHOLD_HEADERS = [N_("户编号"), N_("户主姓名"), N_("嘎查村代码"), N_("帮扶干部"), N_("是否完成"),
                     N_("是否按时"), N_("有冲突"), N_("锁定后待纳入"), N_("完成时间"), N_("已采集类别"),
                     N_("缺少类别")]
CADRE_HEADERS = [N_("帮扶干部"), N_("帮扶单位"), N_("联系电话")]
MISSING_HEADERS = [N_("帮扶干部"), N_("户编号"), N_("户主姓名"), N_("嘎查村代码"), N_("缺少类别")]
SCORE_HEADERS = [N_("排名"), N_("应采集户次"), N_("已完成"), N_("按时完成"), N_("完成率(%)"),
                 N_("按时完成率(%)"), N_("得分")]
YES, NO = N_("是"), N_("否")
NO_CADRE = N_("（无结对干部）")
PAGE = 1000


def progress_tables(session: Session, record: RoundRecord, region: Region, scope: ColumnElement[bool] | None,
                    timezone: str, levels: list[str] | None = None) -> list[Table]:
    """Return one table per level from the region down to the village, then one of households."""
    chosen = levels or [*_levels_below(region.code), "household"]
    tables = []
    for level in chosen:
        if level == "household":
            tables.append(Table(HOUSEHOLD_SHEET, HOUSEHOLD_HEADERS,
                                _household_rows(session, record, region.code, scope, timezone)))
        else:
            tables.append(Table(LEVEL_NAMES[Level(level)], REGION_HEADERS + figure_headers(record),
                                _level_rows(session, record, region.code, Level(level), scope)))
    return tables


def figure_headers(record: RoundRecord) -> list[str]:
    """Return the figure headers, with an expected and a received column per required category."""
    per_category = []
    for code in record.required_categories:
        name = BY_CODE[code].name_zh
        per_category += [f"{name}应采集", f"{name}已采集"]
    return FIGURE_HEADERS + per_category


def _levels_below(code: str) -> list[Level]:
    levels, level = [], level_of(code)
    while True:
        levels.append(level)
        if level not in CHILD_LEVEL:
            return levels
        level = CHILD_LEVEL[level]


def _level_rows(session: Session, record: RoundRecord, region_code: str, level: Level,
                scope) -> Iterator[list]:
    figures = figures_by_prefix(session, record, region_code, SIGNIFICANT_DIGITS[level], scope)
    regions = session.scalars(select(Region).where(Region.code.between(*subtree_bounds(region_code)),
                                                   Region.level == level.value).order_by(Region.code))
    empty = Figures(by_category={c: (0, 0) for c in record.required_categories})
    for region in regions:
        cells = figure_cells(figures.get(region.code, empty), record)
        yield [LEVEL_NAMES[level], region.code, region.name, *cells]


def figure_cells(figures: Figures, record: RoundRecord) -> list:
    """Return a Figures as the cells under figure_headers."""
    cells = [figures.expected, figures.complete, figures.on_time, figures.late, figures.missing,
             figures.conflict, _percent(figures.completion_rate), _percent(figures.on_time_rate)]
    for code in record.required_categories:
        cells += list(figures.by_category.get(code, (0, 0)))
    return cells


def _percent(rate: float | None) -> float | None:
    return None if rate is None else round(rate * 100, 2)


def _household_rows(session, record, region_code, scope, timezone) -> Iterator[list]:
    zone = ZoneInfo(timezone)
    for household in stream_households(session, record, region_code, scope):
        yield household_cells(household, zone)


def household_cells(household: HouseholdProgress, zone: ZoneInfo) -> list:
    """Return one household's row under HOUSEHOLD_HEADERS."""
    return [household.household_code, household.head_name, household.village_code,
            household.cadre_name or NO_CADRE, _yes(household.complete), _yes(household.on_time),
            _yes(household.conflict), household.held, _local(household.completed_at, zone),
            _names(household.received), _names(household.lacking)]


def _yes(value: bool) -> str:
    return YES if value else NO


def _names(categories: list[str]) -> str:
    return "、".join(BY_CODE[code].name_zh for code in categories)


def _local(moment: datetime | None, zone: ZoneInfo) -> str | None:
    if moment is None:
        return None
    aware = moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo("UTC"))
    return aware.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def cadre_tables(session: Session, record: RoundRecord, region_code: str,
                 scope: ColumnElement[bool] | None) -> list[Table]:
    """Return a table of cadres with their figures and one of the households each still lacks."""
    return [Table(N_("帮扶干部"), CADRE_HEADERS + figure_headers(record),
                  _cadre_rows(session, record, region_code, scope, missing=False)),
            Table(N_("未完成户"), MISSING_HEADERS,
                  _cadre_rows(session, record, region_code, scope, missing=True))]


def _cadre_rows(session, record, region_code, scope, missing: bool) -> Iterator[list]:
    page = 1
    while True:
        rows, total = cadre_progress(session, record, region_code, scope, page, PAGE)
        for row in rows:
            name = row.cadre.name if row.cadre else NO_CADRE
            if missing:
                yield from ([name, h.household_code, h.head_name, h.village_code, _names(h.lacking)]
                            for h in row.missing)
            else:
                unit, phone = (row.cadre.work_unit, row.cadre.phone) if row.cadre else ("", "")
                yield [name, unit, phone, *figure_cells(row.figures, record)]
        if page * PAGE >= total:
            return
        page += 1


def assessment_tables(session: Session, records: list[RoundRecord], region_code: str,
                      scope: ColumnElement[bool] | None, weights: Weights) -> list[Table]:
    """Return the ranked scores per cadre and per work unit."""
    return [Table(N_("干部考核"), [SCORE_HEADERS[0], N_("帮扶干部"), N_("帮扶单位"), *SCORE_HEADERS[1:]],
                  _score_rows(session, records, region_code, scope, weights, "cadre")),
            Table(N_("单位考核"), [SCORE_HEADERS[0], N_("帮扶单位"), *SCORE_HEADERS[1:]],
                  _score_rows(session, records, region_code, scope, weights, "unit"))]


def _score_rows(session, records, region_code, scope, weights, by) -> Iterator[list]:
    page = 1
    while True:
        scores, total = assess(session, records, region_code, scope, by, weights, page, PAGE)
        for score in scores:
            who = [score.cadre.name, score.work_unit] if by == "cadre" else [score.work_unit]
            yield [score.rank, *who, score.expected, score.complete, score.on_time,
                   _percent(score.completion_rate), _percent(score.on_time_rate), score.score]
        if page * PAGE >= total:
            return
        page += 1
