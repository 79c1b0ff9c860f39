"""Simulate past rounds of field work for the demo, through the real receiver.

For each of K past rounds (ending with the last one locked on the demo's reference date) every
household's primary cadre sends the quarterly category forms, built as submission XML from the
published form's own rules (validation.form_rules) and the household's registry facts, and
received by submissions.service.receive_submission at the simulated instant. A seeded draw per
household and round picks the pattern: most complete on time, some late, a few held after the
lock, some partial or missing, a few conflicting second submissions and rejected ones, so that the
demo's pages and exports show real figures. The same seed gives the same field work.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from xml.etree.ElementTree import Element, SubElement, tostring
from zoneinfo import ZoneInfo

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from fieldcollect.cadres.models import Cadre, Pairing
from fieldcollect.config import Settings
from fieldcollect.demo.people import REFERENCE_DATE
from fieldcollect.forms.categories import CATEGORIES
from fieldcollect.forms.models import FormVersion
from fieldcollect.forms.service import get_current_version, publish_form
from fieldcollect.households.models import Household, Member
from fieldcollect.problems import Problem
from fieldcollect.rounds.calendar import Round, open_round
from fieldcollect.rounds.service import ensure_round
from fieldcollect.submissions.service import receive_submission
from fieldcollect.submissions.storage import BlobStore
from fieldcollect.users.models import User
from fieldcollect.validation.form_rules import FormRules, Node
from fieldcollect.validation.service import rules_for

FORMS_DIR = Path(__file__).resolve().parents[2] / "forms" / "xlsform"
QUARTERLY = [c for c in CATEGORIES if c.quarterly]
# Share of households per round in each pattern; what is left sends nothing.
PATTERNS = (("on_time", 0.80), ("late", 0.07), ("held", 0.02), ("partial", 0.06))
CONFLICT_SHARE, REJECT_SHARE = 0.01, 0.01


@dataclass(frozen=True)
class Planned:
    received_at: datetime
    household_id: int
    category: str
    period: str
    variant: int = 0  # a second, different submission for the same period makes a conflict
    broken: bool = False  # leaves a required answer empty: the receiver rejects it


@dataclass
class FieldWorkSummary:
    rounds: list[str] = field(default_factory=list)
    sent: int = 0
    rejected: int = 0
    patterns: dict[str, int] = field(default_factory=dict)


def simulate_rounds(session: Session, store: BlobStore, settings: Settings, rounds: int,
                    seed: int = 2018) -> FieldWorkSummary:
    """Open the last `rounds` locked rounds and send their field work through the receiver."""
    summary = FieldWorkSummary()
    versions = ensure_forms(session)
    last = open_round(REFERENCE_DATE, settings.rounds.deadline_day).previous()
    chosen = [last]
    while len(chosen) < rounds:
        chosen.insert(0, chosen[0].previous())
    households = _households(session)
    for round_ in chosen:
        ensure_round(session, round_, settings.rounds, settings.server.timezone, round_.first_day)
        session.commit()
        summary.rounds.append(str(round_))
        plan = plan_round(random.Random(f"{seed}-{round_}"), round_, [h.id for h in households], settings,
                          summary.patterns)
        in_order = sorted(plan, key=lambda p: (p.received_at, p.household_id, p.category))
        _send(session, store, settings, in_order, versions, households, summary)
    return summary


def ensure_forms(session: Session) -> dict[str, FormVersion]:
    """Return the current version of each quarterly form, publishing the project's workbook if none is."""
    versions = {}
    for category in QUARTERLY:
        version = get_current_version(session, category.form_id)
        if version is None:
            path = FORMS_DIR / f"{category.form_id}.xlsx"
            publish_form(session, path.read_bytes(), path.name, validate=False)
            version = get_current_version(session, category.form_id)
        versions[category.code] = version
    session.commit()
    return versions


