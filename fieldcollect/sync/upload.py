"""Read a submission POST: the xml_submission_file part and the attachment parts.

Collect sends multipart/form-data with the XML first (but the part is looked up by name), then one
part per file named after the file, and a plain field *isIncomplete*=yes on every request of a
split upload but the last (PROTOCOL.md §3.2). The body is parsed here with Werkzeug's parser in
strict mode, because the request's lenient parser turns a broken body into an empty form (and
leaves its temporary files open): a phone must hear "unparseable multipart" (Central's 400.39),
not "missing part".
"""

from __future__ import annotations

from dataclasses import dataclass
from tempfile import SpooledTemporaryFile

from flask import Request
from werkzeug.formparser import FormDataParser

from fieldcollect.problems import Problem
from fieldcollect.submissions.service import UploadedFile

XML_PART = "xml_submission_file"
SPOOL_BYTES = 512 * 1024  # parts above this go to a temporary file while the body is read


@dataclass(frozen=True)
class SubmissionUpload:
    xml: bytes
    files: list[UploadedFile]
    incomplete: bool


def read_upload(request: Request) -> SubmissionUpload:
    """Return the XML and files of a submission POST, or raise a 400 Problem saying what is wrong."""
    if request.mimetype != "multipart/form-data":
        raise Problem("submission_file_missing")
    spooled: list[SpooledTemporaryFile] = []

    def spool(*_args, **_kwargs):
        spooled.append(SpooledTemporaryFile(max_size=SPOOL_BYTES, mode="rb+"))
        return spooled[-1]

    parser = FormDataParser(stream_factory=spool, max_form_memory_size=request.max_form_memory_size,
                            max_content_length=request.max_content_length,
                            max_form_parts=request.max_form_parts, silent=False)
    try:
        _stream, form, files = parser.parse_from_environ(request.environ)
        return _upload(form, files)
    except ValueError:
        raise Problem("multipart_invalid") from None
    finally:
        for handle in spooled:
            handle.close()


def _upload(form, files) -> SubmissionUpload:
    if XML_PART in files:
        xml = files[XML_PART].read()
    elif XML_PART in form:  # sent as a plain field rather than a file
        xml = form[XML_PART].encode("utf-8")
    else:
        raise Problem("submission_file_missing")
    attachments = [UploadedFile(name=_part_name(field, storage.filename), data=storage.read(),
                                content_type=storage.mimetype or "application/octet-stream")
                   for field, storage in files.items(multi=True) if field != XML_PART]
    return SubmissionUpload(xml, attachments, form.get("*isIncomplete*", "").lower() == "yes")


def _part_name(field: str, filename: str | None) -> str:
    # Central matches on the field name; Collect and Enketo put the file name in both.
    name = field or filename or ""
    return name.replace("\\", "/").rsplit("/", 1)[-1]
