"""Field-level differences between two sets of answers, as a pure function.

Answers are the nested value a parsed submission gives: a dict whose values are scalars, groups
(dicts) or repeats (lists of dicts). Groups flatten into slash paths ("income/wage"). Repeats are
compared row by row by a key field (the member roster by ID number), never by position, because
a roster whose first member moved out would otherwise show every member as changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

Answers = Mapping[str, Any]


@dataclass(frozen=True)
class Change:
    field: str  # slash path of the field, e.g. "income/wage" or "members/name"
    old: Any
    new: Any
    row: str | None = None  # key of the repeat row the field is in; None for a plain field


def flatten(answers: Answers, prefix: str = "") -> tuple[dict[str, Any], dict[str, list[Answers]]]:
    """Split answers into plain fields by path and repeats by path."""
    fields: dict[str, Any] = {}
    repeats: dict[str, list[Answers]] = {}
    for name, value in answers.items():
        path = f"{prefix}{name}"
        if isinstance(value, Mapping):
            inner_fields, inner_repeats = flatten(value, f"{path}/")
            fields.update(inner_fields)
            repeats.update(inner_repeats)
        elif isinstance(value, list) and all(isinstance(row, Mapping) for row in value) and value:
            repeats[path] = list(value)
        else:
            fields[path] = value
    return fields, repeats


def diff_answers(old: Answers | None, new: Answers, row_keys: Mapping[str, str] | None = None) -> list[Change]:
    """Return the changes from old to new answers; row_keys names the key field of each repeat path."""
    old_fields, old_repeats = flatten(old or {})
    new_fields, new_repeats = flatten(new)
    changes = _diff_fields(old_fields, new_fields)
    for path in sorted(set(old_repeats) | set(new_repeats)):
        key_field = (row_keys or {}).get(path)
        changes += _diff_rows(path, old_repeats.get(path, []), new_repeats.get(path, []), key_field)
    return changes


def _diff_fields(old: Mapping[str, Any], new: Mapping[str, Any], row: str | None = None,
                 prefix: str = "") -> list[Change]:
    changed = []
    for name in sorted(set(old) | set(new)):
        before, after = old.get(name), new.get(name)
        if _normal(before) != _normal(after):
            changed.append(Change(f"{prefix}{name}", before, after, row))
    return changed


def _diff_rows(path: str, old_rows: list[Answers], new_rows: list[Answers], key_field: str | None) -> list[Change]:
    old_by_key = _rows_by_key(old_rows, key_field)
    new_by_key = _rows_by_key(new_rows, key_field)
    changes = []
    for key in sorted(set(old_by_key) | set(new_by_key)):
        if key not in old_by_key:
            changes.append(Change(path, None, dict(new_by_key[key]), key))
        elif key not in new_by_key:
            changes.append(Change(path, dict(old_by_key[key]), None, key))
        else:
            old_fields, _ = flatten(old_by_key[key])
            new_fields, _ = flatten(new_by_key[key])
            changes += _diff_fields(old_fields, new_fields, key, f"{path}/")
    return changes


def _rows_by_key(rows: list[Answers], key_field: str | None) -> dict[str, Answers]:
    keyed = {}
    for position, row in enumerate(rows, start=1):
        key = row.get(key_field) if key_field else None
        # A row with no key (a newborn without an ID number yet) is matched by position.
        keyed[str(key) if key not in (None, "") else f"#{position}"] = row
    return keyed


def _normal(value: Any) -> Any:
    """Compare "" and a missing answer as equal, and select_multiple answers regardless of order."""
    if value in (None, ""):
        return None
    if isinstance(value, list):
        return sorted(map(str, value))
    return value
