"""Labels the field schema does not keep, read from the XForm a form version serves: the words of
each select question's choices, and the titles of groups and repeats.

The field schema keeps only the choice names ("1", "2"); pages show the words a cadre tapped
("男", "女") and name a roster by its title ("家庭成员"). Those words are in the XForm that phones
received, so they are read from the stored bytes of each version, which also works for versions
published before anyone needed them.

pyxform writes choices in one of three shapes (ODK XForms spec, "Select" and "Itext"):
an itemset over a secondary instance whose items carry an itextId or a label child, or inline
<item> elements whose label is literal text or a jr:itext reference. All three are read here.
Choices loaded from a file (households.csv) have no labels in the XForm and are left out.
"""

from __future__ import annotations

import re

from defusedxml.ElementTree import fromstring

from fieldcollect.forms.field_schema import language_code

XF = "{http://www.w3.org/2002/xforms}"
LANGUAGES = ("zh", "en")
_INSTANCE = re.compile(r"instance\('([^']+)'\)")
_ITEXT = re.compile(r"jr:itext\('([^']+)'\)")

Labels = dict[str, str]  # language code -> text


def choice_labels(xform: bytes) -> dict[str, dict[str, Labels]]:
    """Return {field name: {choice name: {"zh": …, "en": …}}} for the select questions of an XForm."""
    root = fromstring(xform)
    itext = _itext(root)
    instances = {instance.get("id"): instance for instance in root.iter(f"{XF}instance")
                 if instance.get("id")}
    found: dict[str, dict[str, Labels]] = {}
    for tag in ("select1", "select"):
        for select in root.iter(f"{XF}{tag}"):
            name = (select.get("ref") or "").rstrip("/").rsplit("/", 1)[-1]
            choices = _inline_items(select, itext) or _itemset_items(select, instances, itext)
            if name and choices:
                found[name] = choices
    return found


def group_labels(xform: bytes) -> dict[str, Labels]:
    """Return {group or repeat name: {"zh": …, "en": …}} for the labelled groups of an XForm."""
    root = fromstring(xform)
    itext = _itext(root)
    found = {}
    for group in root.iter(f"{XF}group"):
        name = (group.get("ref") or "").rstrip("/").rsplit("/", 1)[-1]
        label = group.find(f"{XF}label")
        if name and label is not None and _label(label, itext):
            found[name] = _label(label, itext)
    return found


def _itext(root) -> dict[str, Labels]:
    """Return {text id: {language: text}} from the model's itext block."""
    texts: dict[str, Labels] = {}
    for translation in root.iter(f"{XF}translation"):
        language = language_code(translation.get("lang", ""))
        if language not in LANGUAGES:
            continue
        for text in translation.iter(f"{XF}text"):
            value = next((v for v in text.iter(f"{XF}value") if not v.get("form")), None)
            if value is not None:
                texts.setdefault(text.get("id"), {})[language] = "".join(value.itertext()).strip()
    return texts


def _inline_items(select, itext: dict[str, Labels]) -> dict[str, Labels]:
    choices = {}
    for item in select.findall(f"{XF}item"):
        value, label = item.find(f"{XF}value"), item.find(f"{XF}label")
        if value is not None and value.text is not None and label is not None:
            choices[value.text.strip()] = _label(label, itext)
    return choices


def _itemset_items(select, instances: dict, itext: dict[str, Labels]) -> dict[str, Labels]:
    itemset = select.find(f"{XF}itemset")
    match = _INSTANCE.search(itemset.get("nodeset", "")) if itemset is not None else None
    instance = instances.get(match.group(1)) if match else None
    if instance is None:
        return {}
    value_ref = _ref(itemset.find(f"{XF}value")) or "name"
    label_ref = _ref(itemset.find(f"{XF}label")) or "label"
    choices = {}
    for item in instance.iter(f"{XF}item"):
        value = item.find(f"{XF}{value_ref}")
        if value is None or value.text is None:
            continue
        choices[value.text.strip()] = _item_label(item, label_ref, itext)
    return choices


def _item_label(item, label_ref: str, itext: dict[str, Labels]) -> Labels:
    # label ref="jr:itext(itextId)": the item's itextId child names the translations.
    if label_ref.startswith("jr:itext("):
        key = item.find(f"{XF}{label_ref[len('jr:itext('):-1]}")
        return dict(itext.get(key.text.strip(), {})) if key is not None and key.text else {}
    label = item.find(f"{XF}{label_ref}")
    return {"zh": label.text.strip()} if label is not None and label.text else {}


def _label(label, itext: dict[str, Labels]) -> Labels:
    match = _ITEXT.search(label.get("ref") or "")
    if match:
        return dict(itext.get(match.group(1), {}))
    text = "".join(label.itertext()).strip()
    return {"zh": text} if text else {}


def _ref(element) -> str | None:
    return element.get("ref") if element is not None else None
