"""Which language a request is answered in: an explicit choice, else the client's, else Chinese."""

from __future__ import annotations

from flask import abort, current_app, redirect, request, url_for

from fieldcollect.web.urls import safe_next

SUPPORTED_LOCALES = ("zh", "en")
LOCALE_COOKIE = "lang"
COOKIE_SECONDS = 365 * 24 * 3600


def select_locale() -> str:
    """Return the locale for this request (Flask-Babel's locale selector)."""
    chosen = request.args.get("lang") or request.cookies.get(LOCALE_COOKIE)
    if chosen in SUPPORTED_LOCALES:
        return chosen
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    # Phones ask for English through Accept-Language; browsers in China send zh-CN.
    return request.accept_languages.best_match(SUPPORTED_LOCALES, default=default)


def set_language(code: str):
    """Remember the chosen language in a cookie and go back to the page the reader was on."""
    if code not in SUPPORTED_LOCALES:
        abort(404)
    response = redirect(safe_next(request.args.get("next")) or url_for("web.index"))
    response.set_cookie(LOCALE_COOKIE, code, max_age=COOKIE_SECONDS, samesite="Lax", httponly=True,
                        secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response
