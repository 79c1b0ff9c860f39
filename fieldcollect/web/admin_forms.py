"""Administrator pages for forms: the published forms, one form's versions, opening and closing a
form, and uploading an XLSForm to publish.

Publishing calls the same publish_form as `flask forms publish`: pyxform builds the workbook, ODK
Validate checks it (a JVM, about a second), and a changed form needs a higher version. When the
workbook is refused, the page shows pyxform's or Validate's own words under a Chinese summary.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _

from fieldcollect.extensions import db
from fieldcollect.forms.field_schema import data_fields
from fieldcollect.forms.messages import readable_lines
from fieldcollect.forms.models import FormState
from fieldcollect.forms.service import (
    PUBLISHED,
    STATES,
    category_name,
    count_versions,
    get_form,
    list_current_versions,
    list_versions,
    publish_form,
    set_form_state,
)
from fieldcollect.problems import N_, Problem
from fieldcollect.users.roles import Role
from fieldcollect.web.access import roles_required
from fieldcollect.web.forms import FormStateForm, XLSFormUploadForm
from fieldcollect.web.labels import problem_message

blueprint = Blueprint("admin_forms", __name__, url_prefix="/admin/forms")

STATE_LABELS = {FormState.OPEN: N_("开放"), FormState.CLOSING: N_("停止下发"), FormState.CLOSED: N_("已关闭")}
STATE_HINTS = {FormState.OPEN: N_("手机可下载，接收数据。"),
               FormState.CLOSING: N_("手机不再列出，但仍接收数据（旧手机补交）。"),
               FormState.CLOSED: N_("不再接收数据。")}
STATE_ACTIONS = {FormState.OPEN: N_("开放"), FormState.CLOSING: N_("停止下发"), FormState.CLOSED: N_("关闭")}


@blueprint.get("")
@roles_required(Role.ADMIN)
def index():
    """List every form with its current version, state and number of versions."""
    return render_template("admin/forms.html", versions=list_current_versions(db.session),
                           counts=count_versions(db.session), **_page_helpers())


@blueprint.get("/<form_id>")
@roles_required(Role.ADMIN)
def show(form_id: str):
    """Show one form, its state and every version it has published, newest first."""
    form = get_form(db.session, form_id)
    if form is None:
        abort(404)
    versions = list(reversed(list_versions(db.session, form_id)))
    fields = {version.id: len(data_fields(version.field_schema)) for version in versions}
    return render_template("admin/form_detail.html", form=form, versions=versions, fields=fields,
                           **_page_helpers())


@blueprint.post("/<form_id>/state")
@roles_required(Role.ADMIN)
def change_state(form_id: str):
    """Open or close a form, then go back to the page the button was on."""
    state_form = FormStateForm()
    if not state_form.validate_on_submit():
        abort(400)
    form = set_form_state(db.session, form_id, state_form.state.data)
    db.session.commit()
    flash(_("表单“%(title)s”现为：%(state)s", title=form.title, state=_(STATE_LABELS[form.state])), "success")
    if state_form.back.data == "detail":
        return redirect(url_for("admin_forms.show", form_id=form.form_id))
    return redirect(url_for("admin_forms.index"))


@blueprint.route("/upload", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def upload():
    """Show the upload page; on a valid upload build, validate and publish the XLSForm."""
    upload_form = XLSFormUploadForm()
    if upload_form.validate_on_submit():
        try:
            result = publish_form(db.session, upload_form.file.data.read(), upload_form.file.data.filename)
        except Problem as problem:  # the workbook is wrong, fails Validate, or its version is not higher
            db.session.rollback()
            return render_template("admin/form_upload.html", upload_form=upload_form,
                                   refusal=_refusal(problem)), problem.status
        db.session.commit()
        category = _(category_name(result.form_version.form))
        return render_template("admin/form_published.html", result=result,
                               published=result.status == PUBLISHED, category=category)
    status = 400 if upload_form.errors else 200
    return render_template("admin/form_upload.html", upload_form=upload_form, refusal=None), status


def _refusal(problem: Problem) -> dict:
    """Split a refusal into a Chinese summary and the tool's own lines (pyxform's or Validate's)."""
    if "detail" not in problem.params:
        return {"summary": problem_message(problem), "lines": []}
    summary = problem_message(Problem(problem.code, **{**problem.params, "detail": ""}))
    return {"summary": summary, "lines": readable_lines(problem.params["detail"])}


def _page_helpers() -> dict:
    return {"states": STATES, "state_labels": STATE_LABELS, "state_hints": STATE_HINTS,
            "state_actions": STATE_ACTIONS, "state_form": FormStateForm(),
            "category_name": lambda form: _(category_name(form)),
            "when": lambda moment: format_datetime(moment, "yyyy-MM-dd HH:mm")}
