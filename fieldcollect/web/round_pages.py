"""What the pages about a round share: today in the programme's time zone, the round a page shows,
and how a round's name is written for people ("2018Q4" → "2018年第4季度").

A page shows the round being collected today unless the reader picks another that has opened; a
round that has started but nobody has opened yet opens on first use, as in the JSON API.
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, current_app, url_for
from flask_babel import gettext
from flask_login import current_user
from werkzeug.routing import BuildError

from fieldcollect.extensions import db
from fieldcollect.forms.categories import BY_CODE
from fieldcollect.rounds.calendar import Round, local_today, open_round, rounds_between
from fieldcollect.rounds.models import RoundRecord
from fieldcollect.rounds.service import ensure_round, list_rounds

CHOICE_ROUNDS = 4  # a year of rounds to choose from, even before anyone has opened them


def register_filters(blueprint: Blueprint) -> None:
    """Make the round filters available to every template once blueprint is registered."""
    blueprint.add_app_template_filter(round_label)
    blueprint.add_app_template_filter(category_label)
    blueprint.add_app_template_filter(category_short)


def today() -> date:
    """Return today's date where the programme runs (Asia/Shanghai unless configured otherwise)."""
    return local_today(current_app.config["SETTINGS"].server.timezone)


def chosen_round(name: str | None) -> tuple[RoundRecord, list[tuple[str, bool]]]:
    """Return the round named (default: the one open today) and the (name, is open) choices; 404 if unknown.

    Any round that has started may be named, as in the JSON API. The choices are the rounds opened so
    far and the last CHOICE_ROUNDS up to the one open today, newest first.
    """
    settings, day = current_app.config["SETTINGS"], today()
    current = open_round(day, settings.rounds.deadline_day)
    round_ = _parse(name) if name else current
    if round_.first_day > day:
        abort(404)
    record = ensure_round(db.session, round_, settings.rounds, settings.server.timezone, day, current_user.id)
    db.session.commit()  # a round opened on first use stays open
    recent = rounds_between(_back(current, CHOICE_ROUNDS - 1), current)
    names = {str(info.round) for info in list_rounds(db.session, settings.rounds, day)} | set(map(str, recent))
    return record, [(n, n == str(current)) for n in sorted(names, key=Round.parse, reverse=True)]


def _back(round_: Round, steps: int) -> Round:
    for _ in range(steps):
        round_ = round_.previous()
    return round_


def _parse(name: str) -> Round:
    try:
        return Round.parse(name)
    except ValueError:
        abort(404)


def round_label(name: str) -> str:
    """Return a round's name as people say it: 2018年第4季度."""
    round_ = Round.parse(name)
    return gettext("%(year)s年第%(quarter)s季度", year=round_.year, quarter=round_.quarter)


def household_url(code: str) -> str | None:
    """Return the URL of a household's page, or None while that page is not installed."""
    try:
        return url_for("household.show", code=code)
    except BuildError:
        return None


def category_label(code: str | None) -> str:
    """Return a category's translated full name (the code itself if unknown)."""
    known = BY_CODE.get(code or "")
    return gettext(known.name_zh) if known else (code or "")


def category_short(code: str | None) -> str:
    """Return a quarterly category's translated two-character name (other categories: the full name)."""
    known = BY_CODE.get(code or "")
    # Two characters each, so that a household's eight status chips fit across a phone.
    return gettext(known.short_zh) if known and known.quarterly else category_label(code)
