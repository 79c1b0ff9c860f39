"""GET /api/v1/cadres?region=: the paired cadres the caller may see, with their current household counts."""

from __future__ import annotations

from fieldcollect.access.scope import cadre_scope
from fieldcollect.api import blueprint
from fieldcollect.api.auth import api_user, login_required
from fieldcollect.api.paging import page_args, paged, visible_region_arg
from fieldcollect.cadres.schemas import CadreSchema
from fieldcollect.cadres.service import list_cadres
from fieldcollect.extensions import db


@blueprint.get("/cadres")
@login_required
def cadre_list():
    user = api_user()
    region = visible_region_arg(user)
    page, per_page = page_args()
    rows, total = list_cadres(db.session, cadre_scope(user), region, page, per_page)
    items = [{**CadreSchema().dump(cadre), "household_count": count} for cadre, count in rows]
    return paged(items, page, per_page, total)
