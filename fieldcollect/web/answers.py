"""Answers as people read them: the form's field labels, the words of choices, numbers with separators.

Pure: a FormText (what one or more form versions say about their fields) and plain answer values go
in, rows of text come out. Masking is applied here through submissions.masking when the reader may
not see personal answers, and always before formatting, so a masked value is shown as it comes.
The submission page lists answers as label/value rows; the household page shows timeline changes as
"工资性收入 4,000 → 6,000", a roster's changes named by member.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from fieldcollect.forms.xform_labels import Labels, choice_labels, group_labels
from fieldcollect.submissions.masking import mask_answers, mask_change, mask_row
from fieldcollect.validation.form_rules import FormRules

EMPTY = "—"
LIST_SEPARATOR = "、"
_ROW_SUFFIX = re.compile(r"^(?P<field>[^\[]*)\[(?P<row>[^\]]*)\]$")


@dataclass(frozen=True)
class FieldText:
    labels: Labels  # {"zh": …, "en": …}; empty when the form gives the field no words of its own
    type: str
    choices: Mapping[str, Labels] = field(default_factory=dict)
    shown: bool = True  # False for the form's working calculations (lookups, ages, flags)


@dataclass(frozen=True)
class FormText:
    """What one or more form versions say about their fields, enough to show answers in words."""

    fields: Mapping[str, FieldText]
    groups: Mapping[str, Labels] = field(default_factory=dict)  # titles of repeats ("家庭成员")
    personal: frozenset[str] = frozenset()
    row_keys: Mapping[str, str] = field(default_factory=dict)  # repeat name -> its key field

    def label(self, name: str, language: str) -> str:
        """Return the field's label in language (Chinese when there is none), else its name."""
        known = self.fields.get(name)
        return _pick(known.labels, language) if known and known.labels else name

    def title(self, repeat: str, language: str) -> str:
        """Return a repeat's title in language, else its name."""
        return _pick(self.groups[repeat], language) if repeat in self.groups else repeat

    def shown(self, name: str) -> bool:
        """Tell whether a page lists this field: not the form's working calculations."""
        known = self.fields.get(name)
        return known is None or known.shown

    def order(self, path: str) -> int:
        """Return where a field (or a repeat, by its key field) comes in the form, for sorting."""
        name = self.row_keys.get(path, path.rsplit("/", 1)[-1])
        return next((i for i, known in enumerate(self.fields) if known == name), len(self.fields))

    def value(self, name: str, value: Any, language: str) -> str:
        """Return an answer as text: choice words, numbers with thousands separators, "—" when empty."""
        if value is None or value == "" or value == []:
            return EMPTY
        known = self.fields.get(name)
        if isinstance(value, list):
            return LIST_SEPARATOR.join(self.value(name, item, language) for item in value)
        if known is not None and str(value) in known.choices and known.choices[str(value)]:
            return _pick(known.choices[str(value)], language)
        if isinstance(value, bool):
            return str(value)
        if isinstance(value, (int, float)):  # an integer question holds years and counts: no separators
            return str(value) if known is not None and known.type == "integer" else format_number(value)
        if known is not None and known.type == "geopoint" and isinstance(value, str):
            return ", ".join(value.split()[:2])
        return str(value)


def form_text(rules: FormRules, schema: list[dict], xform: bytes) -> FormText:
    """Return the FormText of one form version from its rules, field schema and XForm bytes."""
    english = {entry["name"]: entry.get("label_en") for entry in schema}
    labelled = {entry["name"] for entry in schema if entry.get("label_zh")}
    choices = choice_labels(xform) if xform else {}
    fields = {}
    for name, spec in rules.fields.items():
        labels = {}
        if name in labelled or spec.label != name:  # spec.label falls back to a note's words, then the name
            labels = {"zh": spec.label, **({"en": english[name]} if english.get(name) else {})}
        # The timeline keeps what a cadre answered and the national indicators a form computes (kept);
        # other calculations only look up or derive what is known, so pages leave them out too.
        shown = spec.type != "calculate" or name in rules.kept
        fields[name] = FieldText(labels, spec.type, choices.get(name, {}), shown)
    return FormText(fields, group_labels(xform) if xform else {}, rules.personal, dict(rules.row_keys))


def merge_texts(texts: Iterable[FormText]) -> FormText:
    """Return one FormText for answers made with several versions (later versions win)."""
    fields, groups, row_keys, personal = {}, {}, {}, frozenset()
    for text in texts:
        fields.update(text.fields)
        groups.update(text.groups)
        row_keys.update(text.row_keys)
        personal |= text.personal
    return FormText(fields, groups, personal, row_keys)


def format_number(number: float) -> str:
    """Return a number with thousands separators and at most two decimals: 4000.0 -> "4,000"."""
    if float(number).is_integer():
        return f"{int(number):,}"
    return f"{number:,.2f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class AnswerRow:
    name: str
    label: str
    value: str  # formatted
    raw: Any  # the (masked) value, e.g. the file name of a photo
    type: str | None


