"""QR images of a settings payload, drawn with segno as SVG or PNG."""

from __future__ import annotations

import io

import segno

# Medium error correction survives a crease in a printed sheet; the payload fits easily.
ERROR_LEVEL = "m"


def qr_svg(payload: str, scale: int = 4, title: str | None = None) -> bytes:
    """Return a standalone SVG document of payload's QR code."""
    return _save(payload, kind="svg", scale=scale, title=title, xmldecl=True)


def qr_svg_inline(payload: str, scale: int = 3) -> str:
    """Return an <svg> element of payload's QR code, to embed in an HTML page."""
    return _save(payload, kind="svg", scale=scale, xmldecl=False, svgns=True,
                 omitsize=False).decode("utf-8")


def qr_png(payload: str, scale: int = 6) -> bytes:
    """Return a PNG image of payload's QR code."""
    return _save(payload, kind="png", scale=scale)


def _save(payload: str, **options) -> bytes:
    # make_qr never picks a Micro QR code, which phone scanners do not read.
    code = segno.make_qr(payload, error=ERROR_LEVEL)
    buffer = io.BytesIO()
    code.save(buffer, border=4, **{k: v for k, v in options.items() if v is not None})
    return buffer.getvalue()
