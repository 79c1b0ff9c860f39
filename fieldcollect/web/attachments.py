"""Sending a phone's attachment (a house photo, an audio note) to a browser or a program, safely.

Phones may send any bytes under any content type, so only common image types are shown inline;
everything else is a download named by its md5, never rendered (no HTML or script from a phone
runs on our origin). The review page and the JSON API both send attachments through here.
"""

from __future__ import annotations

from flask import Response

from fieldcollect.submissions.models import SubmissionAttachment
from fieldcollect.submissions.storage import BlobStore

INLINE_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp"})


def find_attachment(version, name: str) -> SubmissionAttachment | None:
    """Return the version's attachment with this field name, or None."""
    return next((a for a in version.attachments if a.name == name), None)


def attachment_response(store: BlobStore, attachment: SubmissionAttachment) -> Response:
    """Return a response with the attachment's bytes: images inline, anything else as a download."""
    inline = attachment.content_type in INLINE_TYPES
    response = Response(store.get(attachment.content, attachment.storage_key),
                        content_type=attachment.content_type if inline else "application/octet-stream")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, max-age=86400"
    if not inline:
        response.headers["Content-Disposition"] = f'attachment; filename="{attachment.md5}"'
    return response
