"""Which language a request is answered in: an explicit choice, else the client's, else Chinese."""

from __future__ import annotations

from flask import current_app, request

SUPPORTED_LOCALES = ("zh", "en")
LOCALE_COOKIE = "lang"


def select_locale() -> str:
    """Return the locale for this request (Flask-Babel's locale selector)."""
    chosen = request.args.get("lang") or request.cookies.get(LOCALE_COOKIE)
    if chosen in SUPPORTED_LOCALES:
        return chosen
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    # Phones ask for English through Accept-Language; browsers in China send zh-CN.
    return request.accept_languages.best_match(SUPPORTED_LOCALES, default=default)
