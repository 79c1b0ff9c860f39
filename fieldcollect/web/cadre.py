"""The paired cadre's home, 本季度: for now who is signed in, until the rounds work (issue 7) fills it."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from fieldcollect.extensions import db
from fieldcollect.regions.service import get_region
from fieldcollect.users.roles import Role
from fieldcollect.web.access import roles_required

blueprint = Blueprint("cadre", __name__)


@blueprint.get("/my/round")
@roles_required(Role.CADRE)
def my_round():
    """Show the cadre's quarter page."""
    region = get_region(db.session, current_user.region_code)
    return render_template("cadre/my_round.html", region=region)
