"""Review states: derived from what is stored, so reprocessing and replays always agree.

A submission's review state follows from its current version and the latest supervisor decision:
validation errors make it `rejected` whatever anyone decided; otherwise a supervisor's decision
stands while it concerns the current version; otherwise findings make it `has_issues`, an edit
makes it `edited`, and a plain arrival is `received`. A decision on an older version lapses when
the cadre sends an edit: the correction has been made, so it is for the supervisor to look again.

The correction a cadre must make is the supervisor's comment (has_issues or rejected), or the
reasons validation rejected the data for; it reaches the phone through households.csv until the
cadre edits the submission or sends a newer one for that household and form (corrections.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from fieldcollect.problems import Problem
from fieldcollect.submissions.models import ReviewState, Submission, SubmissionReview, SubmissionVersion
from fieldcollect.users.roles import SUPERVISOR_ROLES, Role
from fieldcollect.validation.issues import problem_of

MAX_CORRECTION = 500  # characters of reasons kept for the phone's list
REVIEWER_ROLES = SUPERVISOR_ROLES | {Role.ADMIN}


@dataclass(frozen=True)
class ReviewOutcome:
    state: str
    correction: str | None
    correction_at: datetime | None


def review_outcome(submission: Submission, current: SubmissionVersion) -> ReviewOutcome:
    """Return the review state and the open correction that stored facts imply."""
    if current.errors:
        reasons = "；".join(problem_of(error).render() for error in current.errors)
        return ReviewOutcome(ReviewState.REJECTED, reasons[:MAX_CORRECTION], current.received_at)
    decided = submission.review_decision if submission.reviewed_version_pk == current.id else None
    if decided:
        asks = decided in (ReviewState.HAS_ISSUES, ReviewState.REJECTED) and submission.review_comment
        return ReviewOutcome(decided, submission.review_comment if asks else None,
                             submission.reviewed_at if asks else None)
    if current.findings:
        return ReviewOutcome(ReviewState.HAS_ISSUES, None, None)
    return ReviewOutcome(ReviewState.EDITED if current.deprecated_id else ReviewState.RECEIVED, None, None)


def settle_review(submission: Submission, current: SubmissionVersion) -> ReviewOutcome:
    """Write the derived review state and correction onto the submission; return them."""
    outcome = review_outcome(submission, current)
    for name, value in (("review_state", outcome.state), ("correction", outcome.correction),
                        ("correction_at", outcome.correction_at)):
        if getattr(submission, name) != value:
            setattr(submission, name, value)
    return outcome


def record_decision(session: Session, submission: Submission, current: SubmissionVersion, state: str,
                    comment: str, reviewer_id: int | None, now: datetime) -> SubmissionReview:
    """Check and record a supervisor's decision on the current version (the caller reprocesses it)."""
    comment = (comment or "").strip()
    if state not in ReviewState.SUPERVISOR_DECISIONS:
        raise Problem("review_state_unknown", state=state,
                      choices=", ".join(ReviewState.SUPERVISOR_DECISIONS))
    if state != ReviewState.APPROVED and not comment:
        raise Problem("review_comment_required")
    review = SubmissionReview(submission_pk=submission.id, version_pk=current.id, state=state,
                              comment=comment, reviewer_pk=reviewer_id, reviewed_at=now)
    session.add(review)
    submission.review_decision, submission.review_comment = state, comment or None
    submission.reviewed_by_pk, submission.reviewed_at = reviewer_id, now
    submission.reviewed_version_pk = current.id
    return review


def may_review(user) -> bool:
    """Tell whether user may review submissions and settle conflicts (within their scope)."""
    return getattr(user, "role", None) in REVIEWER_ROLES
