"""Administrator pages: the user list with filters, and creating a user.

The list query sits here until the registry offers users.service.list_users (issue 3 plans one
for GET /api/v1/users); the filters are the same: role, and region as a whole subtree.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from fieldcollect.extensions import db
from fieldcollect.problems import Problem
from fieldcollect.regions.codes import Level, is_valid_code, subtree_bounds
from fieldcollect.regions.models import Region
from fieldcollect.users.models import User
from fieldcollect.users.roles import Role
from fieldcollect.users.service import create_user
from fieldcollect.web.access import roles_required
from fieldcollect.web.forms import NewUserForm, UserFilterForm
from fieldcollect.web.labels import problem_message, role_label

blueprint = Blueprint("admin", __name__, url_prefix="/admin")

PAGE_SIZE = 50
# Which field of NewUserForm a problem from create_user is about, so it is shown next to it.
PROBLEM_FIELDS = {"username_taken": "username", "weak_password": "password", "unknown_role": "role",
                  "unknown_region": "region", "role_region_mismatch": "region"}


@blueprint.get("/users")
@roles_required(Role.ADMIN)
def users():
    """List users, filtered by role and region subtree, fifty a page."""
    form = UserFilterForm(request.args)
    form.role.choices = [("", _("全部角色"))] + _role_choices()
    form.region.choices = [("", _("全部区划"))] + _region_choices()
    role = form.role.data if form.role.data in {r.value for r in Role} else ""
    region = form.region.data if is_valid_code(form.region.data or "") else ""
    page = db.paginate(_users_query(role, region), page=request.args.get("page", 1, type=int),
                       per_page=PAGE_SIZE, error_out=False)
    return render_template("admin/users.html", form=form, page=page, region_names=_names(page.items),
                           filters={"role": role, "region": region})


@blueprint.route("/users/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def new_user():
    """Show the new-user page; on a valid submission create the user and return to the list."""
    form = NewUserForm()
    form.role.choices = [("", _("请选择"))] + _role_choices()
    if form.validate_on_submit():
        try:
            user = create_user(db.session, form.username.data.strip(), form.password.data,
                               form.role.data, form.region.data, form.display_name.data.strip())
        except Problem as problem:
            db.session.rollback()
            field = getattr(form, PROBLEM_FIELDS.get(problem.code, "username"))
            field.errors.append(problem_message(problem))
        else:
            db.session.commit()
            flash(_("已创建用户 %(name)s。", name=user.username), "success")
            return redirect(url_for("admin.users"))
    status = 400 if form.errors else 200
    return render_template("admin/new_user.html", form=form, regions=_regions()), status


def _users_query(role: str, region: str):
    query = select(User).order_by(User.username)
    if role:
        query = query.where(User.role == role)
    if region:
        query = query.where(User.region_code.between(*subtree_bounds(region)))
    return query


def _names(users: list[User]) -> dict[str, str]:
    codes = {user.region_code for user in users}
    return dict(db.session.execute(select(Region.code, Region.name).where(Region.code.in_(codes))).all())


def _role_choices() -> list[tuple[str, str]]:
    return [(role.value, role_label(role)) for role in Role]


def _regions() -> list[Region]:
    # Villages are typed by code: there are hundreds, too many to send to a phone in every page.
    query = select(Region).where(Region.level != Level.VILLAGE).order_by(Region.code)
    return list(db.session.scalars(query))


def _region_choices() -> list[tuple[str, str]]:
    indent = {Level.CITY: "", Level.BANNER: "\u3000", Level.TOWNSHIP: "\u3000\u3000"}
    return [(region.code, indent.get(region.level, "") + region.name) for region in _regions()]
