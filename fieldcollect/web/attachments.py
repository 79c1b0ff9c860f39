"""Sending a phone's attachment (a house photo, an audio note) to a browser or a program, safely.

Phones may send any bytes under any content type, so only common image types are shown inline;
everything else is a download named by its md5, never rendered (no HTML or script from a phone
runs on our origin). The review page and the JSON API both send attachments through here, and find
them only among those the reader may see (submissions.browse.visible_attachments): a personal
signature or photo does not exist (404) for someone who may not see personal answers.
"""

from __future__ import annotations

from flask import Response

from fieldcollect.submissions.browse import SubmissionDetail, visible_attachments
from fieldcollect.submissions.models import SubmissionAttachment
from fieldcollect.submissions.storage import BlobStore

INLINE_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp"})


def find_attachment(detail: SubmissionDetail, name: str, user) -> SubmissionAttachment | None:
    """Return the current version's attachment of this file name if user may see it, or None."""
    return next((a for a in visible_attachments(detail, user) if a.name == name), None)


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
