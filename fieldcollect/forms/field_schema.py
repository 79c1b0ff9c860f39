"""The field schema of a form: one entry per data node of its instance, and the media it loads.

The receiver validates and flattens submissions with the schema, and pages and exports use it to
label columns and mask personal fields. It is computed from pyxform's survey dictionary (plain
dicts and lists, so nothing here imports pyxform) and stored with every FormVersion as JSON.

An entry: name, xpath (/data/income/wage_work), type (text, integer, decimal, select_one,
select_multiple, date, geopoint, image, calculate, note …), required (True only when always
required; a required expression counts as False), choices (choice names; for a select from a
file, the file name; else None), repeat (xpath of the innermost enclosing repeat, or None),
sensitivity (the custom XLSForm column, e.g. "personal", or None), label_zh, label_en and
national_id (the national system's field id, from the custom column, or None).
"""

from __future__ import annotations

import re

from defusedxml import ElementTree

# pyxform's names for question types, where they differ from the XLSForm names.
TYPE_NAMES = {
    "select one": "select_one",
    "select all that apply": "select_multiple",
    "select one external": "select_one_external",
    "photo": "image",
    "add photo prompt": "image",
    "trigger": "acknowledge",
}
# Rows that declare something but put no node in the instance.
NODELESS_TYPES = {"csv-external", "xml-external", "entity"}
FILE_SUFFIXES = (".csv", ".xml", ".geojson")
_LANGUAGE_CODE = re.compile(r"\(([A-Za-z]{2,3})(?:[-_][A-Za-z]+)?\)\s*$")
_XFORMS = "{http://www.w3.org/2002/xforms}"


def field_schema(survey: dict) -> list[dict]:
    """Return the schema entries of a pyxform survey dictionary, in document order."""
    entries: list[dict] = []
    _walk(survey.get("children", []), "/" + survey["name"], None, entries)
    return entries


def _walk(children: list[dict], path: str, repeat: str | None, entries: list[dict]) -> None:
    for child in children:
        kind, xpath = child.get("type", ""), f"{path}/{child['name']}"
        if kind == "group":
            _walk(child.get("children", []), xpath, repeat, entries)
        elif kind == "repeat":
            _walk(child.get("children", []), xpath, xpath, entries)
        elif kind not in NODELESS_TYPES:
            entries.append(_entry(child, xpath, repeat))


def _entry(question: dict, xpath: str, repeat: str | None) -> dict:
    labels = _labels(question.get("label"))
    return {
        "name": question["name"],
        "xpath": xpath,
        "type": TYPE_NAMES.get(question["type"], question["type"]),
        "required": _always(question.get("bind", {}).get("required")),
        "choices": _choices(question),
        "repeat": repeat,
        "sensitivity": question.get("sensitivity") or None,
        "label_zh": labels.get("zh"),
        "label_en": labels.get("en"),
        "national_id": question.get("national_id") or None,
    }


def _always(required) -> bool:
    return str(required or "").strip().lower() in ("yes", "true", "true()", "1")


def _choices(question: dict) -> list[str] | str | None:
    itemset = question.get("itemset")
    if isinstance(itemset, str) and itemset.lower().endswith(FILE_SUFFIXES):
        return itemset
    if "choices" in question:
        return [str(choice["name"]) for choice in question["choices"]]
    return None


def _labels(label) -> dict[str, str]:
    """Map a pyxform label (a string, or a dict keyed by language name) to {"zh": …, "en": …}."""
    if label is None:
        return {}
    if isinstance(label, str):
        return {"zh": label}  # an untranslated form is in the default language, Chinese
    labels = {}
    for language, text in label.items():
        code = language_code(language)
        if code in ("zh", "en") and code not in labels:
            labels[code] = text
    return labels


def language_code(language: str) -> str:
    """Return the ISO code a language name carries, as in "中文 (zh)"; "default" counts as zh."""
    match = _LANGUAGE_CODE.search(language)
    if match:
        return match.group(1).lower()
    return "zh" if language in ("default", "中文", "zh") else language.lower()


def media_files(xml: bytes) -> list[str]:
    """Return the file names the XForm loads: external instances (households.csv …) and label media."""
    root = ElementTree.fromstring(xml)
    names: list[str] = []
    for instance in root.iter(f"{_XFORMS}instance"):
        _add_jr_file(names, instance.get("src"))
    for value in root.iter(f"{_XFORMS}value"):
        if value.get("form") in ("image", "big-image", "audio", "video"):
            _add_jr_file(names, value.text)
    return names


def _add_jr_file(names: list[str], uri: str | None) -> None:
    # jr://file/x, jr://file-csv/x, jr://images/x …: the media file is the last path segment.
    if uri and uri.startswith("jr://") and not uri.startswith("jr://instance/"):
        name = uri.rstrip("/").rsplit("/", 1)[-1].strip()
        if name and name not in names:
            names.append(name)


def data_fields(schema: list[dict]) -> list[dict]:
    """Return the entries a cadre answers or the form computes: no notes, no meta/ fields."""
    return [entry for entry in schema if entry["type"] != "note" and "/meta/" not in entry["xpath"]]
