"""Administrator page for bulk imports: upload a households, pairings or users file.

The page calls the same run_import as `flask import …` and POST /api/v1/imports/<kind>: every row is
checked first, and with any error (or when only checking) nothing is written. The file is not kept,
so the result is shown in answer to the upload rather than after a redirect.
"""

from __future__ import annotations

from flask import Blueprint, Response, render_template
from flask_babel import gettext as _

from fieldcollect.extensions import db
from fieldcollect.imports.blank_files import blank_csv, required_headers
from fieldcollect.imports.report import ImportReport
from fieldcollect.imports.service import IMPORTERS, run_import
from fieldcollect.problems import N_, Problem
from fieldcollect.users.roles import Role
from fieldcollect.web.access import roles_required
from fieldcollect.web.forms import ImportUploadForm
from fieldcollect.web.labels import problem_message

blueprint = Blueprint("admin_imports", __name__, url_prefix="/admin/imports")

KIND_LABELS = {"households": N_("户（含家庭成员）"), "pairings": N_("结对帮扶"), "users": N_("用户")}
DETAIL_LABELS = {"members_created": N_("新增成员"), "members_updated": N_("变更成员"),
                 "cadres_created": N_("新增帮扶干部"), "cadres_updated": N_("变更帮扶干部")}
SHOWN_ERRORS = 500  # a badly broken file can have thousands; the first ones show what to fix


@blueprint.route("", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def upload():
    """Show the upload page; on a valid upload run (or only check) the import and show its report."""
    form = ImportUploadForm()
    form.kind.choices = [(kind, _(label)) for kind, label in KIND_LABELS.items()]
    if form.validate_on_submit():
        try:
            report = run_import(db.session, form.kind.data, form.file.data.filename, form.file.data.read(),
                                dry_run=form.check.data)
        except Problem as problem:  # the file as a whole: wrong type, unreadable or empty
            db.session.rollback()
            form.file.errors.append(problem_message(problem))
        else:
            _finish(report.written)
            return _result(report)
    return render_template("admin/imports.html", form=form, kinds=_kinds()), 400 if form.errors else 200


@blueprint.get("/blank/<kind>.csv")
@roles_required(Role.ADMIN)
def blank(kind: str):
    """Send a CSV with only the header row that an import of this kind expects."""
    filename = f"{kind}-template.csv"
    return Response(blank_csv(kind), mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename={filename}"})


def _finish(written: bool) -> None:
    if written:
        db.session.commit()
    else:
        db.session.rollback()


def _result(report: ImportReport):
    rejected = problem_message(Problem("import_rejected", count=len(report.errors))) if report.errors else ""
    shown = report.errors[:SHOWN_ERRORS]
    errors = [(error.row, error.column, problem_message(error.problem)) for error in shown]
    details = [(_(DETAIL_LABELS.get(key, key)), value) for key, value in report.details.items()]
    page = render_template("admin/import_result.html", report=report, kind_label=_(KIND_LABELS[report.kind]),
                           rejected=rejected, errors=errors, hidden=len(report.errors) - len(errors),
                           details=details)
    return page, 422 if report.errors else 200


def _kinds() -> list[dict]:
    return [{"kind": kind, "label": _(KIND_LABELS[kind]), "required": required_headers(kind)}
            for kind in IMPORTERS]
