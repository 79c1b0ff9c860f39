"""Who may open which page: a role check for views.

What a user may see inside a page is access.scope's business (household_scope, may_see_region):
outside the scope the answer is 404, not 403, so a page does not tell whether a region exists.
"""

from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user, login_required


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
