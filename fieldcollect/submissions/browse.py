"""Read submissions for people and programs: a scoped, filtered list and one submission in detail.

Scope follows the households (access.scope.household_scope): a user sees the submissions about
households they may see, plus their own; a submission naming no known household is seen only by
its submitter and administrators. Outside the scope a submission does not exist (the edges answer
404), as for households. A personal photo or signature (submissions.masking.personal_files) is
left out of a submission's attachments for those who may not see personal answers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from fieldcollect.access.scope import household_scope, is_admin, may_see_id_numbers
from fieldcollect.forms.models import Form, FormVersion
from fieldcollect.households.models import Household
from fieldcollect.regions.codes import subtree_bounds
from fieldcollect.submissions.instance import parse_instance
from fieldcollect.submissions.masking import personal_files
from fieldcollect.submissions.models import (
    Submission,
    SubmissionAttachment,
    SubmissionReview,
    SubmissionVersion,
)
from fieldcollect.submissions.processing import load_xml
from fieldcollect.submissions.storage import BlobStore
from fieldcollect.users.models import User
from fieldcollect.validation.schemas import read_answers
from fieldcollect.validation.service import rules_for


@dataclass(frozen=True)
class Filters:
    state: str | None = None
    region: str | None = None
    form_id: str | None = None
    period: str | None = None


@dataclass(frozen=True)
class ListedSubmission:
    submission: Submission
    form_id: str
    household_code: str | None
    submitter: str | None
    received_at: object  # of the current version


@dataclass
class SubmissionDetail:
    submission: Submission
    form_id: str
    household_code: str | None
    current: SubmissionVersion
    versions: list[SubmissionVersion]
    answers: dict
    personal: frozenset[str]
    reviews: list[tuple[SubmissionReview, str | None]] = field(default_factory=list)  # (review, reviewer)


def submission_scope(user) -> ColumnElement[bool]:
    """Return the WHERE clause on Submission that keeps what user may see."""
    visible = Submission.household_id.in_(select(Household.id).where(household_scope(user)))
    own = Submission.submitter_pk == user.id
    if is_admin(user):
        return Submission.deleted_at.is_(None)
    return and_(Submission.deleted_at.is_(None), or_(visible, own))


def list_submissions(session: Session, user, filters: Filters, page: int, per_page: int):
    """Return (page of ListedSubmission, total) of the submissions user may see, newest first."""
    current = (select(SubmissionVersion.submission_pk, func.max(SubmissionVersion.received_at).label("at"))
               .group_by(SubmissionVersion.submission_pk).subquery())
    query = (select(Submission, Form.form_id, Household.household_code, User.username, current.c.at)
             .join(Form, Form.id == Submission.form_pk)
             .join(current, current.c.submission_pk == Submission.id)
             .outerjoin(Household, Household.id == Submission.household_id)
             .outerjoin(User, User.id == Submission.submitter_pk)
             .where(submission_scope(user), *_conditions(filters)))
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    rows = session.execute(query.order_by(Submission.created_at.desc(), Submission.id.desc())
                           .limit(per_page).offset((page - 1) * per_page))
    return [ListedSubmission(*row) for row in rows], total


def get_submission_detail(session: Session, user, instance_id: str,
                          store: BlobStore) -> SubmissionDetail | None:
    """Return one submission user may see, found by any of its versions' instanceIDs, or None."""
    submission = session.scalar(
        select(Submission).join(SubmissionVersion, SubmissionVersion.submission_pk == Submission.id)
        .where(or_(SubmissionVersion.instance_id == instance_id, Submission.instance_id == instance_id),
               submission_scope(user)).limit(1))
    if submission is None:
        return None
    versions = list(submission.versions)
    current = next((v for v in versions if v.current), versions[-1])
    rules = rules_for(session.get(FormVersion, current.form_version_pk))
    answers, _, _ = read_answers(rules, parse_instance(load_xml(current, store)).answers)
    household = session.get(Household, submission.household_id) if submission.household_id else None
    reviews = list(session.execute(
        select(SubmissionReview, User.username).outerjoin(User, User.id == SubmissionReview.reviewer_pk)
        .where(SubmissionReview.submission_pk == submission.id).order_by(SubmissionReview.id)))
    return SubmissionDetail(submission, submission.form.form_id,
                            household.household_code if household else None, current, versions,
                            _json_ready(answers), rules.personal, [tuple(r) for r in reviews])


def visible_attachments(detail: SubmissionDetail, user) -> list[SubmissionAttachment]:
    """Return the current version's attachments user may see (personal files only if may_see_id_numbers)."""
    if may_see_id_numbers(user):
        return list(detail.current.attachments)
    hidden = personal_files(detail.answers, detail.personal)
    return [attachment for attachment in detail.current.attachments if attachment.name not in hidden]


def _conditions(filters: Filters) -> list:
    conditions = []
    if filters.state:
        conditions.append(Submission.review_state == filters.state)
    if filters.region:
        conditions.append(Household.village_code.between(*subtree_bounds(filters.region)))
    if filters.form_id:
        conditions.append(Form.form_id == filters.form_id)
    if filters.period:
        conditions.append(Submission.period == filters.period)
    return conditions


def _json_ready(value):
    if isinstance(value, dict):
        return {name: _json_ready(item) for name, item in value.items()}
    if isinstance(value, list):
        return [_json_ready(item) for item in value]
    return value.isoformat() if isinstance(value, date) else value


def submission_periods(session: Session, user) -> list[str]:
    """Return the periods of the submissions user may see, newest first (the review queue's choices)."""
    query = (select(Submission.period).distinct()
             .where(submission_scope(user), Submission.period.is_not(None)))
    return sorted(session.scalars(query), reverse=True)
