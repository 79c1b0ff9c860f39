"""The paired cadre's home, 本季度: the open round, its deadline, what to fix, and every household's marks.

The phone's settings QR code sits at the bottom, folded away: a cadre needs it once per phone.
"""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user

from fieldcollect.access.scope import household_scope
from fieldcollect.extensions import db
from fieldcollect.phones.qr import qr_svg_inline
from fieldcollect.phones.service import phone_settings
from fieldcollect.phones.settings import encode_settings
from fieldcollect.rounds.cadre_round import cadre_round_view, days_left
from fieldcollect.sync.urls import server_root
from fieldcollect.users.roles import Role
from fieldcollect.web import round_pages
from fieldcollect.web.access import roles_required
from fieldcollect.web.round_pages import chosen_round, household_url, register_filters

blueprint = Blueprint("cadre", __name__)
register_filters(blueprint)


@blueprint.get("/my/round")
@roles_required(Role.CADRE)
def my_round():
    """Show the cadre's households in the open round (or one asked for), with what to fix."""
    record, choices = chosen_round(request.args.get("round"))
    today = round_pages.today()
    view = None
    if current_user.cadre_id is not None:  # a cadre's login not yet linked to a Cadre has no households
        view = cadre_round_view(db.session, record, current_user.cadre_id, household_scope(current_user, today))
    is_open = dict(choices).get(record.name, False)
    return render_template("cadre/my_round.html", record=record, view=view, choices=choices, is_open=is_open,
                           days_left=days_left(record.deadline, today), qr_svg=_setup_qr(),
                           household_url=household_url)


def _setup_qr() -> str:
    """Return the cadre's ODK Collect settings QR code as inline SVG (issuing a phone key if they have none)."""
    settings = phone_settings(db.session, current_user, server_root())
    db.session.commit()  # a key issued here must outlive the page
    return qr_svg_inline(encode_settings(settings))
