"""Words and formats the review and household pages share: review states, categories, times.

Registered as template filters by the blueprints that use them (review_state, local_time), with the
round filters (round_label, category_label) from round_pages.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, current_app
from flask_babel import gettext

from fieldcollect.problems import N_
from fieldcollect.submissions.models import ReviewState
from fieldcollect.web.round_pages import register_filters

REVIEW_STATE_LABELS = {
    ReviewState.RECEIVED: N_("待审核"),
    ReviewState.EDITED: N_("已修改，待审核"),
    ReviewState.HAS_ISSUES: N_("有问题"),
    ReviewState.APPROVED: N_("已通过"),
    ReviewState.REJECTED: N_("已退回"),
}
QUEUE_STATES = tuple(REVIEW_STATE_LABELS)


def review_state_label(state: str | None) -> str:
    """Return the translated name of a review state (the code itself if unknown)."""
    return gettext(REVIEW_STATE_LABELS[state]) if state in REVIEW_STATE_LABELS else (state or "")


def local_time(moment: datetime | date | None) -> str:
    """Return an instant as the programme's local date and time, "2018-06-01 10:00"; a date as itself."""
    if moment is None:
        return ""
    if not isinstance(moment, datetime):
        return moment.isoformat()
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # SQLite hands back naive UTC
    local = aware.astimezone(ZoneInfo(current_app.config["SETTINGS"].server.timezone))
    return local.strftime("%Y-%m-%d %H:%M")


def register_review_filters(blueprint: Blueprint) -> None:
    """Make review_state, local_time and the round filters available to every template."""
    register_filters(blueprint)
    blueprint.add_app_template_filter(review_state_label, "review_state")
    blueprint.add_app_template_filter(local_time, "local_time")
