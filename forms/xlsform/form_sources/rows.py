"""Row helpers: each returns one XLSForm survey row (a dict of column → cell) or a list of rows.

Every label and hint is given twice, Chinese then English, and lands in the columns
`label::中文 (zh)` / `label::English (en)`. A constraint is a Rule: the XPath and its message in
both languages. Keyword arguments map one-to-one onto XLSForm columns (see SURVEY_COLUMNS).
"""

from __future__ import annotations

from dataclasses import dataclass

ZH = "中文 (zh)"
EN = "English (en)"

# The survey sheet's columns, in the order the workbook shows them. `sensitivity` and
# `national_id` are custom columns: pyxform carries them into the field schema, phones ignore them.
SURVEY_COLUMNS = (
    "type", "name", f"label::{ZH}", f"label::{EN}", f"hint::{ZH}", f"hint::{EN}",
    "required", f"required_message::{ZH}", f"required_message::{EN}", "relevant",
    "constraint", f"constraint_message::{ZH}", f"constraint_message::{EN}",
    "appearance", "default", "calculation", "trigger", "read_only", "repeat_count", "choice_filter",
    "parameters", "sensitivity", "national_id",
)
CHOICE_COLUMNS = ("list_name", "name", f"label::{ZH}", f"label::{EN}")
SETTINGS_COLUMNS = ("form_title", "form_id", "version", "default_language", "instance_name", "style")

PERSONAL = "personal"  # the sensitivity of ID, phone and bank numbers and health details


@dataclass(frozen=True)
class Rule:
    """A constraint with its message in both languages."""

    expr: str
    zh: str
    en: str


def question(type_: str, name: str, zh: str, en: str, *, hint: tuple[str, str] | None = None,
             required: bool | str = False, required_message: tuple[str, str] | None = None,
             constraint: Rule | None = None, read_only: bool = False, **columns: str | None) -> dict:
    """Return one survey row; columns holds the other XLSForm columns (relevant, default, …)."""
    row = {"type": type_, "name": name, f"label::{ZH}": zh, f"label::{EN}": en}
    if hint:
        row[f"hint::{ZH}"], row[f"hint::{EN}"] = hint
    if required:
        row["required"] = "yes" if required is True else required
    if required_message:
        row[f"required_message::{ZH}"], row[f"required_message::{EN}"] = required_message
    if constraint:
        row["constraint"] = constraint.expr
        row[f"constraint_message::{ZH}"] = constraint.zh
        row[f"constraint_message::{EN}"] = constraint.en
    if read_only:
        row["read_only"] = "yes"
    unknown = set(columns) - set(SURVEY_COLUMNS)
    if unknown:
        raise ValueError(f"unknown XLSForm columns for {name}: {sorted(unknown)}")
    row.update({column: value for column, value in columns.items() if value not in (None, "")})
    return row


def text(name, zh, en, **kw):
    return question("text", name, zh, en, **kw)


def integer(name, zh, en, **kw):
    return question("integer", name, zh, en, **kw)


def decimal(name, zh, en, **kw):
    return question("decimal", name, zh, en, **kw)


def date(name, zh, en, **kw):
    return question("date", name, zh, en, **kw)


def geopoint(name, zh, en, **kw):
    return question("geopoint", name, zh, en, **kw)


def image(name, zh, en, **kw):
    kw.setdefault("parameters", "max-pixels=1600")  # phones' photos are 12+ MP; 1600 px is plenty
    return question("image", name, zh, en, **kw)


def select_one(list_name, name, zh, en, **kw):
    return question(f"select_one {list_name}", name, zh, en, **kw)


def select_multiple(list_name, name, zh, en, **kw):
    return question(f"select_multiple {list_name}", name, zh, en, **kw)


def yes_no(name, zh, en, **kw):
    kw.setdefault("appearance", "columns-pack")
    return question("select_one yes_no", name, zh, en, **kw)


def note(name, zh, en, **kw):
    return question("note", name, zh, en, **kw)


def warning(name, zh, en, when):
    """Return a note shown only when the XPath `when` holds: a data-cleaning flag, not a block."""
    return note(name, "⚠ " + zh, "⚠ " + en, relevant=when)


def calculate(name, expr, **kw):
    row = {"type": "calculate", "name": name, "calculation": expr}
    row.update({column: value for column, value in kw.items() if value})
    return row


def group(name, zh, en, rows, *, relevant=None, appearance="field-list"):
    """Return a group (one screen on the phone, by default) around rows."""
    begin = question("begin_group", name, zh, en, relevant=relevant, appearance=appearance)
    return [begin, *flatten(rows), {"type": "end_group", "name": name}]


def repeat(name, zh, en, rows, *, count=None, relevant=None, appearance="field-list"):
    """Return a repeat around rows; count is an XPath for jr:count, None lets the cadre add rows."""
    begin = question("begin_repeat", name, zh, en, relevant=relevant, repeat_count=count,
                     appearance=appearance)
    return [begin, *flatten(rows), {"type": "end_repeat", "name": name}]


def flatten(items) -> list[dict]:
    """Return the rows of items, where an item is a row or a (nested) list of rows."""
    out: list[dict] = []
    for item in items:
        out.extend(flatten(item) if isinstance(item, list) else [item])
    return out


def total(*names: str) -> str:
    """Return the XPath sum of the named fields, counting an empty (skipped) field as 0."""
    return " + ".join(f"coalesce(${{{name}}}, 0)" for name in names)