@dataclass(frozen=True)
class RepeatBlock:
    name: str
    title: str
    rows: list[tuple[str, list[AnswerRow]]]  # (row title, its answers)


def answer_rows(answers: Mapping[str, Any], text: FormText, language: str,
                masked: bool) -> list[AnswerRow | RepeatBlock]:
    """Return the answers as label/value rows in the form's order, repeats as blocks of rows."""
    if masked:
        answers = mask_answers(dict(answers), text.personal)
    shown: list[AnswerRow | RepeatBlock] = []
    for name, value in answers.items():
        if _is_rows(value):
            rows = [(_name_in(row) or f"#{position}", _plain_rows(row, text, language))
                    for position, row in enumerate(value, start=1)]
            shown.append(RepeatBlock(name, text.title(name, language), rows))
        elif text.shown(name):
            shown.append(_answer(name, value, text, language))
    return shown


def sections(shown: list[AnswerRow | RepeatBlock]) -> list[list[AnswerRow] | RepeatBlock]:
    """Return answer_rows' output with consecutive plain rows gathered into one list each."""
    grouped: list[list[AnswerRow] | RepeatBlock] = []
    for item in shown:
        if isinstance(item, RepeatBlock):
            grouped.append(item)
        elif grouped and isinstance(grouped[-1], list):
            grouped[-1].append(item)
        else:
            grouped.append([item])
    return grouped


@dataclass(frozen=True)
class ChangeLine:
    kind: str  # "changed", "added" (a repeat row came) or "removed" (a repeat row went)
    label: str  # the field's label, or the repeat's title for a whole row
    old: str
    new: str
    member: str | None = None  # the repeat row the change is in, by its title ("王建国")


def change_lines(changes: Iterable[Mapping], text: FormText, language: str, names: Mapping[str, str],
                 masked: bool) -> list[ChangeLine]:
    """Return stored timeline changes ({"field", "old", "new", "row"}) as lines a person reads.

    names gives the title of each repeat row by its key (row_titles of the entry's answers), looked
    up before the key itself is masked.
    """
    keyed = masked and any(key in text.personal for key in text.row_keys.values())
    lines = []
    for change in sorted(changes, key=lambda change: text.order(change["field"])):
        member = _member(change.get("row"), names, keyed)
        shown = mask_change(dict(change), text.personal, keyed) if masked else change
        path = shown["field"]
        name = path.rsplit("/", 1)[-1]
        old, new = shown.get("old"), shown.get("new")
        if isinstance(new, Mapping) and old is None:
            lines.append(ChangeLine("added", text.title(path, language), EMPTY, _name_in(new) or EMPTY,
                                    member))
        elif isinstance(old, Mapping) and new is None:
            lines.append(ChangeLine("removed", text.title(path, language), _name_in(old) or EMPTY, EMPTY,
                                    member))
        elif text.shown(name):
            lines.append(ChangeLine("changed", text.label(name, language), text.value(name, old, language),
                                    text.value(name, new, language), member))
    return lines


def row_titles(answers: Mapping[str, Any], text: FormText) -> dict[str, str]:
    """Return {repeat row key: the row's name} for the repeat rows of unmasked answers."""
    titles = {}
    for repeat, value in answers.items():
        key_field = text.row_keys.get(repeat)
        if not _is_rows(value) or not key_field:
            continue
        for row in value:
            key, name = row.get(key_field), _name_in(row)
            if key not in (None, "") and name:
                titles[str(key)] = name
    return titles


def conflict_field(label: str) -> tuple[str, str | None]:
    """Split a conflicting-field label "member/sex[<row key>]" into its field path and row key."""
    match = _ROW_SUFFIX.match(label)
    return (match["field"], match["row"]) if match else (label, None)


def _answer(name: str, value: Any, text: FormText, language: str) -> AnswerRow:
    known = text.fields.get(name)
    return AnswerRow(name, text.label(name, language), text.value(name, value, language), value,
                     known.type if known else None)


def _plain_rows(row: Mapping[str, Any], text: FormText, language: str) -> list[AnswerRow]:
    return [_answer(name, value, text, language) for name, value in row.items()
            if text.shown(name) and not _is_rows(value)]


def _member(key: str | None, names: Mapping[str, str], keyed: bool) -> str | None:
    if key is None:
        return None
    return names.get(key) or mask_row(key, keyed)


def _name_in(row: Mapping[str, Any]) -> str | None:
    # Rosters name their people in a field called *name (member_name, patient_name …).
    for name, value in row.items():
        if name.endswith("name") and isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _is_rows(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(row, Mapping) for row in value)


def _pick(labels: Labels, language: str) -> str:
    return labels.get(language) or labels.get("zh") or next(iter(labels.values()), "")
