"""POST /api/v1/imports/<kind>[?dry_run=1]: bulk import a households, pairings or users file (administrators).

The body is multipart with the spreadsheet in `file`. A file with any row error writes nothing and is
answered 422 with every (row, column, reason); otherwise the answer is the report (200), and the
changes are committed unless it was a dry run.
"""

from __future__ import annotations

from flask import request
from flask_babel import gettext

from fieldcollect.api import blueprint
from fieldcollect.api.auth import admin_required
from fieldcollect.api.errors import error_body
from fieldcollect.extensions import db
from fieldcollect.imports.service import run_import
from fieldcollect.problems import Problem


@blueprint.post("/imports/<kind>")
@admin_required
def import_file(kind: str):
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise Problem("invalid_input", detail="file")
    dry_run = request.args.get("dry_run", "0").lower() in ("1", "true", "yes")
    with upload.stream:  # a large upload is spooled to a temporary file: close it when read
        data = upload.read()
    report = run_import(db.session, kind, upload.filename, data, dry_run)
    body = report.as_dict(gettext)
    if report.errors:
        db.session.rollback()
        problem = Problem("import_rejected", count=len(report.errors))
        return {**error_body(problem, rows=body["errors"]), "report": body}, problem.status
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    return body
