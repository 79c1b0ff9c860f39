"""Who is calling the API: the signed-in browser session, or HTTP Basic credentials (RFC 7617).

Every API module protects its views with `login_required` (or `admin_required`) from here and reads
the caller with `api_user()`. Basic credentials go through auth.service.sign_in, so guessing
passwords through the API is throttled exactly as on the login page. The blueprint is exempt from
the form CSRF check (programs send no form token); a write carried by a session cookie alone must
still pass it, since only a browser sends cookies unasked.
"""

from __future__ import annotations

from functools import wraps

from flask import current_app, g, request
from flask_babel import gettext
from flask_httpauth import HTTPBasicAuth
from flask_login import current_user

from fieldcollect.access.scope import is_admin
from fieldcollect.auth.service import sign_in
from fieldcollect.extensions import csrf, db
from fieldcollect.problems import Problem
from fieldcollect.users.models import User

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

basic_auth = HTTPBasicAuth(realm="fieldcollect-api")
login_required = basic_auth.login_required


@basic_auth.verify_password
def _verify(username: str, password: str) -> User | None:
    if not username and "Authorization" not in request.headers:
        if current_user.is_authenticated:
            g.api_by_session = True
            return current_user._get_current_object()
        return None
    limit = current_app.config["SETTINGS"].security.login_attempts_per_minute
    try:
        return sign_in(db.session, username, password, request.remote_addr, limit)
    except Problem as problem:
        db.session.commit()  # keep the failure count even though the request fails
        if problem.code == "login_throttled":
            raise
        return None


@basic_auth.error_handler
def _refused(status: int):
    code = "unauthenticated" if status == 401 else "forbidden"
    return {"error": {"code": code, "message": Problem(code).render(gettext)}}, status


def api_user() -> User:
    """Return the user the current API request authenticated as."""
    return basic_auth.current_user()


def admin_required(view):
    """Let only administrators through (others get 403: the endpoint's existence is no secret)."""
    @wraps(view)
    @login_required
    def guarded(*args, **kwargs):
        if not is_admin(api_user()):
            raise Problem("forbidden")
        return view(*args, **kwargs)
    return guarded


def protect_session_writes() -> None:
    """Check the CSRF token on a write that only a session cookie authenticates."""
    if request.method not in SAFE_METHODS and "Authorization" not in request.headers:
        csrf.protect()