def plan_round(rng: random.Random, round_: Round, household_ids: list[int], settings: Settings,
               counts: dict[str, int]) -> list[Planned]:
    """Return every submission of a round: per household a pattern, per category an instant."""
    zone = ZoneInfo(settings.server.timezone)
    due = round_.deadline_end(settings.rounds.deadline_day, settings.server.timezone)
    locks = round_.lock_start(settings.rounds.deadline_day, settings.rounds.lock_days,
                              settings.server.timezone)
    opens = datetime.combine(round_.last_day - timedelta(days=20), datetime.min.time(), tzinfo=zone)
    required = list(settings.rounds.required_categories)
    planned: list[Planned] = []
    for household_id in household_ids:
        pattern = _pattern(rng)
        counts[pattern] = counts.get(pattern, 0) + 1
        planned += _household_round(rng, pattern, household_id, str(round_), required, opens, due, locks)
    return planned


def _pattern(rng: random.Random) -> str:
    draw = rng.random()
    for name, share in PATTERNS:
        if draw < share:
            return name
        draw -= share
    return "missing"


def _household_round(rng, pattern, household_id, period, required, opens, due, locks) -> list[Planned]:
    if pattern == "missing":
        return []
    categories = required + (["other"] if rng.random() < 0.3 else [])
    if pattern == "partial":
        categories = rng.sample(required, rng.randint(2, len(required) - 1))
    window = (due - opens).total_seconds()
    planned = []
    for position, category in enumerate(categories):
        at = opens + timedelta(seconds=rng.uniform(0, window - 3600))
        last = position == len(categories) - 1
        if pattern == "late" and last:
            at = due + timedelta(hours=rng.uniform(1, 24 * 20))
        elif pattern == "held" and last:
            at = locks + timedelta(hours=rng.uniform(1, 24 * 10))
        planned.append(Planned(at, household_id, category, period, broken=rng.random() < REJECT_SHARE))
    if rng.random() < CONFLICT_SHARE:
        first = planned[0]
        again = first.received_at + timedelta(hours=2)
        planned.append(Planned(again, household_id, first.category, period, variant=1))
    return planned


@dataclass(frozen=True)
class _Household:
    id: int
    code: str
    values: dict
    members: list[Member]


def _households(session: Session) -> list[_Household]:
    members: dict[int, list[Member]] = {}
    for member in session.scalars(select(Member).where(Member.is_current.is_(True)).order_by(Member.id)):
        members.setdefault(member.household_id, []).append(member)
    return [_Household(h.id, h.household_code, {"attribute": h.attribute, "main_cause": h.main_cause,
                                                 "standard": h.identification_standard, "status": h.status,
                                                 "registered_year": h.registered_year},
                       members.get(h.id, []))
            for h in session.scalars(select(Household).order_by(Household.id))]


def _send(session, store, settings, plan, versions, households, summary) -> None:
    by_id = {h.id: h for h in households}
    logins = _cadre_logins(session)
    for planned in plan:
        household = by_id[planned.household_id]
        day = planned.received_at.astimezone(ZoneInfo(settings.server.timezone)).date()
        cadre, user = _primary(session, household.id, day, logins)
        if user is None:
            continue  # nobody is paired to visit this household
        version = versions[planned.category]
        xml = submission_xml(version, rules_for(version), household, cadre, planned, day.isoformat())
        try:
            receive_submission(session, store, xml, [], user, now=planned.received_at, settings=settings)
        except Problem:
            session.rollback()
            summary.rejected += 1
        summary.sent += 1


def _cadre_logins(session: Session) -> dict[int, User]:
    return {user.cadre_id: user for user in session.scalars(select(User).where(User.cadre_id.is_not(None)))}


def _primary(session: Session, household_id: int, day, logins: dict[int, User]):
    cadre = session.scalar(select(Cadre).join(Pairing, and_(Pairing.cadre_id == Cadre.id)).where(
        Pairing.household_id == household_id, Pairing.is_primary.is_(True), Pairing.in_force(day)))
    return (cadre, logins.get(cadre.id)) if cadre is not None else (None, None)


