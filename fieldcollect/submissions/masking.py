"""Mask personal answers for readers who may not see them (access.scope.may_see_id_numbers).

Which answers are personal comes from the forms (the `sensitivity` column, field schema): ID,
phone and bank numbers, health details. An ID number keeps its first and last four characters so
people can still tell members apart; any other personal value becomes "***". Roster rows are
matched by ID number, so a change's row key is masked the same way when its key field is personal.
A personal photo or signature cannot be masked, so its file is not shown at all (personal_files).
"""

from __future__ import annotations

import re
from typing import Any

from fieldcollect.households.id_numbers import mask_id_number

HIDDEN = "***"
_ROW_SUFFIX = re.compile(r"^(?P<field>.*)\[(?P<row>[^\]]*)\]$")


def mask_value(name: str, value: Any) -> Any:
    """Return value hidden as a personal answer named name would be shown."""
    if value in (None, "", []):
        return value
    if name == "id_number" and isinstance(value, str):
        return mask_id_number(value)
    return HIDDEN


def mask_answers(answers: dict, personal: frozenset[str]) -> dict:
    """Return answers with personal fields masked, inside repeat rows too."""
    masked = {}
    for name, value in answers.items():
        if isinstance(value, list) and value and all(isinstance(row, dict) for row in value):
            masked[name] = [mask_answers(row, personal) for row in value]
        elif isinstance(value, dict):
            masked[name] = mask_answers(value, personal)
        else:
            masked[name] = mask_value(name, value) if name in personal else value
    return masked


def personal_files(answers: dict, personal: frozenset[str]) -> frozenset[str]:
    """Return the file names personal answers hold (a signature, an application's photo), in repeat rows too."""
    # Any personal answer's text counts: only a file field's value can ever match an attachment's name.
    names: set[str] = set()
    for name, value in answers.items():
        if isinstance(value, list) and value and all(isinstance(row, dict) for row in value):
            names.update(*(personal_files(row, personal) for row in value))
        elif isinstance(value, dict):
            names |= personal_files(value, personal)
        elif name in personal and isinstance(value, str) and value:
            names.add(value)
    return frozenset(names)


def mask_row(row: str | None, personal_keys: bool) -> str | None:
    """Return a repeat row key masked when rows are keyed by a personal field (positions stay)."""
    if row is None or not personal_keys or row.startswith("#"):
        return row
    return mask_id_number(row)


def mask_change(change: dict, personal: frozenset[str], personal_keys: bool) -> dict:
    """Return a stored change ({"field", "old", "new", "row"}) with personal values masked."""
    name = change["field"].rsplit("/", 1)[-1]
    old, new = change.get("old"), change.get("new")
    if isinstance(old, dict) or isinstance(new, dict):  # a whole row came or went
        old = mask_answers(old, personal) if isinstance(old, dict) else old
        new = mask_answers(new, personal) if isinstance(new, dict) else new
    elif name in personal:
        old, new = mask_value(name, old), mask_value(name, new)
    return {"field": change["field"], "old": old, "new": new,
            "row": mask_row(change.get("row"), personal_keys)}


def mask_field_label(label: str, personal_keys: bool) -> str:
    """Return a conflicting-field label ("member/sex[<row key>]") with its row key masked."""
    match = _ROW_SUFFIX.match(label)
    if not match:
        return label
    return f"{match['field']}[{mask_row(match['row'], personal_keys)}]"
