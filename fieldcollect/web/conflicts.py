"""A conflict side by side: the fields two or more submissions for one period disagree on, in words.

Pure, like answers.py. The timeline names each disagreement as "wage_work" or "member/sex[<row key>]"
(timelines.timeline); a supervisor settles a conflict by taking whole top-level answers from one
submission or another (timelines.timeline.merge_fields), so disagreements are grouped by the
top-level answer they belong to: one choice per group, one line per disagreeing field.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from fieldcollect.submissions.masking import mask_answers, mask_row
from fieldcollect.web.answers import EMPTY, FormText, conflict_field, row_titles

LETTERS = "ABCDEFGH"


@dataclass(frozen=True)
class ConflictLine:
    label: str
    member: str | None  # the repeat row the field is in, by its name
    values: list[str]  # one per submission, in the order of the sides


@dataclass(frozen=True)
class PickGroup:
    field: str  # the top-level answer a choice takes whole
    label: str
    lines: list[ConflictLine]


def side_letters(count: int) -> list[str]:
    """Return the letters the sides of a conflict are called by: A, B, …"""
    return list(LETTERS[:count]) if count <= len(LETTERS) else [str(n) for n in range(1, count + 1)]


def pick_groups(sides: Sequence[Mapping[str, Any]], conflicting: Sequence[str], text: FormText,
                language: str, masked: bool) -> list[PickGroup]:
    """Return the disagreements between the sides' answers, grouped by top-level answer."""
    names: dict[str, str] = {}
    for answers in sides:
        names.update(row_titles(answers, text))
    keyed = masked and any(key in text.personal for key in text.row_keys.values())
    shown = [mask_answers(dict(answers), text.personal) if masked else answers for answers in sides]
    groups: dict[str, PickGroup] = {}
    for label in conflicting:
        path, key = conflict_field(label)
        top, _, inner = path.partition("/")
        group = groups.setdefault(top, PickGroup(top, _group_label(top, key, text, language), []))
        values = [_value(answers, sides[i], top, inner, key, text, language)
                  for i, answers in enumerate(shown)]
        member = (names.get(key) or mask_row(key, keyed)) if key is not None else None
        label = text.label(inner, language) if inner else group.label
        group.lines.append(ConflictLine(label, member, values))
    return sorted(groups.values(), key=lambda group: text.order(group.field))


def _group_label(top: str, key: str | None, text: FormText, language: str) -> str:
    return text.title(top, language) if key is not None else text.label(top, language)


def _value(answers: Mapping[str, Any], unmasked: Mapping[str, Any], top: str, inner: str, key: str | None,
           text: FormText, language: str) -> str:
    if key is None:
        return text.value(top, answers.get(top), language)
    position = _row_position(unmasked.get(top), text.row_keys.get(top), key)
    if position is None:
        return EMPTY
    row = answers[top][position]
    if not inner:  # the whole row is on one side only
        return _row_name(row) or key
    return text.value(inner, row.get(inner), language)


def _row_position(rows: Any, key_field: str | None, key: str) -> int | None:
    # Rows are found in the unmasked answers: their keys may be personal (ID numbers).
    if not isinstance(rows, list):
        return None
    if key.startswith("#") and key[1:].isdigit():
        position = int(key[1:]) - 1
        return position if 0 <= position < len(rows) else None
    return next((i for i, row in enumerate(rows) if key_field and str(row.get(key_field)) == key), None)


def _row_name(row: Mapping[str, Any]) -> str | None:
    return next((str(v) for k, v in row.items() if k.endswith("name") and v), None)
