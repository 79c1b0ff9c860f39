"""The review queue and the submission page: filter, read, decide (approve / has issues / reject).

The pages call what the JSON API calls (submissions.browse, submissions.service.review_submission)
and are scoped the same way: a submission outside the reader's scope does not exist (404). Anyone
signed in may read a submission they can see; only reviewers (submissions.review.may_review) decide.
Personal answers are masked unless access.scope.may_see_id_numbers.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from fieldcollect.access.scope import may_see_id_numbers
from fieldcollect.extensions import db
from fieldcollect.forms.categories import CATEGORIES
from fieldcollect.problems import Problem
from fieldcollect.regions.codes import Level, level_of
from fieldcollect.regions.service import list_subtree
from fieldcollect.submissions.browse import (
    Filters,
    get_submission_detail,
    list_submissions,
    submission_periods,
    visible_attachments,
)
from fieldcollect.submissions.bulk import approve_submissions
from fieldcollect.submissions.review import may_review
from fieldcollect.submissions.service import review_submission
from fieldcollect.submissions.storage import open_store
from fieldcollect.users.roles import SUPERVISOR_ROLES, Role
from fieldcollect.validation.issues import problem_of
from fieldcollect.web.access import roles_required
from fieldcollect.web.answers import FormText, answer_rows, sections
from fieldcollect.web.attachments import attachment_response, find_attachment
from fieldcollect.web.form_text import form_text_for
from fieldcollect.web.labels import problem_message
from fieldcollect.web.review_forms import BulkApproveForm, DecisionForm, ReviewFilterForm
from fieldcollect.web.review_labels import QUEUE_STATES, register_review_filters, review_state_label
from fieldcollect.web.round_pages import round_label
from fieldcollect.web.urls import safe_next

blueprint = Blueprint("review", __name__)
register_review_filters(blueprint)
QUEUE_ROLES = (*SUPERVISOR_ROLES, Role.VILLAGE_TEAM, Role.ADMIN)
PER_PAGE = 20


@blueprint.get("/review")
@roles_required(*QUEUE_ROLES)
def queue():
    """List the submissions in scope, filtered by state, form, period and region, twenty a page."""
    form = _filter_form()
    filters = Filters(state=form.state.data or None, region=form.region.data or None,
                      form_id=form.form.data or None, period=form.period.data or None)
    page = max(request.args.get("page", 1, type=int), 1)
    rows, total = list_submissions(db.session, current_user, filters, page, PER_PAGE)
    named = (("state", filters.state), ("form", filters.form_id), ("period", filters.period),
             ("region", filters.region))
    chosen = {name: value for name, value in named if value}
    return render_template("review/queue.html", form=form, rows=rows, total=total, page=page,
                           pages=max((total + PER_PAGE - 1) // PER_PAGE, 1), chosen=chosen,
                           may_review=may_review(current_user), bulk=BulkApproveForm())


@blueprint.post("/review/approve")
@roles_required(*QUEUE_ROLES)
def bulk_approve():
    """Approve the ticked submissions, then return to the queue as it was filtered."""
    if not may_review(current_user):
        abort(403)
    if not BulkApproveForm().validate_on_submit():
        abort(400)
    count = approve_submissions(db.session, _store(), current_user, request.form.getlist("pick"),
                                settings=current_app.config["SETTINGS"])
    db.session.commit()
    flash(gettext("已通过 %(n)d 份记录。", n=count) if count else gettext("没有选中任何记录。"),
          "success" if count else "info")
    return redirect(safe_next(request.form.get("next")) or url_for("review.queue"))


@blueprint.route("/review/<instance_id>", methods=["GET", "POST"])
@login_required
def submission(instance_id: str):
    """Show one submission in words; reviewers record their decision here."""
    detail = _detail_or_404(instance_id)
    reviewer = may_review(current_user)
    if request.method == "POST" and not reviewer:
        abort(403)
    form = DecisionForm()
    if reviewer and form.validate_on_submit():
        try:
            review_submission(db.session, _store(), detail.submission, form.state.data,
                              form.comment.data or "", current_user, settings=current_app.config["SETTINGS"])
        except Problem as problem:
            db.session.rollback()
            form.comment.errors.append(problem_message(problem))
        else:
            db.session.commit()
            state = review_state_label(detail.submission.review_state)
            flash(gettext("已记录审核结论：%(state)s。", state=state), "success")
            return redirect(url_for("review.submission", instance_id=instance_id))
    status = 400 if form.errors else 200
    return _render_submission(detail, form if reviewer else None), status


@blueprint.get("/review/<instance_id>/files/<name>")
@login_required
def attachment(instance_id: str, name: str):
    """Send a photo or file of a submission the reader may see."""
    found = find_attachment(_detail_or_404(instance_id), name, current_user)
    if found is None:
        abort(404)
    return attachment_response(_store(), found)


def _render_submission(detail, form: DecisionForm | None) -> str:
    text = form_text_for(db.session, {detail.current.form_version_pk})
    language = str(get_locale())
    attachments = visible_attachments(detail, current_user)
    files = {a.name for a in attachments}

    def file_url(name) -> str | None:
        return url_for("review.attachment", instance_id=detail.current.instance_id, name=name) \
            if isinstance(name, str) and name in files else None

    shown = answer_rows(detail.answers, text, language, masked=not may_see_id_numbers(current_user))
    return render_template(
        "review/submission.html", detail=detail, sections=sections(shown), file_url=file_url, form=form,
        attachments=attachments,
        errors=_issues(detail.current.errors, text, language),
        findings=_issues(detail.current.findings, text, language))


def _issues(stored: list | None, text: FormText, language: str) -> list[dict]:
    return [{"field": text.label(issue["field"], language) if issue.get("field") else None,
             "row": issue.get("row"), "message": problem_of(issue).render(gettext)} for issue in stored or []]


def _filter_form() -> ReviewFilterForm:
    form = ReviewFilterForm(request.args)
    options = {
        form.state: [(s, review_state_label(s)) for s in QUEUE_STATES],
        form.form: [(c.form_id, gettext(c.name_zh)) for c in CATEGORIES],
        form.period: [(p, round_label(p)) for p in submission_periods(db.session, current_user)],
        form.region: _region_choices(),
    }
    everything = {form.state: gettext("全部状态"), form.form: gettext("全部类别"),
                  form.period: gettext("全部报告期"), form.region: gettext("全部区划")}
    for field, pairs in options.items():
        field.choices = [SelectChoice("", everything[field])] + [SelectChoice(v, label) for v, label in pairs]
        if field.data not in {value for value, _ in pairs}:
            field.data = ""  # an unknown or out-of-scope value filters nothing rather than failing
    return form


def _region_choices() -> list[tuple[str, str]]:
    """Return the regions under the reader's home region to filter by (villages only from a township)."""
    home = current_user.region_code
    if level_of(home) == Level.VILLAGE:
        return []
    levels = {Level.VILLAGE} if level_of(home) == Level.TOWNSHIP else set()
    indent = {Level.CITY: 0, Level.BANNER: 1, Level.TOWNSHIP: 2, Level.VILLAGE: 3}
    return [(region.code, "\u3000" * (indent[region.level] - indent[level_of(home)]) + region.name)
            for region in list_subtree(db.session, home)
            if region.level != Level.VILLAGE or region.level in levels]


def _detail_or_404(instance_id: str):
    detail = get_submission_detail(db.session, current_user, instance_id, _store())
    if detail is None:
        abort(404)
    return detail


def _store():
    return open_store(current_app.config["SETTINGS"].openrosa, current_app.instance_path)
