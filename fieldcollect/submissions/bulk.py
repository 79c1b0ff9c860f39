"""Decisions on many submissions at once: the review queue's "approve the ticked ones"."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldcollect.config import Settings
from fieldcollect.submissions.browse import submission_scope
from fieldcollect.submissions.models import ReviewState, Submission
from fieldcollect.submissions.service import review_submission
from fieldcollect.submissions.storage import BlobStore


def approve_submissions(session: Session, store: BlobStore, reviewer, instance_ids: list[str],
                        settings: Settings | None = None) -> int:
    """Approve each submission named (by its first instanceID) that reviewer may see; return how many.

    Names outside the reviewer's scope are skipped silently, as if they did not exist; each approval
    is the same decision review_submission records for one submission.
    """
    if not instance_ids:
        return 0
    found = session.scalars(select(Submission).where(Submission.instance_id.in_(instance_ids),
                                                     submission_scope(reviewer)).order_by(Submission.id))
    approved = 0
    for submission in list(found):
        review_submission(session, store, submission, ReviewState.APPROVED, "", reviewer, settings=settings)
        approved += 1
    return approved
