"""OpenRosa routes: form list, form download, manifest, media and submission.

Each route answers at its plain path (password users) and under /key/<token>/ (phones set up by
QR code). Trailing slashes are accepted, never redirected (a redirected POST turns into a GET in
okhttp), and unknown query parameters such as deviceID are ignored. Every response carries the
OpenRosa headers and, when it is a refusal, an OpenRosaResponse whose message Collect shows after
"Error:" (PROTOCOL.md §3.5), in Chinese unless the phone asks for English.
"""

from __future__ import annotations

import hashlib
import mimetypes
from datetime import date
from functools import wraps
from urllib.parse import quote

from flask import Blueprint, Response, current_app, request
from flask_babel import get_locale, gettext
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from fieldcollect.auth.service import WINDOW as LOGIN_WINDOW
from fieldcollect.extensions import db
from fieldcollect.phones.catalogue import listed_forms, phone_form
from fieldcollect.phones.media import phone_media
from fieldcollect.problems import Problem
from fieldcollect.rounds.calendar import local_today
from fieldcollect.submissions.service import receive_submission
from fieldcollect.submissions.storage import open_store
from fieldcollect.sync import urls
from fieldcollect.sync.auth import add_challenges, current_phone_user, phone_login_required
from fieldcollect.sync.openrosa import FormListEntry, MediaEntry, form_list_xml, manifest_xml, response_xml
from fieldcollect.sync.upload import read_upload

openrosa = Blueprint("openrosa", __name__)

XML_TYPE = "text/xml; charset=utf-8"  # Collect requires "text/xml"; application/xml breaks it
# Collect splits uploads by file sizes alone; multipart headers of up to 101 parts come on top.
MULTIPART_SLACK = 1 << 20


def _route(rule: str, **options):
    def register(view):
        for prefix in ("", "/key/<token>"):
            openrosa.add_url_rule(prefix + rule, view_func=view, strict_slashes=False, **options)
        return view
    return register


def openrosa_required(view):
    """Refuse requests without X-OpenRosa-Version: 1.0, before authentication (as Central does)."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        got = request.headers.get("X-OpenRosa-Version")
        if got is None or got.strip() != "1.0":
            raise Problem("openrosa_version_required", got=got or "—")
        return view(*args, **kwargs)
    return wrapper


@_route("/formList")
@openrosa_required
@phone_login_required
def form_list():
    versions = listed_forms(db.session, current_phone_user(), request.args.get("formID"))
    entries = [FormListEntry(
        form_id=v.form.form_id, name=v.title or v.form.title or v.form.form_id, version=v.version,
        md5=hashlib.md5(v.xml).hexdigest(), download_url=urls.form_xml_url(v.form.form_id),
        manifest_url=urls.manifest_url(v.form.form_id) if v.media else None) for v in versions]
    return _xml(form_list_xml(entries))


@_route("/forms/<form_id>.xml")
@phone_login_required
def form_download(form_id: str):
    version = phone_form(db.session, current_phone_user(), form_id)
    return _file(version.xml, XML_TYPE, f"{form_id}.xml")


@_route("/forms/<form_id>/manifest")
@openrosa_required
@phone_login_required
def manifest(form_id: str):
    user = current_phone_user()
    version = phone_form(db.session, user, form_id)
    entries = []
    for name in sorted(version.media or []):
        data = phone_media(db.session, user, name, _today())
        if data is not None:  # Central lists only files it has (PROTOCOL.md §2.2)
            entries.append(MediaEntry(name, hashlib.md5(data).hexdigest(), urls.media_url(form_id, name)))
    return _xml(manifest_xml(entries))


@_route("/forms/<form_id>/attachments/<name>")
@phone_login_required
def media(form_id: str, name: str):
    user = current_phone_user()
    version = phone_form(db.session, user, form_id)
    data = phone_media(db.session, user, name, _today()) if name in (version.media or []) else None
    if data is None:
        raise Problem("not_found")
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if content_type.startswith("text/"):
        content_type += "; charset=utf-8"
    return _file(data, content_type, name)


@_route("/submission", methods=["GET", "HEAD", "POST"])
@openrosa_required
@phone_login_required
def submission():
    if request.method != "POST":  # Collect's pre-flight: only 204 will do (PROTOCOL.md §3.1)
        return Response(status=204)
    upload = read_upload(request)
    settings = current_app.config["SETTINGS"]
    receipt = receive_submission(
        db.session, open_store(settings.openrosa, current_app.instance_path), upload.xml, upload.files,
        current_phone_user(), device_id=request.args.get("deviceID"), user_agent=request.user_agent.string,
        settings=settings)
    message = (gettext("提交成功。") if receipt.processed
               else gettext("数据已安全保存，服务器稍后处理。"))
    return _xml(response_xml(message), 201)


@openrosa.before_request
def _limit_body():
    limit = _accepted_length() + MULTIPART_SLACK
    request.max_content_length = limit
    request.max_form_memory_size = limit
    if request.content_length is not None and request.content_length > limit:
        raise Problem("submission_too_large", limit=_accepted_length())


@openrosa.after_request
def _openrosa_headers(response: Response) -> Response:
    response.headers["X-OpenRosa-Version"] = "1.0"
    response.headers["X-OpenRosa-Accept-Content-Length"] = str(_accepted_length())
    response.headers["Content-Language"] = str(get_locale())
    # The HTTP server writes Date on every response; one set here (make_conditional does) would be a second.
    response.headers.remove("Date")
    # Collect keeps an okhttp disk cache: let it revalidate, never trust a stale list (Central http.js).
    if request.method in ("GET", "HEAD"):
        response.headers["Cache-Control"] = "private, no-cache"
        response.headers["Vary"] = "Accept-Encoding, Accept-Language, Origin"
    else:
        response.headers["Cache-Control"] = "no-store"
        response.headers["Vary"] = "*"
    return response


@openrosa.errorhandler(Problem)
def _problem(problem: Problem):
    response = _xml(response_xml(problem.render(gettext), nature="error"), problem.status)
    if problem.status == 401:
        add_challenges(response)  # without one, Collect loops on its login prompt (PROTOCOL.md §4.1)
    if problem.code == "login_throttled":  # RFC 6585 §4: by then the counted failures have aged out
        response.headers["Retry-After"] = str(int(LOGIN_WINDOW.total_seconds()))
    return response


@openrosa.errorhandler(RequestEntityTooLarge)
def _too_large(_error: RequestEntityTooLarge):
    return _problem(Problem("submission_too_large", limit=_accepted_length()))


@openrosa.errorhandler(HTTPException)
def _http_error(error: HTTPException):
    message = gettext("请求无法完成（HTTP %(status)s）。", status=error.code)
    return _xml(response_xml(message, nature="error"), error.code or 500)


def _xml(body: bytes, status: int = 200) -> Response:
    return Response(body, status=status, content_type=XML_TYPE)


def _file(data: bytes, content_type: str, filename: str) -> Response:
    response = Response(data, content_type=content_type)
    response.set_etag(hashlib.md5(data).hexdigest())
    response.headers["Content-Disposition"] = _disposition(filename)
    return response.make_conditional(request)


def _disposition(filename: str) -> str:
    ascii_name = filename.encode("ascii", "replace").decode("ascii").replace('"', "")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


def _accepted_length() -> int:
    return current_app.config["SETTINGS"].openrosa.max_submission_bytes


def _today() -> date:
    # The household lists follow pairings by day, and the day is the programme's (Asia/Shanghai).
    return local_today(current_app.config["SETTINGS"].server.timezone)
