"""What a published form version says about its submissions, read once from its field schema and XForm.

- The shape of the instance (groups, repeats, fields, notes), to read a parsed submission by name.
- Which fields are conditional: those under a `relevant` bind. JavaRosa leaves a non-relevant node
  out of the submission altogether (XFormSerializingVisitor respects relevance), so a required
  field may be absent only when it is conditional.
- Linear calculations (`coalesce(a, 0) + coalesce(b, 0)`, `a - b`, `x * 0.8` …): totals that must
  equal their parts. Anything that is not a plain linear sum of fields is left alone.
- Warning notes (labels starting with ⚠, forms/xlsform/form_sources/rows.py `warning`): a note that
  is in the submission was relevant, so the phone showed the national cleaning rule's warning.
- Row keys of repeats (a member roster is matched by ID number, else by the member's server id)
  and which fields a household timeline keeps.
Everything here is pure and cached per form version by validation.service.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from defusedxml.ElementTree import fromstring

HEADER_FIELDS = ("household", "period", "visit_date")
TODO_NOTE = "todo_note"  # the header's note that shows a supervisor's request; not a cleaning rule
WARNING_MARK = "⚠"
ROW_KEY_NAMES = ("id_number", "member_code")
MEMBER_LIST = "members.csv"
PERSONAL = "personal"
_SHOWN = re.compile(r"([^，。：；\s${}]+)[：\s]\$\{(\w+)\}")


@dataclass(frozen=True)
class FieldSpec:
    name: str
    xpath: str
    type: str
    required: bool
    choices: tuple[str, ...] | None  # None: free, or chosen from a file
    repeat: str | None  # name of the innermost repeat the field is in
    personal: bool
    label: str
    national_id: str | None
    conditional: bool  # under a relevant bind: may be absent from a submission


@dataclass
class Node:
    name: str
    kind: str  # "root", "group", "repeat", "field" or "note"
    spec: FieldSpec | None = None
    children: dict[str, Node] = field(default_factory=dict)


@dataclass(frozen=True)
class LinearRule:
    """target = Σ coefficient × term, over the top-level fields or row by row within one repeat."""

    target: str
    terms: tuple[tuple[float, str], ...]
    repeat: str | None


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one object per form version
class FormRules:
    fields: dict[str, FieldSpec]  # data fields by name (no notes, no meta)
    root: Node
    sums: tuple[LinearRule, ...]
    warnings: tuple[FieldSpec, ...]
    row_keys: dict[str, str]  # repeat name -> the field its rows are matched by
    kept: frozenset[str]  # the fields a household timeline keeps

    @property
    def personal(self) -> frozenset[str]:
        return frozenset(name for name, spec in self.fields.items() if spec.personal)

    def has(self, name: str) -> bool:
        """Tell whether the form has a data field of this name."""
        return name in self.fields


def form_rules(field_schema: list[dict], xform: bytes) -> FormRules:
    """Return what the field schema and the XForm's binds say about this form's submissions."""
    binds = _binds(xform) if xform else {}
    relevant = {path for path, attributes in binds.items() if attributes.get("relevant")}
    repeats = {entry["repeat"] for entry in field_schema if entry.get("repeat")}
    shown_as = _labels_from_notes(field_schema)
    specs = [_spec(entry, relevant, shown_as) for entry in field_schema if "/meta/" not in entry["xpath"]]
    fields = {spec.name: spec for spec in specs if spec.type != "note"}
    row_keys = _row_keys(fields)
    return FormRules(
        fields=fields,
        root=_tree(specs, repeats),
        sums=tuple(_linear_rules(binds, {spec.xpath: spec for spec in fields.values()})),
        warnings=tuple(spec for spec in specs if spec.type == "note" and spec.name != TODO_NOTE
                       and spec.label.startswith(WARNING_MARK)),
        row_keys=row_keys,
        kept=frozenset(name for name, spec in fields.items() if _kept(spec, row_keys)),
    )


def _spec(entry: dict, relevant: set[str], shown_as: dict[str, str]) -> FieldSpec:
    xpath = entry["xpath"]
    choices = entry.get("choices")
    return FieldSpec(
        name=entry["name"], xpath=xpath, type=entry["type"], required=bool(entry.get("required")),
        choices=tuple(choices) if isinstance(choices, list) else None,
        repeat=entry["repeat"].rsplit("/", 1)[-1] if entry.get("repeat") else None,
        personal=entry.get("sensitivity") == PERSONAL,
        label=(entry.get("label_zh") or shown_as.get(entry["name"]) or entry["name"]).strip(),
        national_id=entry.get("national_id"),
        conditional=any(path in relevant for path in _self_and_ancestors(xpath)),
    )


def _labels_from_notes(field_schema: list[dict]) -> dict[str, str]:
    """Name unlabelled calculates after the note that shows them ("工资性收入合计：${wage_total} 元")."""
    labels = {}
    for entry in field_schema:
        if entry["type"] == "note" and entry.get("label_zh"):
            for match in _SHOWN.finditer(entry["label_zh"]):
                labels.setdefault(match.group(2), match.group(1).strip())
    return labels


def _self_and_ancestors(xpath: str) -> list[str]:
    parts = xpath.split("/")
    return ["/".join(parts[:end]) for end in range(3, len(parts) + 1)]


def _tree(specs: list[FieldSpec], repeats: set[str]) -> Node:
    root = Node("", "root")
    for spec in specs:
        node, parts = root, spec.xpath.split("/")
        for depth in range(2, len(parts) - 1):
            path = "/".join(parts[:depth + 1])
            kind = "repeat" if path in repeats else "group"
            node = node.children.setdefault(parts[depth], Node(parts[depth], kind))
        node.children[spec.name] = Node(spec.name, "note" if spec.type == "note" else "field", spec)
    return root


def _row_keys(fields: dict[str, FieldSpec]) -> dict[str, str]:
    keys: dict[str, str] = {}
    for repeat in sorted({spec.repeat for spec in fields.values() if spec.repeat}):
        names = [spec for spec in fields.values() if spec.repeat == repeat]
        preferred = [s.name for name in ROW_KEY_NAMES for s in names if s.name == name]
        from_members = [s.name for s in names if s.type == "select_one" and s.choices is None]
        if preferred or from_members:
            keys[repeat] = (preferred or from_members)[0]
    return keys


def _kept(spec: FieldSpec, row_keys: dict[str, str]) -> bool:
    # A timeline keeps what the cadre answered and the national indicators the form computes; the
    # other calculates (lookups into the phone's CSVs, ages, flags) only repeat or derive known data.
    if spec.name in HEADER_FIELDS:
        return False
    if spec.type == "calculate":
        return bool(spec.national_id) or spec.name in row_keys.values()
    return True


def _binds(xform: bytes) -> dict[str, dict[str, str]]:
    binds = {}
    for element in fromstring(xform).iter():
        if _local(element.tag) == "bind" and element.get("nodeset"):
            binds[element.get("nodeset")] = {_local(name): value for name, value in element.attrib.items()}
    return binds


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].split(":")[-1]


# ---- linear calculations ---------------------------------------------------------------------

_TOKEN = re.compile(r"\s*(coalesce\(|\(|\)|\+|-|\*|,|\d+(?:\.\d+)?|\.\./[A-Za-z_][\w.-]*|/[A-Za-z_][\w./-]*)")


class _NotLinear(Exception):
    pass


def _linear_rules(binds: dict[str, dict[str, str]], by_xpath: dict[str, FieldSpec]):
    for nodeset, attributes in binds.items():
        target = by_xpath.get(nodeset)
        if target is None or not attributes.get("calculate"):
            continue
        try:
            coefficients = _Linear(attributes["calculate"], nodeset.rsplit("/", 1)[0]).parse()
        except _NotLinear:
            continue
        terms = [(coefficient, by_xpath.get(path)) for path, coefficient in coefficients.items()]
        if len(terms) >= 2 and all(spec is not None and spec.repeat == target.repeat for _, spec in terms):
            yield LinearRule(target.name, tuple((c, spec.name) for c, spec in terms), target.repeat)


class _Linear:
    """Parse an XPath that is a linear combination of fields into {xpath: coefficient}."""

    def __init__(self, expression: str, context: str):
        self.tokens = _tokens(expression)
        self.position = 0
        self.context = context  # the parent of the calculated node, for ../ paths

    def parse(self) -> dict[str, float]:
        result = self._sum()
        if self.position != len(self.tokens):
            raise _NotLinear
        return result

    def _sum(self) -> dict[str, float]:
        total = self._product()
        while self._peek() in ("+", "-"):
            sign = 1.0 if self._take() == "+" else -1.0
            for path, coefficient in self._product().items():
                total[path] = total.get(path, 0.0) + sign * coefficient
        return total

    def _product(self) -> dict[str, float]:
        if _is_number(self._peek()):
            factor = float(self._take())
            self._expect("*")
            return {path: factor * c for path, c in self._operand().items()}
        operand = self._operand()
        if self._peek() == "*":
            self._take()
            factor = self._number()
            return {path: factor * c for path, c in operand.items()}
        return operand

    def _operand(self) -> dict[str, float]:
        token = self._take()
        if token == "(":
            inner = self._sum()
            self._expect(")")
            return inner
        if token == "coalesce(":
            path = self._path(self._take())
            self._expect(",")
            if self._number() != 0:
                raise _NotLinear
            self._expect(")")
            return {path: 1.0}
        return {self._path(token): 1.0}

    def _path(self, token: str | None) -> str:
        if token and token.startswith("../"):
            return f"{self.context}/{token[3:]}"
        if token and token.startswith("/"):
            return token
        raise _NotLinear

    def _number(self) -> float:
        token = self._take()
        if not _is_number(token):
            raise _NotLinear
        return float(token)

    def _expect(self, wanted: str) -> None:
        if self._take() != wanted:
            raise _NotLinear

    def _peek(self) -> str | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def _take(self) -> str | None:
        token = self._peek()
        self.position += 1
        return token


def _tokens(expression: str) -> list[str]:
    tokens, position, text = [], 0, expression.strip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise _NotLinear
        tokens.append(match.group(1))
        position = match.end()
    return tokens


def _is_number(token: str | None) -> bool:
    return token is not None and re.fullmatch(r"\d+(?:\.\d+)?", token) is not None
