"""Who is this phone: a key in the URL, or a user name and password through an HTTP challenge.

Keys follow ODK Central's app users: …/key/<token>/… (or ?st=<token>); a malformed key is 401, an
unknown or revoked one 403, because a 401 makes clients ask for a password that cannot help
(central-backend lib/http/preprocessors.js). Passwords follow what Collect really does
(PROTOCOL.md §4.1): it never sends credentials unasked, and answers a Digest challenge on any
scheme but a Basic one only over HTTPS. So every 401 carries a Digest challenge (qop=auth, HA1
from users.digest_ha1), plus a Basic one when the request is HTTPS. Digest nonces are stateless
(a timestamp signed with the secret key): Collect sends no cookies, so session-kept nonces fail.
The request's Date header is never looked at; Collect's is not a valid HTTP date.

Passwords are throttled exactly as on the login page: both schemes go through auth.service
(guard_sign_in), which counts failures in login_failures by user name and by address, with the
same limit. A wrong password is a 401 with fresh challenges; a throttled name or address is a 429,
even with the right password. Only an answer to one of our challenges counts as a failure: the
first request carries no credentials (Collect waits to be asked), and a Digest header that Collect
replays with a nonce that has aged out, or that names another URL, guesses nothing, so counting
it would lock out honest phones. Keys are not passwords; they are not throttled here.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from contextlib import contextmanager
from functools import wraps
from urllib.parse import unquote, urlsplit

from flask import current_app, g, request
from flask_httpauth import HTTPBasicAuth, HTTPDigestAuth, MultiAuth

from fieldcollect.auth.service import guard_sign_in, sign_in
from fieldcollect.extensions import db
from fieldcollect.phones.service import find_user_by_token
from fieldcollect.phones.tokens import is_well_formed
from fieldcollect.problems import Problem
from fieldcollect.sync.urls import request_is_https
from fieldcollect.users.models import User
from fieldcollect.users.passwords import DIGEST_REALM
from fieldcollect.users.service import get_user_by_username

NONCE_SECONDS = 3600


class CountedDigestAuth(HTTPDigestAuth):
    """Digest in which a wrong answer to our challenge counts as a failed sign-in, as on the web."""

    def authenticate(self, auth, stored_password_or_ha1):
        """Return the user a right answer names; refuse a wrong one or a throttled one by Problem."""
        if not _answers_our_challenge(auth):
            return False  # refused with a fresh challenge, but nothing was guessed
        verify = super().authenticate  # the RFC 2617 arithmetic; None as HA1 (no such user) never matches

        def answering_user() -> User | None:
            right = verify(auth, stored_password_or_ha1)
            return get_user_by_username(db.session, auth.username) if right else None

        with _failures_kept():
            return guard_sign_in(db.session, auth.username, request.remote_addr, _attempts_per_minute(),
                                 answering_user)


digest = CountedDigestAuth(realm=DIGEST_REALM, use_ha1_pw=True, qop="auth")
basic = HTTPBasicAuth(realm=DIGEST_REALM)
password_auth = MultiAuth(digest, basic)


def phone_login_required(view):
    """Let the view run only for a known phone user: by key when the URL has one, else by password."""
    by_password = password_auth.login_required(view)

    @wraps(view)
    def wrapper(*args, token: str | None = None, **kwargs):
        token = token if token is not None else request.args.get("st")
        if token is None:
            return by_password(*args, **kwargs)
        g.phone_user = _user_for_token(token)
        g.phone_prefix = f"/key/{token}"
        return view(*args, **kwargs)

    return wrapper


def current_phone_user() -> User:
    """Return the user the current phone request authenticated as."""
    if "phone_user" not in g:
        found = password_auth.current_user()
        g.phone_user = found if isinstance(found, User) else get_user_by_username(db.session, found)
    return g.phone_user


def add_challenges(response) -> None:
    """Add the WWW-Authenticate challenges Collect can answer on this connection to a 401."""
    if request_is_https():
        response.headers.add("WWW-Authenticate", basic.authenticate_header())
    response.headers.add("WWW-Authenticate", digest.authenticate_header())


def _user_for_token(token: str) -> User:
    if not is_well_formed(token):
        raise Problem("phone_key_malformed")
    user = find_user_by_token(db.session, token)
    if user is None:
        raise Problem("phone_key_unknown")
    return user


def _refuse(status: int):
    # Both schemes end here when no password was checked (none offered, an aged nonce, another URL's
    # header); a wrong one raises login_failed itself. The blueprint renders either with challenges.
    raise Problem("phone_login_required")


digest.error_handler(_refuse)
basic.error_handler(_refuse)


@digest.get_password
def _digest_ha1(username: str) -> str | None:
    user = get_user_by_username(db.session, username)
    return user.digest_ha1 if user is not None and user.active and user.digest_ha1 else None


def _answers_our_challenge(auth) -> bool:
    # A nonce and opaque we signed, still fresh, for this very URL: only such an answer can be a guess.
    return bool(auth and auth.username and auth.response and _nonce_is_fresh(auth.nonce)
                and _opaque_matches(auth.opaque) and _digest_names_this_request())


def _digest_names_this_request() -> bool:
    # RFC 7616 §3.4.6: the digest covers the uri it names, so that uri must be this request's, or a
    # header seen on one URL would open another.
    named = unquote(urlsplit(request.authorization.uri or "").path)
    return named == request.script_root + request.path


@basic.verify_password
def _check_basic(username: str, password: str) -> User | None:
    if not username:
        return None  # no credentials yet: the challenge follows, and nothing was guessed
    if not request_is_https():  # Collect never sends Basic over http; nobody else should either
        raise Problem("basic_auth_needs_https")  # the password was never checked, so nothing counts
    with _failures_kept():
        return sign_in(db.session, username, password, request.remote_addr, _attempts_per_minute())


def _attempts_per_minute() -> int:
    return current_app.config["SETTINGS"].security.login_attempts_per_minute


@contextmanager
def _failures_kept():
    # A refused request's session is rolled back at teardown; the failure just counted must outlive it,
    # or the throttle would never see it (the login page commits the same way).
    try:
        yield
    except Problem:
        db.session.commit()
        raise


def _sign(text: str) -> str:
    key = current_app.config["SECRET_KEY"].encode("utf-8")
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()[:32]


@digest.generate_nonce
def _new_nonce() -> str:
    stamp = str(int(time.time()))
    return f"{stamp}-{_sign('nonce:' + stamp)}"


@digest.verify_nonce
def _nonce_is_fresh(nonce: str | None) -> bool:
    stamp, _, signature = (nonce or "").partition("-")
    if not stamp.isdigit() or not hmac.compare_digest(signature, _sign("nonce:" + stamp)):
        return False
    return 0 <= time.time() - int(stamp) <= NONCE_SECONDS


@digest.generate_opaque
def _opaque() -> str:
    return _sign("opaque")


@digest.verify_opaque
def _opaque_matches(opaque: str | None) -> bool:
    return opaque is not None and hmac.compare_digest(opaque, _sign("opaque"))