# --- building a submission from the form's own rules ------------------------------------------

def submission_xml(version: FormVersion, rules: FormRules, household: _Household, cadre: Cadre | None,
                   planned: Planned, visit_date: str) -> bytes:
    """Return the XML a phone would send for this household, filling what the form requires."""
    values = _answers(rules, household, cadre, planned, visit_date)
    root_name = next(iter(rules.fields.values())).xpath.split("/")[1]
    root = Element(root_name, {"id": version.form.form_id, "version": version.version})
    _fill(root, rules.root, values, rules)
    meta = SubElement(root, "meta")
    SubElement(meta, "instanceID").text = f"uuid:{uuid.uuid4()}"
    return tostring(root, encoding="utf-8", xml_declaration=True)


def _answers(rules: FormRules, household: _Household, cadre: Cadre | None, planned: Planned,
             visit_date: str) -> dict:
    head = next((m for m in household.members if m.relation == "01"), None)
    values = {"household": household.code, "period": planned.period, "visit_date": visit_date,
              "head_name": head.name if head else "", "roster_rows": str(len(household.members)),
              "member_count": str(len(household.members) or 1),
              "cadre_name": cadre.name if cadre else "", "cadre_unit": cadre.work_unit if cadre else "",
              "member": [_member(m) for m in household.members],
              **{name: str(value) for name, value in household.values.items() if value is not None}}
    if planned.variant:
        values[_variant_field(rules)] = f"复核{planned.variant}"
    if planned.broken:
        values["visit_date"] = ""  # a required answer left empty
    return _with_sums(rules, values)


def _variant_field(rules: FormRules) -> str:
    """Return a free-text field the timeline keeps: a different answer there makes a conflict."""
    return next(name for name, spec in rules.fields.items()
                if spec.type == "text" and name in rules.kept and spec.repeat is None
                and not spec.conditional and name not in ("period",))


def _member(member: Member) -> dict:
    row = {"member_name": member.name, "sex": member.sex, "birth_date": member.birth_date.isoformat(),
           "relation": member.relation}
    return row | ({"id_number": member.id_number} if member.id_number else {})


def _with_sums(rules: FormRules, values: dict) -> dict:
    """Give each total the sum of its parts, as the phone's calculates would."""
    for rule in rules.sums:
        if rule.repeat is None:
            values[rule.target] = _number(sum(c * float(values.get(term) or _default(rules, term) or 0)
                                              for c, term in rule.terms))
    return values


def _number(amount: float) -> str:
    return str(int(amount)) if float(amount).is_integer() else f"{amount:.2f}"


def _default(rules: FormRules, name: str) -> str | None:
    spec = rules.fields.get(name)
    if spec is None or spec.conditional or not spec.required:
        return None
    if spec.choices:
        return spec.choices[0]
    return {"integer": "0", "decimal": "0", "date": "2018-01-01", "text": "无", "image": "photo.jpg",
            "geopoint": "39.6 109.8 1300 10"}.get(spec.type)


def _fill(parent: Element, node: Node, values: dict, rules: FormRules) -> None:
    for name, child in node.children.items():
        if child.kind == "group":
            _fill(SubElement(parent, name), child, values, rules)
        elif child.kind == "repeat":
            for row in _rows(values.get(name), child, rules):
                _fill(SubElement(parent, name), child, {**values, **row}, rules)
        elif child.kind == "field":
            value = values.get(name)
            value = _default(rules, name) if value is None else value
            if value is not None and not isinstance(value, list):
                SubElement(parent, name).text = value


def _rows(rows, node: Node, rules: FormRules) -> Iterator[dict]:
    if rows:
        yield from rows
    elif any(c.kind == "field" and c.spec.required and not c.spec.conditional
             for c in node.children.values()):
        yield {}  # one row of defaults where the form requires one
