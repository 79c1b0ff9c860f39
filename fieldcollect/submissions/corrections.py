"""Open corrections per household: what the phone's households.csv `todo` column tells the cadre.

A correction is open while its submission still carries it (review.settle_review clears it when
the cadre edits the submission or a supervisor approves) and no newer submission of the same form
category arrived for that household since it was asked for: the cadre's new submission answers it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, and_, exists, select
from sqlalchemy.orm import Session, aliased

from fieldcollect.forms.categories import BY_CODE
from fieldcollect.submissions.models import Submission

SEPARATOR = "；"


@dataclass(frozen=True)
class OpenCorrection:
    household_id: int
    category: str | None
    period: str | None
    state: str  # the submission's review state: has_issues or rejected
    comment: str  # the supervisor's comment, or the reasons validation rejected the data for
    asked_at: datetime


def list_open_corrections(session: Session, household_ids: Select) -> list[OpenCorrection]:
    """Return the open corrections of the households household_ids selects, by household, oldest first."""
    later = aliased(Submission)
    answered = exists().where(and_(later.household_id == Submission.household_id,
                                   later.category == Submission.category,
                                   later.created_at > Submission.correction_at,
                                   later.deleted_at.is_(None)))
    query = (select(Submission.household_id, Submission.category, Submission.period, Submission.review_state,
                    Submission.correction, Submission.correction_at)
             .where(Submission.household_id.in_(household_ids), Submission.correction.is_not(None),
                    Submission.deleted_at.is_(None), ~answered)
             .order_by(Submission.household_id, Submission.correction_at, Submission.id))
    return [OpenCorrection(*row) for row in session.execute(query)]


def open_corrections(session: Session, household_ids: Select) -> dict[int, str]:
    """Return {household id: what to fix} for the households household_ids selects."""
    todo: dict[int, list[str]] = {}
    for item in list_open_corrections(session, household_ids):
        todo.setdefault(item.household_id, []).append(_line(item.category, item.period, item.comment))
    return {household_id: SEPARATOR.join(lines) for household_id, lines in todo.items()}


def _line(category: str | None, period: str | None, correction: str) -> str:
    known = BY_CODE.get(category or "")
    where = " ".join(part for part in ((known.short_zh if known else ""), period or "") if part)
    text = " ".join(correction.split())  # one line: the CSV cell is shown in a note on the phone
    return f"{where}：{text}" if where else text
