"""Marshmallow schemas derived from a form version's field schema: types, required, choices, repeats.

A parsed submission is a tree of groups and repeats; read_answers flattens the groups away (field
names are unique within a form, forms/xlsform/README.md) and keeps repeats as lists of rows, then
loads the result through a schema built once per form version. Error messages are problem codes,
so every complaint reaches the phone as a catalogued Chinese sentence naming the field.
"""

from __future__ import annotations

import re
from functools import lru_cache

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate

from fieldcollect.problems import CATALOGUE, Problem
from fieldcollect.validation.form_rules import FieldSpec, FormRules, Node
from fieldcollect.validation.issues import Issue

REQUIRED = {"required": "value_required", "null": "value_required"}
_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")


class SelectMultiple(fields.Field):
    """A space-separated list of choice names (XForms select), loaded as a sorted list."""

    def __init__(self, choices: tuple[str, ...] | None, **kwargs):
        super().__init__(**kwargs)
        self.choices = choices

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, str):
            raise ValidationError("invalid_answer")
        picked = sorted(set(value.split()))
        if self.choices is not None and any(name not in self.choices for name in picked):
            raise ValidationError("unknown_choice")
        return picked or None


class Calculated(fields.Field):
    """A value the form computed: a number when it reads as one (so 500 and 500.0 compare equal)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, str):
            raise ValidationError("invalid_answer")
        if _NUMBER.fullmatch(value):
            number = float(value)
            return int(number) if number.is_integer() and abs(number) < 2 ** 53 else number
        return value


class Text(fields.String):
    default_error_messages = {"invalid": "invalid_answer"}


def read_answers(rules: FormRules, tree: dict) -> tuple[dict, list[Issue], set[str]]:
    """Return (typed answers, hard issues, names of the notes present) for a parsed answers tree."""
    notes: set[str] = set()
    flat = _flatten(tree, rules.root, notes)
    try:
        answers = answers_schema(rules).load(flat)
        issues: list[Issue] = []
    except ValidationError as error:
        answers = error.valid_data if isinstance(error.valid_data, dict) else {}
        issues = list(_issues(error.messages, flat, rules))
    return answers, issues, notes


@lru_cache(maxsize=256)  # FormRules are cached per form version, so this builds each schema once
def answers_schema(rules: FormRules) -> Schema:
    """Return the marshmallow schema of a form's answers, flattened by group."""
    return _schema_for(rules.root)


def _schema_for(node: Node) -> Schema:
    declared = {}
    for name, child in _leaves(node):
        if child.kind == "repeat":
            declared[name] = fields.List(fields.Nested(_schema_for(child)))
        else:
            declared[name] = _field(child.spec)
    return Schema.from_dict(declared)(unknown=EXCLUDE)


def _leaves(node: Node):
    for name, child in node.children.items():
        if child.kind == "group":
            yield from _leaves(child)
        elif child.kind in ("field", "repeat"):
            yield name, child


def _field(spec: FieldSpec) -> fields.Field:
    options = {"required": spec.required and not spec.conditional, "error_messages": dict(REQUIRED)}
    if spec.type == "integer":
        options["error_messages"]["invalid"] = "invalid_number"
        return fields.Integer(**options)
    if spec.type == "decimal":
        options["error_messages"].update(invalid="invalid_decimal", special="invalid_decimal")
        return fields.Float(allow_nan=False, **options)
    if spec.type == "date":
        options["error_messages"]["invalid"] = "invalid_date"
        return fields.Date(**options)
    if spec.type == "select_one" and spec.choices is not None:
        return Text(validate=validate.OneOf(spec.choices, error="unknown_choice"), **options)
    if spec.type == "select_multiple":
        return SelectMultiple(spec.choices, **options)
    if spec.type == "calculate":
        return Calculated(**options)
    return Text(**options)


def _flatten(answers: dict, node: Node, notes: set[str]) -> dict:
    flat: dict = {}
    for name, child in node.children.items():
        if name not in answers:
            continue
        value = answers[name]
        if child.kind == "group":
            flat.update(_flatten(value if isinstance(value, dict) else {}, child, notes))
        elif child.kind == "repeat":
            rows = value if isinstance(value, list) else [value]
            flat[name] = [_flatten(row if isinstance(row, dict) else {}, child, notes) for row in rows]
        elif child.kind == "note":
            notes.add(name)
        elif value != "":
            flat[name] = value
        elif child.spec.required:
            flat[name] = None  # present but empty: it was relevant, so a required answer is missing
    return flat


def _issues(messages: dict, flat: dict, rules: FormRules, row: int | None = None):
    for name, found in messages.items():
        if isinstance(found, dict):  # a repeat: {row index: {field: [codes]}}
            rows = flat.get(name) or []
            for index, row_messages in found.items():
                if isinstance(index, int) and isinstance(row_messages, dict) and index < len(rows):
                    yield from _issues(row_messages, rows[index], rules, index + 1)
            continue
        spec = rules.fields.get(name)
        for code in found if isinstance(found, list) else [found]:
            yield _issue(spec, name, code, flat.get(name), row)


def _issue(spec: FieldSpec | None, name: str, code, value, row: int | None) -> Issue:
    code = code if isinstance(code, str) and code in CATALOGUE else "invalid_answer"
    inner = Problem(code) if code == "value_required" else Problem(code, value=str(value)[:100])
    label = spec.label if spec else name
    wrapped = (Problem("answer_problem", label=label, detail=inner) if row is None
               else Problem("row_answer_problem", label=label, row=row, detail=inner))
    return Issue(wrapped, name, row)
