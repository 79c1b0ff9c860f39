"""Turn an XLSForm into an XForm: the one module that calls pyxform.

build_xlsform converts a workbook (.xlsx, .xls, or a Markdown-table .md) with pyxform, checks
the XForm with ODK Validate (the JavaRosa jar pyxform ships, through pyxform's own hook), and
returns a BuiltForm: the exact XML bytes phones will download, its md5, form_id, version,
title, category, pyxform's warnings, the field schema and the media files the form loads.
Problems in the workbook come back as a catalogued Problem carrying pyxform's or Validate's own
words, so a page can show them next to the upload. A workbook whose settings sheet sets public_key
(encrypted submissions) or submission_url is refused too: this server can neither decrypt the one
nor receive the other, so every submission made on such a form would be lost to it.

ODK Validate starts a JVM (about a second), so results are kept in a small in-process cache
keyed by the source's bytes: building the same workbook twice validates it once.
"""

from __future__ import annotations

import copy
import hashlib
import logging
import os
import tempfile
import threading
import time
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from pyxform.errors import PyXFormError
from pyxform.validators.odk_validate import ODKValidateError, check_xform
from pyxform.xls2xform import convert

from fieldcollect.forms.categories import BY_CODE, category_of_form
from fieldcollect.forms.field_schema import field_schema, media_files
from fieldcollect.problems import Problem

log = logging.getLogger(__name__)

FILE_TYPES = (".xlsx", ".xlsm", ".xls", ".md", ".csv")  # what pyxform reads
CACHE_SIZE = 64


@dataclass(frozen=True)
class BuiltForm:
    xml: bytes  # the exact bytes served to phones
    form_id: str
    version: str
    title: str
    md5: str  # hex md5 of xml
    warnings: list[str]
    field_schema: list[dict]
    media: list[str]  # e.g. ["households.csv", "members.csv"]
    category: str | None  # basic, income, … or None for a form outside the ten
    validated: bool = False  # True when ODK Validate passed
    validate_seconds: float = field(default=0.0, compare=False)


_cache: OrderedDict[tuple, BuiltForm] = OrderedDict()
_cache_lock = threading.Lock()
# pyxform makes no promise about thread safety; conversion is quick, so it runs one at a time and
# only ODK Validate (the slow JVM part) runs in parallel.
_convert_lock = threading.Lock()


def build_xlsform(path_or_bytes: str | os.PathLike | bytes, filename: str | None = None, *,
                  validate: bool = True) -> BuiltForm:
    """Convert an XLSForm to an XForm, check it with ODK Validate, and describe it."""
    source, filename = _read_source(path_or_bytes, filename)
    key = (hashlib.sha256(source).hexdigest(), _file_type(filename), validate)
    with _cache_lock:
        # A validated build also answers a request that does not ask for validation.
        cached = _cache.get(key) or _cache.get((*key[:2], True))
    if cached is None:
        cached = _build(source, filename, validate)
        with _cache_lock:
            _cache[key] = cached
            while len(_cache) > CACHE_SIZE:
                _cache.popitem(last=False)
    return _copy(cached)


def build_many(sources: list[tuple[bytes, str]], *, validate: bool = True) -> list[BuiltForm | Problem]:
    """Build several XLSForms in parallel (each ODK Validate is its own JVM); keep the order."""
    def build_one(item: tuple[bytes, str]) -> BuiltForm | Problem:
        try:
            return build_xlsform(item[0], item[1], validate=validate)
        except Problem as problem:
            return problem

    with ThreadPoolExecutor(max_workers=min(len(sources), os.cpu_count() or 2) or 1) as pool:
        return list(pool.map(build_one, sources))


def _read_source(path_or_bytes, filename: str | None) -> tuple[bytes, str]:
    if isinstance(path_or_bytes, bytes):
        return path_or_bytes, filename or "form.xlsx"
    path = Path(path_or_bytes)
    return path.read_bytes(), filename or path.name


def _file_type(filename: str) -> str:
    suffix = Path(filename).suffix.lower()
    if suffix not in FILE_TYPES:
        raise Problem("form_file_type", filename=filename, choices=", ".join(FILE_TYPES))
    return suffix


def _build(source: bytes, filename: str, validate: bool) -> BuiltForm:
    warnings: list[str] = []
    result = _convert(source, filename, warnings)
    survey = result._pyxform  # pyxform's survey dict; pinned pyxform 4.5, see pyproject.toml
    _refuse_unusable_settings(survey, filename)
    xml = result.xform.encode("utf-8")
    seconds = _validate(xml, filename, warnings) if validate else 0.0
    form_id = str(survey.get("id_string") or "")
    return BuiltForm(
        xml=xml, form_id=form_id, version=str(survey.get("version") or ""),
        title=str(survey.get("title") or ""),
        md5=hashlib.md5(xml).hexdigest(), warnings=warnings, field_schema=field_schema(survey),
        media=media_files(xml), category=_category(form_id, survey.get("category")),
        validated=validate, validate_seconds=seconds,
    )


def _convert(source: bytes, filename: str, warnings: list[str]):
    try:
        file_type = _file_type(filename)
        with _convert_lock:
            return convert(xlsform=source, file_type=file_type, warnings=warnings, pretty_print=False)
    except PyXFormError as error:
        raise Problem("form_invalid", filename=filename, detail=str(error)) from None
    except Problem:
        raise
    except Exception as error:  # noqa: BLE001 — any failure to read an uploaded file is the file's fault
        log.info("cannot read XLSForm %s: %r", filename, error)
        detail = f"{type(error).__name__}: {error}"
        raise Problem("form_unreadable", filename=filename, detail=detail) from None


def _refuse_unusable_settings(survey: dict, filename: str) -> None:
    """Refuse settings whose submissions this server could not use: encrypted, or sent elsewhere."""
    # pyxform has already mapped the sheet's aliases ("public key", "submission url") onto these keys
    # and left blank cells out. Both end up on the XForm's <submission> element, which Collect obeys.
    if survey.get("public_key"):
        raise Problem("form_encrypted", filename=filename)
    if survey.get("submission_url"):
        raise Problem("form_submission_url", filename=filename, url=survey["submission_url"])


def _validate(xml: bytes, filename: str, warnings: list[str]) -> float:
    """Run ODK Validate on the XForm; return the seconds it took."""
    handle, path = tempfile.mkstemp(suffix=".xml", prefix="fieldcollect-form-")
    started = time.perf_counter()
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(xml)
        warnings.extend(check_xform(path))
    except ODKValidateError as error:
        detail = _without_temp_path(str(error))
        raise Problem("form_validation_failed", filename=filename, detail=detail) from None
    finally:
        os.unlink(path)
    return time.perf_counter() - started


def _without_temp_path(message: str) -> str:
    # Validate ends with "The following files failed validation: <temp path>": noise on a page.
    return message.split("The following files failed validation")[0].strip()


def _category(form_id: str, declared) -> str | None:
    known = category_of_form(form_id)
    if known is not None:
        return known.code
    return declared if declared in BY_CODE else None


def _copy(built: BuiltForm) -> BuiltForm:
    # The cached value is shared: hand out copies of its mutable parts.
    return replace(built, warnings=list(built.warnings), field_schema=copy.deepcopy(built.field_schema),
                   media=list(built.media))
