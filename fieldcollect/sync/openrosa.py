"""OpenRosa XML documents: the form list, the manifest and the OpenRosaResponse.

Shapes follow ODK Central's templates (lib/formats/openrosa.js) and the OpenRosa Form List API
(docs/openrosa-form-list.rst); PROTOCOL.md §1.2, §2.2 and §3.5 give the rules Collect's parser
enforces. Text is escaped exactly once; hashes are always written with their `md5:` prefix,
because Collect cuts the first four characters off without looking.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

FORM_LIST_NS = "http://openrosa.org/xforms/xformsList"
MANIFEST_NS = "http://openrosa.org/xforms/xformsManifest"
RESPONSE_NS = "http://openrosa.org/http/response"
DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'


@dataclass(frozen=True)
class FormListEntry:
    form_id: str
    name: str
    version: str
    md5: str
    download_url: str
    manifest_url: str | None = None


@dataclass(frozen=True)
class MediaEntry:
    filename: str
    md5: str
    download_url: str


def form_list_xml(entries: Iterable[FormListEntry]) -> bytes:
    """Return the <xforms> document listing entries."""
    items = "".join(_form_item(entry) for entry in entries)
    return (f'{DECLARATION}<xforms xmlns="{FORM_LIST_NS}">\n{items}  </xforms>\n').encode()


def manifest_xml(files: Iterable[MediaEntry]) -> bytes:
    """Return the <manifest> document listing files."""
    items = "".join(
        f"  <mediaFile>\n    <filename>{escape(entry.filename)}</filename>\n"
        f"    <hash>md5:{entry.md5}</hash>\n"
        f"    <downloadUrl>{escape(entry.download_url)}</downloadUrl>\n  </mediaFile>\n"
        for entry in files)
    return f'{DECLARATION}<manifest xmlns="{MANIFEST_NS}">\n{items}  </manifest>\n'.encode()


def response_xml(message: str, nature: str = "") -> bytes:
    """Return an OpenRosaResponse carrying message (nature "error" for refusals)."""
    return (f'{DECLARATION}<OpenRosaResponse xmlns="{RESPONSE_NS}" items="0">\n'
            f"  <message nature={quoteattr(nature)}>{escape(message)}</message>\n"
            f"</OpenRosaResponse>\n").encode()


def _form_item(entry: FormListEntry) -> str:
    manifest = (f"    <manifestUrl>{escape(entry.manifest_url)}</manifestUrl>\n"
                if entry.manifest_url else "")
    return (f"  <xform>\n    <formID>{escape(entry.form_id)}</formID>\n"
            f"    <name>{escape(entry.name)}</name>\n"
            f"    <version>{escape(entry.version)}</version>\n"
            f"    <hash>md5:{entry.md5}</hash>\n"
            f"    <downloadUrl>{escape(entry.download_url)}</downloadUrl>\n{manifest}  </xform>\n")
