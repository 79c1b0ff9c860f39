"""Settings QR codes for people setting up phones: one's own, and printable sheets per village.

The images carry a phone key, so they are never cached. The pages are deliberately plain; the
web pages link to them.
"""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request
from flask_login import current_user, login_required

from fieldcollect.extensions import db
from fieldcollect.phones.qr import qr_png, qr_svg, qr_svg_inline
from fieldcollect.phones.service import phone_settings
from fieldcollect.phones.settings import encode_settings
from fieldcollect.phones.sheets import village_qr_sheets
from fieldcollect.sync.urls import server_root

phones = Blueprint("phones", __name__, template_folder="templates")


@phones.get("/phones/qr.svg")
@login_required
def my_qr_svg():
    return _private(qr_svg(_my_payload(), title="ODK Collect"), "image/svg+xml")


@phones.get("/phones/qr.png")
@login_required
def my_qr_png():
    return _private(qr_png(_my_payload()), "image/png")


@phones.get("/phones/qr-sheets")
@login_required
def qr_sheets():
    sheets = village_qr_sheets(db.session, current_user, server_root(), request.args.get("region"))
    db.session.commit()  # keys issued for cadres who had none must outlive the page
    drawn = [(sheet, [(entry, qr_svg_inline(entry.payload)) for entry in sheet.entries]) for sheet in sheets]
    response = Response(render_template("sync/qr_sheets.html", sheets=drawn))
    response.headers["Cache-Control"] = "no-store"
    return response


def _my_payload() -> str:
    settings = phone_settings(db.session, current_user, server_root())
    db.session.commit()
    return encode_settings(settings)


def _private(body: bytes, mimetype: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Cache-Control"] = "no-store"
    return response
