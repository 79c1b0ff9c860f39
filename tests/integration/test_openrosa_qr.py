"""Phone set-up by QR code (PROTOCOL.md §4.5, conformance case 55): payload, images, sheets, CLI."""

from __future__ import annotations

import io
import json
import re

import segno

from fieldcollect.extensions import db
from fieldcollect.phones.service import get_active_key, phone_settings
from fieldcollect.phones.settings import decode_settings, encode_settings
from tests.conftest import create_test_user
from tests.integration.openrosa_support import Phone, make_phone_user, publish_form


def test_cli_phone_settings_prints_collect_settings_with_the_key_url(app):
    user, token = make_phone_user("cadre", "cadre-han")
    result = app.test_cli_runner().invoke(args=["phone-settings", "cadre-han", "--server-url", "https://fp.example/"])
    assert result.exit_code == 0, result.output
    settings = json.loads(result.output)
    assert set(settings) >= {"general", "admin"}
    assert settings["admin"] == {}
    general = settings["general"]
    assert general["server_url"] == f"https://fp.example/key/{token}"
    assert (general["form_update_mode"], general["autosend"]) == ("match_exactly", "wifi_and_cellular")
    assert general["metadata_username"] == "cadre-han"


def test_cli_encoded_payload_decodes_with_base64_and_zlib(app):
    make_phone_user("cadre", "cadre-han")
    result = app.test_cli_runner().invoke(
        args=["phone-settings", "cadre-han", "--server-url", "http://h", "--encoded"])
    settings = decode_settings(result.output.strip())
    assert re.fullmatch(r"http://h/key/[A-Za-z0-9_-]{64}", settings["general"]["server_url"])


def test_cli_phone_settings_issues_a_key_for_a_user_without_one(app):
    user = create_test_user("cadre", username="cadre-new")
    assert get_active_key(db.session, user) is None
    result = app.test_cli_runner().invoke(args=["phone-settings", "cadre-new", "--server-url", "http://h"])
    assert result.exit_code == 0
    assert get_active_key(db.session, user) is not None


def test_cli_phone_settings_needs_a_server_url(app):
    make_phone_user("cadre", "cadre-han")
    result = app.test_cli_runner().invoke(args=["phone-settings", "cadre-han"])
    assert result.exit_code != 0
    assert "base_url" in result.output


def test_cli_issue_token_and_revoke(app, client):
    publish_form()
    _, old = make_phone_user("cadre", "cadre-han")
    runner = app.test_cli_runner()
    issued = runner.invoke(args=["phones", "issue-token", "cadre-han", "--server-url", "http://h"])
    new = issued.output.strip().rsplit("/", 1)[-1]
    assert Phone(client, token=old).form_list().status_code == 403
    assert Phone(client, token=new).form_list().status_code == 200
    revoked = runner.invoke(args=["phones", "revoke", "cadre-han"])
    assert "revoked 1" in revoked.output
    assert Phone(client, token=new).form_list().status_code == 403


def test_a_signed_in_user_gets_their_own_qr_as_svg_and_png(client, login_as):
    login_as("cadre", username="cadre-qr")
    svg = client.get("/phones/qr.svg")
    png = client.get("/phones/qr.png")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml" and b"<svg" in svg.data
    assert png.status_code == 200 and png.data.startswith(b"\x89PNG")
    assert svg.headers["Cache-Control"] == "no-store"


def test_the_web_qr_encodes_the_signed_in_users_own_phone_settings(client, login_as):
    # No decoder: no well-kept pure-Python QR reader exists (pyzbar and zxing-cpp need native code).
    # So the images must be, byte for byte, what segno draws for the payload of this user's settings.
    make_phone_user("cadre", "cadre-other")  # another phone key on the server, which must not show up
    user = login_as("cadre", username="cadre-qr")
    svg, png = client.get("/phones/qr.svg").data, client.get("/phones/qr.png").data
    token = get_active_key(db.session, user).token  # issued by the first image's request
    expected = phone_settings(db.session, user, "http://localhost")
    general = expected["general"]
    assert general["server_url"] == f"http://localhost/key/{token}"
    assert (general["form_update_mode"], general["autosend"]) == ("match_exactly", "wifi_and_cellular")
    assert general["metadata_username"] == "cadre-qr"
    payload = encode_settings(expected)
    assert decode_settings(payload) == expected
    code = segno.make_qr(payload, error="m")  # as phones.qr draws it: error level M, no Micro QR
    assert svg == _drawn(code, kind="svg", scale=4, border=4, title="ODK Collect", xmldecl=True)
    assert png == _drawn(code, kind="png", scale=6, border=4)


def _drawn(code, **options) -> bytes:
    buffer = io.BytesIO()
    code.save(buffer, **options)
    return buffer.getvalue()


def test_the_qr_image_is_stable_until_the_key_changes(client, login_as):
    login_as("cadre", username="cadre-qr")
    assert client.get("/phones/qr.svg").data == client.get("/phones/qr.svg").data


def test_qr_images_need_a_signed_in_user(client, app):
    assert client.get("/phones/qr.svg").status_code in (302, 401)


def test_village_team_prints_one_sheet_with_a_code_per_cadre_in_its_village(client, login_as):
    make_phone_user("cadre", "cadre-a")
    make_phone_user("cadre", "cadre-b")
    make_phone_user("cadre", "cadre-elsewhere", region="150602100000")  # township level: not this village
    login_as("village_team")
    page = client.get("/phones/qr-sheets")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert html.count('class="qr-sheet"') == 1
    assert html.count("<svg") == 2
    assert "cadre-a" in html and "cadre-b" in html and "cadre-elsewhere" not in html


def test_supervisor_prints_a_sheet_per_region_under_them(client, login_as):
    make_phone_user("cadre", "cadre-a")
    make_phone_user("cadre", "cadre-t", region="150602100000")
    login_as("township_supervisor")
    html = client.get("/phones/qr-sheets").get_data(as_text=True)
    assert html.count('class="qr-sheet"') == 2


def test_sheets_issue_keys_that_work(client, login_as, app):
    publish_form()
    user = create_test_user("cadre", username="cadre-keyless")
    login_as("village_team")
    client.get("/phones/qr-sheets")
    key = get_active_key(db.session, user)
    assert key is not None
    assert Phone(app.test_client(), token=key.token).form_list().status_code == 200


def test_cadres_cannot_print_sheets(client, login_as):
    login_as("cadre")
    assert client.get("/phones/qr-sheets").status_code == 403


def test_village_team_cannot_print_another_villages_sheet(client, login_as):
    login_as("village_team")
    assert client.get("/phones/qr-sheets?region=150602000000").status_code == 403
