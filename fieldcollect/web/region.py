"""A supervisor's pages for a region: a round's progress with its children, trends over rounds, rankings.

Each page calls the rounds domain (the same functions as the JSON API) with the signed-in user's
household scope, and a region outside the user's scope is a 404. The progress page lists the
children with the same figures, so a supervisor drills down from the city to a village (whose own
page lists the households) in three clicks. Downloads are the API's export URLs, which accept the
signed-in session.
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_babel import gettext
from flask_login import current_user

from fieldcollect.access.scope import household_scope, may_see_region
from fieldcollect.extensions import db
from fieldcollect.regions.codes import is_valid_code
from fieldcollect.regions.models import Region
from fieldcollect.regions.service import get_region
from fieldcollect.rounds.assessment import assess
from fieldcollect.rounds.ranking import child_region_scores
from fieldcollect.rounds.rollups import RegionProgress, region_progress
from fieldcollect.rounds.trends import TrendPoint, latest_rounds, region_trend
from fieldcollect.users.roles import SUPERVISOR_ROLES, Role
from fieldcollect.web.access import roles_required
from fieldcollect.web.charts import Bar, Series, completion_bars, line_chart, percent
from fieldcollect.web.round_choice import chosen_period, period_years, weights
from fieldcollect.web.round_pages import chosen_round, register_filters

blueprint = Blueprint("region", __name__)
register_filters(blueprint)
blueprint.add_app_template_filter(percent, "rate_percent")
READERS = (*SUPERVISOR_ROLES, Role.VILLAGE_TEAM, Role.ADMIN)
RANKINGS = ("region", "unit", "cadre")
PER_PAGE = 50


@blueprint.get("/region/<code>")
@roles_required(*READERS)
def show(code: str):
    """Show a round's progress in a region in the user's scope, with its children's figures and a chart."""
    region = _region_or_404(code)
    record, choices = chosen_round(request.args.get("round"))
    progress = region_progress(db.session, record, region, household_scope(current_user))
    return render_template("region/show.html", region=region, trail=_trail(region), record=record,
                           choices=choices, progress=progress, chart=_completion_chart(progress))


@blueprint.get("/region/<code>/trends")
@roles_required(*READERS)
def trends(code: str):
    """Show the region's completion, on-time rate and net income per person over the latest rounds."""
    region = _region_or_404(code)
    points = region_trend(db.session, latest_rounds(db.session), code, household_scope(current_user))
    return render_template("region/trends.html", region=region, trail=_trail(region), points=points,
                           charts=_trend_charts(points) if points else None)


@blueprint.get("/region/<code>/ranking")
@roles_required(*READERS)
def ranking(code: str):
    """Show assessment scores for a round or a year: the child regions, work units or cadres, ranked."""
    region = _region_or_404(code)
    period, records, choices = chosen_period(request.args.get("period"))
    by = request.args.get("by", "region")
    if by not in RANKINGS:
        abort(404)
    page = max(request.args.get("page", 1, type=int), 1)
    scope = household_scope(current_user)
    if by == "region":
        scores = child_region_scores(db.session, records, code, scope, weights())
        total = len(scores)
    else:
        scores, total = assess(db.session, records, code, scope, by, weights(), page, PER_PAGE)
    return render_template("region/ranking.html", region=region, trail=_trail(region), period=period,
                           choices=choices, years=period_years(choices), by=by, scores=scores, total=total,
                           page=page, pages=max(1, -(-total // PER_PAGE)), shares=_shares())


def _region_or_404(code: str) -> Region:
    region = get_region(db.session, code) if is_valid_code(code) else None
    if region is None or not may_see_region(current_user, code):
        abort(404)
    return region


def _trail(region: Region) -> list[Region]:
    """Return the ancestors of region the user may open, from the top down."""
    trail = []
    parent = get_region(db.session, region.parent_code) if region.parent_code else None
    while parent is not None and may_see_region(current_user, parent.code):
        trail.insert(0, parent)
        parent = get_region(db.session, parent.parent_code) if parent.parent_code else None
    return trail


def _shares() -> tuple[float, float]:
    """Return the weights of completion and timeliness as shares of one, as the score formula uses them."""
    chosen = weights()
    total = chosen.completion + chosen.timeliness
    return chosen.completion / total, chosen.timeliness / total


def _completion_chart(progress: RegionProgress):
    if not progress.children:
        return None
    bars = [Bar(child.name, figures.expected, figures.on_time, figures.late) for child, figures in progress.children]
    return completion_bars(bars, gettext("下级区划完成率"), (gettext("按时完成"), gettext("逾期完成")))


def _trend_charts(points: list[TrendPoint]) -> dict:
    labels = [point.round_name[2:] for point in points]  # "18Q1": eight fit across a phone
    rates = [Series(gettext("完成率"), [p.figures.completion_rate for p in points]),
             Series(gettext("按时完成率"), [p.figures.on_time_rate for p in points])]
    income = [Series(gettext("人均纯收入"), [p.income_per_person for p in points])]
    return {"rates": line_chart(labels, rates, gettext("完成率与按时完成率"), percent, ceiling=1.0),
            "income": line_chart(labels, income, gettext("人均纯收入（元）"), lambda v: f"{v:,.0f}")}
