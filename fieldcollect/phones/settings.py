"""The ODK Collect settings a phone is configured with, and their QR-code encoding.

Collect reads a settings QR code as base64 of a zlib stream (java.util.zip.Inflater, RFC 1950 with
header) holding UTF-8 JSON, and requires the top-level objects "general" and "admin"
(getodk/collect CompressionUtils.kt, client-settings.schema.json; see PROTOCOL.md §4.5). The
"managed" values follow ODK Central's app-user QR: match_exactly keeps the phone's forms equal to
the server's list, and finalized forms are sent on any network.
"""

from __future__ import annotations

import base64
import json
import zlib

PROJECT_NAME = "精准扶贫"
PROJECT_ICON = "扶"
PROJECT_COLOR = "#c0392b"


def collect_settings(server_url: str, username: str, project_name: str = PROJECT_NAME) -> dict:
    """Return the Collect settings object for a phone that reaches the server at server_url."""
    return {
        "general": {
            "server_url": server_url,
            "protocol": "odk_default",
            "form_update_mode": "match_exactly",
            "periodic_form_updates_check": "every_one_hour",
            "autosend": "wifi_and_cellular",
            "metadata_username": username,
        },
        "admin": {},
        "project": {"name": project_name, "icon": PROJECT_ICON, "color": PROJECT_COLOR},
    }


def encode_settings(settings: dict) -> str:
    """Return the settings as Collect's QR payload: base64 (standard, unwrapped) of zlib'd JSON."""
    data = json.dumps(settings, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.b64encode(zlib.compress(data, 9)).decode("ascii")


def decode_settings(payload: str) -> dict:
    """Return the settings object a QR payload holds (the inverse of encode_settings)."""
    return json.loads(zlib.decompress(base64.b64decode(payload, validate=True)).decode("utf-8"))
