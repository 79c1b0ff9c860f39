"""Read a submission's XML bytes into a small value: the header fields and the answers tree.

Parsing goes through defusedxml, because the bytes come from the network (no DTDs, no entity
expansion). Namespace prefixes are dropped from element and attribute names, as ODK Central does
(lib/util/xml.js), so <orx:meta><orx:instanceID> and <meta><instanceID> read alike. The fields and
where they live follow PROTOCOL.md §3.3 and the XForms spec's metadata table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

# An answer is the text of a leaf, a group of named answers, or the instances of a repeat.
Answer = Union[str, "Answers", list]
Answers = dict[str, Answer]


class InstanceError(ValueError):
    """The bytes are not a submission: not well-formed XML, or no form id on the root."""

    def __init__(self, code: str, detail: str = ""):
        self.code = code  # a problems.CATALOGUE code
        self.detail = detail
        super().__init__(f"{code}: {detail}" if detail else code)


@dataclass(frozen=True)
class Instance:
    form_id: str
    version: str  # "" when the form declares none
    instance_id: str | None
    deprecated_id: str | None
    instance_name: str | None
    answers: Answers = field(default_factory=dict)

    def values(self) -> set[str]:
        """Return every non-empty leaf answer (attachments are named by such values)."""
        return set(_leaf_values(self.answers))


def parse_instance(xml: bytes) -> Instance:
    """Return the Instance the submission bytes hold, or raise InstanceError."""
    root = _parse(xml)
    attributes = {_local(name): value for name, value in root.attrib.items()}
    form_id = attributes.get("id", "").strip()
    if not form_id:
        raise InstanceError("submission_form_id_missing")
    answers = _answers(root)
    meta = answers.get("meta") if isinstance(answers.get("meta"), dict) else {}
    return Instance(
        form_id=form_id,
        version=attributes.get("version", "").strip(),
        instance_id=_text(meta, "instanceID") or _text(answers, "instanceID"),
        deprecated_id=_text(meta, "deprecatedID"),
        instance_name=_text(meta, "instanceName"),
        answers=answers,
    )


def _parse(xml: bytes) -> Element:
    if not xml or not xml.strip():
        raise InstanceError("submission_xml_invalid", "empty")
    try:
        return fromstring(xml)
    except ParseError as error:
        raise InstanceError("submission_xml_invalid", str(error)) from None
    except DefusedXmlException:
        raise InstanceError("submission_xml_invalid", "DTDs and entities are not allowed") from None


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].split(":")[-1]


def _answers(element: Element) -> Answers:
    answers: Answers = {}
    for child in element:
        name = _local(child.tag)
        value: Answer = _answers(child) if len(child) else (child.text or "").strip()
        if name not in answers:
            answers[name] = value
        elif isinstance(answers[name], list):  # a child's own value is never a list: a repeat
            answers[name].append(value)
        else:
            answers[name] = [answers[name], value]
    return answers


def _text(answers: Answers, name: str) -> str | None:
    value = answers.get(name)
    return value.strip() or None if isinstance(value, str) else None


def _leaf_values(answer: Answer):
    if isinstance(answer, str):
        if answer:
            yield answer
    elif isinstance(answer, dict):
        for value in answer.values():
            yield from _leaf_values(value)
    else:
        for value in answer:
            yield from _leaf_values(value)
