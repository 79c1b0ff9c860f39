"""Absolute URLs for phones, keeping the prefix the request came in with.

Collect opens downloadUrl and manifestUrl with `new URL(…)`, so every URL must be absolute
(PROTOCOL.md §0). A phone configured with …/key/<token> must get links under the same prefix, or
its next request would arrive without its key. [server] base_url, when set, names the public
address (behind a proxy); otherwise the request's host is used, with X-Forwarded-Proto honoured.
"""

from __future__ import annotations

from urllib.parse import quote

from flask import current_app, g, request


def request_is_https() -> bool:
    """Tell whether the phone reached us over HTTPS, directly or through a TLS-terminating proxy."""
    forwarded = request.headers.get("X-Forwarded-Proto", "").split(",")[0].strip().lower()
    return request.is_secure or forwarded == "https"


def server_root() -> str:
    """Return the public root URL of this server, without a trailing slash."""
    configured = current_app.config["SETTINGS"].server.base_url
    if configured:
        return configured.rstrip("/")
    scheme = "https" if request_is_https() else request.scheme
    return f"{scheme}://{request.host}{request.script_root}"


def phone_base() -> str:
    """Return the URL this phone uses as its server URL (with /key/<token> when it came with one)."""
    return server_root() + g.get("phone_prefix", "")


def form_xml_url(form_id: str) -> str:
    """Return the absolute download URL of a form's XML."""
    return f"{phone_base()}/forms/{quote(form_id, safe='')}.xml"


def manifest_url(form_id: str) -> str:
    """Return the absolute URL of a form's manifest."""
    return f"{phone_base()}/forms/{quote(form_id, safe='')}/manifest"


def media_url(form_id: str, name: str) -> str:
    """Return the absolute download URL of one of a form's media files."""
    return f"{phone_base()}/forms/{quote(form_id, safe='')}/attachments/{quote(name, safe='')}"
