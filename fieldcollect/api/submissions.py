"""GET /api/v1/submissions (paged, filtered), GET /api/v1/submissions/<instance_id> (answers, findings,
versions), its raw XML and attachments, and POST /api/v1/submissions/<instance_id>/review.

Scoped through submissions.browse.submission_scope; personal answers are masked unless
access.scope.may_see_id_numbers allows the caller to see them, the raw XML (which cannot be
masked) is only for those callers, and so are personal photos and signatures (web.attachments).
"""

from __future__ import annotations

from flask import Response, current_app, request, url_for
from flask_babel import gettext

from fieldcollect.access.scope import may_see_id_numbers
from fieldcollect.api import blueprint
from fieldcollect.api.auth import api_user, login_required
from fieldcollect.api.paging import page_args, paged, visible_region_arg
from fieldcollect.extensions import db
from fieldcollect.problems import Problem
from fieldcollect.submissions.browse import Filters, get_submission_detail, list_submissions, visible_attachments
from fieldcollect.submissions.masking import mask_answers
from fieldcollect.submissions.models import ReviewState
from fieldcollect.submissions.processing import load_xml
from fieldcollect.submissions.review import may_review
from fieldcollect.submissions.service import review_submission
from fieldcollect.submissions.storage import open_store
from fieldcollect.validation.issues import problem_of
from fieldcollect.web.attachments import attachment_response, find_attachment

STATES = (ReviewState.RECEIVED, ReviewState.EDITED, *ReviewState.SUPERVISOR_DECISIONS)


@blueprint.get("/submissions")
@login_required
def submission_list():
    user = api_user()
    state = request.args.get("state") or None
    if state is not None and state not in STATES:
        raise Problem("review_state_unknown", state=state, choices=", ".join(STATES))
    filters = Filters(state=state, region=visible_region_arg(user), form_id=request.args.get("form") or None,
                      period=request.args.get("period") or None)
    page, per_page = page_args()
    rows, total = list_submissions(db.session, user, filters, page, per_page)
    return paged([_listed(row) for row in rows], page, per_page, total)


@blueprint.get("/submissions/<instance_id>")
@login_required
def submission_detail(instance_id: str):
    user = api_user()
    detail = _detail_or_404(instance_id)
    answers = detail.answers if may_see_id_numbers(user) else mask_answers(detail.answers, detail.personal)
    current = detail.current
    return {
        **_summary(detail.submission, detail.form_id, detail.household_code),
        "current_instance_id": current.instance_id, "answers": answers,
        "xml_url": url_for("api.submission_xml", instance_id=current.instance_id),
        "attachments": [_attachment(current.instance_id, a) for a in visible_attachments(detail, user)],
        "errors": _issues(current.errors), "findings": _issues(current.findings),
        "review_comment": detail.submission.review_comment,
        "reviews": [{"state": review.state, "comment": review.comment, "reviewer": reviewer,
                     "reviewed_at": review.reviewed_at.isoformat()} for review, reviewer in detail.reviews],
        "versions": [{"instance_id": v.instance_id, "deprecated_id": v.deprecated_id, "current": v.current,
                      "received_at": v.received_at.isoformat(), "md5": v.xml_md5, "size": v.xml_size,
                      "processing_state": v.processing_state, "errors": _issues(v.errors),
                      "findings": _issues(v.findings)} for v in detail.versions],
    }


@blueprint.get("/submissions/<instance_id>/xml")
@login_required
def submission_xml(instance_id: str):
    if not may_see_id_numbers(api_user()):
        raise Problem("forbidden")  # raw XML cannot be masked
    detail = _detail_or_404(instance_id)
    version = next((v for v in detail.versions if v.instance_id == instance_id), detail.current)
    return Response(load_xml(version, _store()), content_type="text/xml; charset=utf-8")


@blueprint.get("/submissions/<instance_id>/attachments/<name>")
@login_required
def submission_attachment(instance_id: str, name: str):
    found = find_attachment(_detail_or_404(instance_id), name, api_user())
    if found is None:
        raise Problem("not_found")
    return attachment_response(_store(), found)


@blueprint.post("/submissions/<instance_id>/review")
@login_required
def submission_review(instance_id: str):
    user = api_user()
    if not may_review(user):
        raise Problem("forbidden")
    detail = _detail_or_404(instance_id)
    body = request.get_json(silent=True) or {}
    review_submission(db.session, _store(), detail.submission, str(body.get("state") or ""),
                      str(body.get("comment") or ""), user, settings=current_app.config["SETTINGS"])
    db.session.commit()
    return {**_summary(detail.submission, detail.form_id, detail.household_code),
            "review_comment": detail.submission.review_comment}


def _attachment(instance_id: str, attachment) -> dict:
    return {"name": attachment.name, "content_type": attachment.content_type, "size": attachment.size,
            "md5": attachment.md5,
            "url": url_for("api.submission_attachment", instance_id=instance_id, name=attachment.name)}


def _detail_or_404(instance_id: str):
    detail = get_submission_detail(db.session, api_user(), instance_id, _store())
    if detail is None:
        raise Problem("not_found")
    return detail


def _store():
    return open_store(current_app.config["SETTINGS"].openrosa, current_app.instance_path)


def _listed(row) -> dict:
    return {**_summary(row.submission, row.form_id, row.household_code), "submitter": row.submitter,
            "received_at": row.received_at.isoformat() if row.received_at else None}


def _summary(submission, form_id: str, household_code: str | None) -> dict:
    return {"instance_id": submission.instance_id, "form_id": form_id, "category": submission.category,
            "household_code": household_code, "period": submission.period,
            "review_state": submission.review_state, "created_at": submission.created_at.isoformat()}


def _issues(stored: list | None) -> list[dict]:
    return [{"code": issue["code"], "field": issue.get("field"), "row": issue.get("row"),
             "message": _render(issue)} for issue in stored or []]


def _render(issue: dict) -> str:
    return problem_of(issue).render(gettext)
