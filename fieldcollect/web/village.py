"""The village page (本村进度): the village's cadres, who has finished the round, and what is still missing.

A village work team sees its own village; supervisors and administrators any village in their scope.
Outside the scope the page does not exist (404).
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import current_user

from fieldcollect.access.scope import household_scope, may_see_region
from fieldcollect.extensions import db
from fieldcollect.regions.codes import Level, is_valid_code, level_of
from fieldcollect.regions.models import Region
from fieldcollect.regions.service import get_region
from fieldcollect.rounds.cadre_round import days_left
from fieldcollect.rounds.village_round import village_round_view
from fieldcollect.users.roles import SUPERVISOR_ROLES, Role
from fieldcollect.web import round_pages
from fieldcollect.web.access import roles_required
from fieldcollect.web.round_pages import chosen_round, household_url, register_filters

blueprint = Blueprint("village", __name__)
register_filters(blueprint)


@blueprint.get("/village/<code>")
@roles_required(Role.VILLAGE_TEAM, Role.ADMIN, *SUPERVISOR_ROLES)
def show(code: str):
    """Show a village's round: its figures, each responsible cadre's, and the households still to chase."""
    village = _village_or_404(code)
    record, choices = chosen_round(request.args.get("round"))
    today = round_pages.today()
    view = village_round_view(db.session, record, village, household_scope(current_user, today))
    parent = get_region(db.session, village.parent_code) if village.parent_code else None
    return render_template("village/show.html", view=view, choices=choices,
                           days_left=days_left(record.deadline, today), household_url=household_url,
                           parent=parent if parent and may_see_region(current_user, parent.code) else None)


def _village_or_404(code: str) -> Region:
    if not is_valid_code(code) or level_of(code) != Level.VILLAGE or not may_see_region(current_user, code):
        abort(404)
    village = get_region(db.session, code)
    if village is None:
        abort(404)
    return village
