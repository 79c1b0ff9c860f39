"""Which period an assessment page shows: one round, or a whole year of rounds, and with which weights.

A round is chosen as on every round page (round_pages.chosen_round). A year like 2018 means each
of its rounds that has started, opened on first use, as the JSON API's assessment does.
"""

from __future__ import annotations

from flask import abort, current_app
from flask_login import current_user

from fieldcollect.extensions import db
from fieldcollect.rounds.assessment import Weights
from fieldcollect.rounds.calendar import rounds_of_year
from fieldcollect.rounds.models import RoundRecord
from fieldcollect.rounds.service import ensure_round
from fieldcollect.web.round_pages import chosen_round, today


def chosen_period(name: str | None) -> tuple[str, list[RoundRecord], list[tuple[str, bool]]]:
    """Return the period's name, its rounds and the rounds to choose from; 404 for an unknown period."""
    if not (name and len(name) == 4 and name.isdigit()):
        record, choices = chosen_round(name)
        return record.name, [record], choices
    _, choices = chosen_round(None)
    if name not in period_years(choices):
        abort(404)
    settings = current_app.config["SETTINGS"]
    started = [r for r in rounds_of_year(int(name)) if r.first_day <= today()]
    records = [ensure_round(db.session, r, settings.rounds, settings.server.timezone, today(), current_user.id)
               for r in started]
    db.session.commit()  # rounds opened on first use stay open
    return name, records, choices


def period_years(choices: list[tuple[str, bool]]) -> list[str]:
    """Return the years of the (round name, is open) choices, newest first."""
    return sorted({name[:4] for name, _ in choices}, reverse=True)


def weights() -> Weights:
    """Return the configured assessment weights (考核: completion and timeliness)."""
    settings = current_app.config["SETTINGS"].rounds
    return Weights(settings.completion_weight, settings.timeliness_weight)
