"""GET /api/v1/regions/<code>: a region, its children, and how many households the caller sees in each."""

from __future__ import annotations

from fieldcollect.access.scope import household_scope, may_see_region
from fieldcollect.api import blueprint
from fieldcollect.api.auth import api_user, login_required
from fieldcollect.extensions import db
from fieldcollect.households.service import summarise_region
from fieldcollect.problems import Problem
from fieldcollect.regions.codes import is_valid_code
from fieldcollect.regions.service import get_region


@blueprint.get("/regions/<code>")
@login_required
def region_detail(code: str):
    user = api_user()
    region = get_region(db.session, code) if is_valid_code(code) and may_see_region(user, code) else None
    if region is None:
        raise Problem("not_found")
    summary = summarise_region(db.session, household_scope(user), region)
    return {**_region(region), "household_count": summary.household_count,
            "children": [{**_region(child), "household_count": count} for child, count in summary.children]}


def _region(region) -> dict:
    return {"code": region.code, "name": region.name, "level": region.level,
            "parent_code": region.parent_code}
