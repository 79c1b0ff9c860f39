"""GET /api/v1/households (paged, filtered) and GET /api/v1/households/<code> (members and pairings).

ID numbers come masked unless access.scope.may_see_id_numbers allows the caller to see them whole.
"""

from __future__ import annotations

from flask import request

from fieldcollect.access.scope import household_scope, may_see_id_numbers
from fieldcollect.api import blueprint
from fieldcollect.api.auth import api_user, login_required
from fieldcollect.api.paging import page_args, paged, visible_region_arg
from fieldcollect.cadres.schemas import PairingSchema
from fieldcollect.cadres.service import household_pairings
from fieldcollect.extensions import db
from fieldcollect.households.codes import STATUSES
from fieldcollect.households.schemas import (
    HouseholdSchema,
    MemberFullSchema,
    MemberSchema,
    StatusChangeSchema,
)
from fieldcollect.households.service import get_household_by_code, search_households
from fieldcollect.problems import Problem
from fieldcollect.regions.service import get_region


@blueprint.get("/households")
@login_required
def household_list():
    user = api_user()
    region = visible_region_arg(user)
    status = request.args.get("status") or None
    if status is not None and status not in STATUSES:
        raise Problem("unknown_code", value=status, list="脱贫状态")
    page, per_page = page_args()
    rows, total = search_households(db.session, household_scope(user), region, status,
                                    request.args.get("q") or None, page, per_page)
    items = [{**HouseholdSchema().dump(row.household), "head_name": row.head_name,
              "village_name": row.village_name, "member_count": row.member_count} for row in rows]
    return paged(items, page, per_page, total)


@blueprint.get("/households/<code>")
@login_required
def household_detail(code: str):
    user = api_user()
    household = get_household_by_code(db.session, code, household_scope(user))
    if household is None:
        raise Problem("not_found")
    member_schema = MemberFullSchema if may_see_id_numbers(user) else MemberSchema
    return {**HouseholdSchema().dump(household),
            "village_name": get_region(db.session, household.village_code).name,
            "members": member_schema(many=True).dump(household.members),
            "pairings": PairingSchema(many=True).dump(household_pairings(db.session, household.id)),
            "status_changes": StatusChangeSchema(many=True).dump(household.status_changes)}
