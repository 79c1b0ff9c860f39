"""phones: the Collect settings payload, keys and the role rule for forms."""

from __future__ import annotations

import base64
import json
import zlib

import pytest

from fieldcollect.phones.access import CATEGORY_FORMS, PROCEDURE_FORMS, may_fill
from fieldcollect.phones.qr import qr_png, qr_svg, qr_svg_inline
from fieldcollect.phones.settings import collect_settings, decode_settings, encode_settings
from fieldcollect.phones.tokens import is_well_formed, new_token


def test_payload_inflates_with_a_default_zlib_inflater_to_json_with_general_and_admin():
    payload = encode_settings(collect_settings("https://h/key/" + "a" * 64, "cadre-1"))
    # Collect: Base64.decode(NO_WRAP) then java.util.zip.Inflater() (zlib header expected).
    assert "\n" not in payload
    raw = zlib.decompressobj(wbits=15).decompress(base64.b64decode(payload, validate=True))
    settings = json.loads(raw.decode("utf-8"))
    assert isinstance(settings["general"], dict) and settings["admin"] == {}
    assert settings["general"]["server_url"].endswith("/key/" + "a" * 64)
    assert settings["general"]["form_update_mode"] == "match_exactly"
    assert settings["general"]["autosend"] == "wifi_and_cellular"


def test_payload_round_trips_chinese_text():
    settings = collect_settings("http://h/key/x", "王干部", project_name="精准扶贫")
    assert decode_settings(encode_settings(settings)) == settings


def test_payload_is_not_raw_deflate():
    payload = base64.b64decode(encode_settings(collect_settings("http://h", "u")))
    assert payload[0] == 0x78  # the zlib header byte that raw deflate lacks


def test_new_tokens_are_64_url_safe_characters_and_distinct():
    tokens = {new_token() for _ in range(50)}
    assert len(tokens) == 50
    assert all(len(token) == 64 and is_well_formed(token) for token in tokens)


@pytest.mark.parametrize("token", ["", "a" * 63, "a" * 65, "a" * 63 + "/", "a" * 63 + "=", "汉" * 64])
def test_malformed_tokens_are_recognised(token):
    assert not is_well_formed(token)


def test_cadres_fill_category_and_procedure_forms_and_teams_fill_procedures():
    assert all(may_fill("cadre", category) for category in CATEGORY_FORMS)
    # Regulation art. 7: the paired cadre acknowledges the exit at their visit (帮扶干部与贫困户认可).
    assert all(may_fill("cadre", category) for category in PROCEDURE_FORMS)
    for role in ("village_team", "township_supervisor", "banner_supervisor", "city_supervisor"):
        assert all(may_fill(role, category) for category in PROCEDURE_FORMS)
        assert not may_fill(role, "income")
    assert not may_fill("cadre", "unknown-category")
    assert not may_fill("nobody", "basic")


def test_qr_images_are_svg_and_png():
    payload = encode_settings(collect_settings("http://h/key/" + "b" * 64, "u"))
    assert qr_svg(payload).startswith(b"<?xml")
    assert qr_svg_inline(payload).startswith("<svg")
    assert qr_png(payload).startswith(b"\x89PNG")
