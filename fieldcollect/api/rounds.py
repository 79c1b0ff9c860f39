"""Quarterly rounds: GET /api/v1/rounds, a round's progress, cadres and assessment, as JSON, XLSX or CSV.

Every figure is scoped: ?region= must be a region the caller may browse (else 404, as for anything
outside their scope) and defaults to their home region; the households counted are those
access.scope lets them see. A past round that nobody has opened yet opens on first use.
"""

from __future__ import annotations

import tempfile
from urllib.parse import quote

from flask import Response, current_app, request, stream_with_context

from fieldcollect.access.scope import household_scope
from fieldcollect.api import blueprint
from fieldcollect.api.auth import api_user, login_required
from fieldcollect.api.paging import page_args, paged, visible_region_arg
from fieldcollect.exports.csvfile import CSV_MIMETYPE, csv_chunks
from fieldcollect.exports.rounds import assessment_tables, cadre_tables, progress_tables
from fieldcollect.exports.tables import concatenate
from fieldcollect.exports.xlsx import XLSX_MIMETYPE, write_workbook
from fieldcollect.extensions import db
from fieldcollect.households.service import get_household_by_code
from fieldcollect.problems import Problem
from fieldcollect.regions.service import get_region
from fieldcollect.rounds import schemas
from fieldcollect.rounds.assessment import GROUPINGS, Weights, assess
from fieldcollect.rounds.calendar import local_today, rounds_of_year
from fieldcollect.rounds.detail import household_round
from fieldcollect.rounds.rollups import cadre_progress, region_progress
from fieldcollect.rounds.service import admit_submission, ensure_round, list_rounds, may_admit, parse_round

FILE_FORMATS = "<any(xlsx, csv):fmt>"


@blueprint.get("/rounds")
@login_required
def round_list():
    return {"items": [schemas.round_info(info) for info in list_rounds(db.session, _settings(), _today())]}


@blueprint.get("/rounds/<name>/progress")
@login_required
def round_progress(name: str):
    user = api_user()
    record, region = _record(name), _region(user)
    progress = region_progress(db.session, record, region, household_scope(user))
    return schemas.region_progress(record, progress, _timezone())


@blueprint.get("/rounds/<name>/households/<code>")
@login_required
def round_household(name: str, code: str):
    user = api_user()
    record = _record(name)
    household = get_household_by_code(db.session, code, household_scope(user))
    if household is None:
        raise Problem("not_found")
    return schemas.household_round(record, household_round(db.session, record, household), _timezone())


@blueprint.get("/rounds/<name>/cadres")
@login_required
def round_cadres(name: str):
    user = api_user()
    record, region = _record(name), _region(user)
    page, per_page = page_args()
    rows, total = cadre_progress(db.session, record, region.code, household_scope(user), page, per_page)
    items = [schemas.cadre_progress(row) for row in rows]
    return {"round": record.name, "region": schemas.region(region), **paged(items, page, per_page, total)}


@blueprint.get("/rounds/<name>/assessment")
@login_required
def round_assessment(name: str):
    user = api_user()
    records, region, by, weights = _records(name), _region(user), _grouping(), _weights()
    page, per_page = page_args()
    scope = household_scope(user)
    scores, total = assess(db.session, records, region.code, scope, by, weights, page, per_page)
    return {"period": name, "rounds": [r.name for r in records], "by": by, "region": schemas.region(region),
            "weights": {"completion": weights.completion, "timeliness": weights.timeliness},
            **paged([schemas.score(s, by) for s in scores], page, per_page, total)}


@blueprint.get(f"/rounds/<name>/progress.{FILE_FORMATS}")
@login_required
def round_progress_file(name: str, fmt: str):
    user = api_user()
    record, region = _record(name), _region(user)
    level = request.args.get("level") if fmt == "csv" else None
    if level not in (None, "household"):
        raise Problem("invalid_input", detail="level: household")
    tables = progress_tables(db.session, record, region, household_scope(user), _timezone(),
                             [level] if level else None)
    if fmt == "csv" and not level:  # one CSV is one table: every region level, each row naming its level
        tables = [concatenate(tables[:-1], "progress")]
    return _download(tables, fmt, f"{record.name}-完成情况-{region.name}")


