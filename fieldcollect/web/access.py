"""Who may open which page: a role check for views, and the region scope of a user.

Until the registry's single scoping function exists (issue 3), the region rule lives here: a
user sees their home region's subtree, an administrator sees everything. Outside the scope the
answer is 404, not 403, so a page does not tell whether a region exists.
"""

from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from fieldcollect.regions.codes import is_within
from fieldcollect.users.models import User
from fieldcollect.users.roles import Role


def roles_required(*roles: str):
    """Let signed-in users with one of roles through; send others to sign in or a 403 page."""
    def decorate(view):
        @wraps(view)
        @login_required
        def guarded(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)
        return guarded
    return decorate


def region_in_scope(user: User, code: str) -> bool:
    """Tell whether user may see the region with this code."""
    return user.role == Role.ADMIN or is_within(code, user.region_code)
