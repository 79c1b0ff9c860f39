"""A region's page: its name, the way up, and its children to drill down into.

Progress figures come with the completion work (issue 7); this page already carries the
navigation a supervisor or village team walks through.
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_login import current_user
from sqlalchemy import select

from fieldcollect.extensions import db
from fieldcollect.regions.codes import is_valid_code
from fieldcollect.regions.models import Region
from fieldcollect.regions.service import get_region
from fieldcollect.users.roles import SUPERVISOR_ROLES, Role
from fieldcollect.web.access import region_in_scope, roles_required

blueprint = Blueprint("region", __name__)


@blueprint.get("/region/<code>")
@roles_required(*SUPERVISOR_ROLES, Role.VILLAGE_TEAM, Role.ADMIN)
def show(code: str):
    """Show a region in the user's scope with its ancestors and children."""
    region = get_region(db.session, code) if is_valid_code(code) else None
    if region is None or not region_in_scope(current_user, code):
        abort(404)
    children = db.session.scalars(select(Region).where(Region.parent_code == code).order_by(Region.code))
    return render_template("region/show.html", region=region, trail=_trail(region), children=list(children))


def _trail(region: Region) -> list[Region]:
    """Return the ancestors of region the user may open, from the top down."""
    trail = []
    parent = get_region(db.session, region.parent_code) if region.parent_code else None
    while parent is not None and region_in_scope(current_user, parent.code):
        trail.insert(0, parent)
        parent = get_region(db.session, parent.parent_code) if parent.parent_code else None
    return trail
