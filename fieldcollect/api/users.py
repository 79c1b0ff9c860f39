"""GET /api/v1/users?role=&region=: user accounts, for administrators only."""

from __future__ import annotations

from flask import request

from fieldcollect.api import blueprint
from fieldcollect.api.auth import admin_required, api_user
from fieldcollect.api.paging import page_args, paged, visible_region_arg
from fieldcollect.extensions import db
from fieldcollect.problems import Problem
from fieldcollect.users.roles import Role
from fieldcollect.users.schemas import UserSchema
from fieldcollect.users.service import list_users


@blueprint.get("/users")
@admin_required
def user_list():
    role = request.args.get("role") or None
    if role is not None and role not in {r.value for r in Role}:
        raise Problem("unknown_role", role=role, choices=", ".join(Role))
    region = visible_region_arg(api_user())
    page, per_page = page_args()
    users, total = list_users(db.session, role, region, page, per_page)
    return paged(UserSchema(many=True).dump(users), page, per_page, total)