@blueprint.get(f"/rounds/<name>/cadres.{FILE_FORMATS}")
@login_required
def round_cadres_file(name: str, fmt: str):
    user = api_user()
    record, region = _record(name), _region(user)
    tables = cadre_tables(db.session, record, region.code, household_scope(user))
    if fmt == "csv" and request.args.get("sheet") == "missing":
        tables = tables[1:]
    return _download(tables, fmt, f"{record.name}-帮扶干部-{region.name}")


@blueprint.get(f"/rounds/<name>/assessment.{FILE_FORMATS}")
@login_required
def round_assessment_file(name: str, fmt: str):
    user = api_user()
    records, region = _records(name), _region(user)
    tables = assessment_tables(db.session, records, region.code, household_scope(user), _weights())
    if fmt == "csv" and request.args.get("by") == "unit":
        tables = tables[1:]
    return _download(tables, fmt, f"{name}-考核-{region.name}")


@blueprint.post("/rounds/<name>/admissions")
@login_required
def round_admit(name: str):
    user = api_user()
    if not may_admit(user):
        raise Problem("forbidden")
    record = _record(name)
    body = request.get_json(silent=True) or {}
    instance_id = body.get("instance_id")
    if not isinstance(instance_id, str) or not instance_id:
        raise Problem("invalid_input", detail="instance_id")
    admit_submission(db.session, record, instance_id, household_scope(user), user.id, _today(),
                     str(body.get("note") or "")[:255])
    db.session.commit()
    return {"round": record.name, "instance_id": instance_id, "admitted_by": user.username}, 201


def _settings():
    return current_app.config["SETTINGS"].rounds


def _timezone() -> str:
    return current_app.config["SETTINGS"].server.timezone


def _today():
    return local_today(_timezone())


def _record(name: str):
    record = ensure_round(db.session, parse_round(name), _settings(), _timezone(), _today(), api_user().id)
    db.session.commit()  # a round opened on first use stays open
    return record


def _records(name: str) -> list:
    """Return the round named, or every started round of a year named like 2018."""
    if not (len(name) == 4 and name.isdigit()):
        return [_record(name)]
    started = [r for r in rounds_of_year(int(name)) if r.first_day <= _today()]
    if not started:
        raise Problem("round_not_started", name=name)
    return [_record(str(r)) for r in started]


def _region(user):
    region = get_region(db.session, visible_region_arg(user) or user.region_code)
    if region is None:
        raise Problem("not_found")
    return region


def _grouping() -> str:
    by = request.args.get("by", "cadre")
    if by not in GROUPINGS:
        raise Problem("invalid_input", detail=f"by: {'|'.join(GROUPINGS)}")
    return by


def _weights() -> Weights:
    return Weights(_settings().completion_weight, _settings().timeliness_weight)


def _download(tables: list, fmt: str, stem: str) -> Response:
    if fmt == "csv":
        response = Response(stream_with_context(csv_chunks(tables[0])), mimetype=CSV_MIMETYPE)
    else:
        # openpyxl zips the sheets into a seekable file; in write-only mode no rows sit in memory on the way.
        spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
        write_workbook(tables, spool)
        spool.seek(0)
        response = Response(_drain(spool), mimetype=XLSX_MIMETYPE)
    filename = f"{stem}.{fmt}"
    ascii_name = filename.encode("ascii", "replace").decode("ascii").replace('"', "")
    response.headers["Content-Disposition"] = (f"attachment; filename=\"{ascii_name}\"; "
                                               f"filename*=UTF-8''{quote(filename, safe='')}")
    return response


def _drain(spool, size: int = 64 * 1024):
    try:
        while chunk := spool.read(size):
            yield chunk
    finally:
        spool.close()
