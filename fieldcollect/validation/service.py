"""Validate one submission version: its form's schema, then the domain rules with the registry's facts.

The form's rules are built once per published version (keyed by the XForm's md5, which names its
content) and kept for the life of the process. The registry is asked one small question: the
household behind the code, with its current member count, its village and whether the submitting
cadre was paired with it on the visit date; a village team's or supervisor's submission is
checked against their region instead (access.scope.may_see_region, the rule of household_scope).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Date, bindparam, func, select
from sqlalchemy.orm import Session

from fieldcollect.access.scope import may_see_region
from fieldcollect.cadres.models import Pairing
from fieldcollect.forms.models import Form, FormVersion
from fieldcollect.households.models import Household, Member
from fieldcollect.users.models import User
from fieldcollect.users.roles import SUPERVISOR_ROLES, Role
from fieldcollect.validation.domain import Facts, HouseholdFacts, check_answers
from fieldcollect.validation.form_rules import FormRules, form_rules
from fieldcollect.validation.issues import Issue
from fieldcollect.validation.schemas import read_answers

_RULES: dict[str, FormRules] = {}  # by FormVersion.md5
# Roles whose responsibility is a region rather than pairings: their households are their region's.
REGION_ROLES = frozenset({Role.VILLAGE_TEAM, *SUPERVISOR_ROLES})


@dataclass(frozen=True)
class FormContext:
    """The form version a submission was made with: enough to find its rules and its category."""

    form_version_id: int
    md5: str
    category: str


@dataclass
class Verdict:
    rules: FormRules
    answers: dict  # typed, flattened by group
    errors: list[Issue] = field(default_factory=list)  # hard: the submission is rejected
    findings: list[Issue] = field(default_factory=list)  # soft: accepted with review state has_issues
    household_id: int | None = None
    period: str | None = None
    visit_date: date | None = None

    @property
    def accepted(self) -> bool:
        return not self.errors

    def timeline_answers(self) -> dict:
        """Return the answers a household timeline keeps, as JSON-ready values."""
        return _kept(self.answers, self.rules)


def rules_for(form_version: FormVersion) -> FormRules:
    """Return the rules of a published form version (built on first use, then cached)."""
    rules = _RULES.get(form_version.md5)
    if rules is None:
        rules = _RULES[form_version.md5] = form_rules(form_version.field_schema or [], form_version.xml)
    return rules


def form_context(session: Session, form_version_id: int) -> FormContext:
    """Return the md5 and category of a form version, without reading its large columns."""
    md5, category = session.execute(
        select(FormVersion.md5, Form.category).join(Form, Form.id == FormVersion.form_pk)
        .where(FormVersion.id == form_version_id)).one()
    return FormContext(form_version_id, md5, category)


def rules_of(session: Session, form: FormContext) -> FormRules:
    """Return the rules of the form version in this context (reading the form only on a cache miss)."""
    return _RULES.get(form.md5) or rules_for(session.get(FormVersion, form.form_version_id))


def rules_by_version_id(session: Session, version_ids: set[int]) -> dict[int, FormRules]:
    """Return the rules of several form versions by id, reading each form only on a cache miss."""
    found = session.execute(select(FormVersion.id, FormVersion.md5).where(FormVersion.id.in_(version_ids)))
    digests = {version_id: md5 for version_id, md5 in found}
    missing = [version_id for version_id, md5 in digests.items() if md5 not in _RULES]
    for version in session.scalars(select(FormVersion).where(FormVersion.id.in_(missing))):
        rules_for(version)
    return {version_id: _RULES[md5] for version_id, md5 in digests.items()}


def validate_submission(session: Session, rules: FormRules, tree: dict, received_at: datetime,
                        submitter: User | None, timezone: str = "Asia/Shanghai") -> Verdict:
    """Check a parsed submission's answers against its form and the registry; return the verdict."""
    answers, type_issues, notes = read_answers(rules, tree)
    visit = answers.get("visit_date") if isinstance(answers.get("visit_date"), date) else None
    household, paired, in_region = (_registry_facts(session, answers.get("household"), submitter, visit)
                                    if rules.has("household") else (None, None, None))
    facts = Facts(received_on=local_date(received_at, timezone), household=household, paired=paired,
                  cadre_name=(submitter.display_name or submitter.username) if submitter else "",
                  in_region=in_region)
    issues = type_issues + check_answers(answers, notes, rules, facts)
    period = answers.get("period") if isinstance(answers.get("period"), str) else None
    return Verdict(rules, answers, [i for i in issues if i.hard], [i for i in issues if not i.hard],
                   household.id if household else None, period.strip() if period else None, visit)


def local_date(moment: datetime, timezone: str) -> date:
    """Return the programme's calendar date of an instant (SQLite hands back naive UTC)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(ZoneInfo(timezone)).date()


def _registry_statement():
    # Built once: constructing this select costs more than running it, and it runs on every POST.
    members = (select(func.count(Member.id))
               .where(Member.household_id == Household.id, Member.is_current.is_(True))
               .correlate(Household).scalar_subquery())
    paired = (select(Pairing.id)
              .where(Pairing.cadre_id == bindparam("cadre_id"), Pairing.household_id == Household.id,
                     Pairing.in_force(bindparam("visit", type_=Date)))
              .correlate(Household).exists())
    return select(Household.id, Household.household_code, members, paired, Household.village_code).where(
        Household.household_code == bindparam("code"))


REGISTRY_FACTS = _registry_statement()


def _registry_facts(session: Session, code, submitter: User | None,
                    visit: date | None) -> tuple[HouseholdFacts | None, bool | None, bool | None]:
    """Return the household behind the code, whether the submitting cadre was paired with it, and
    whether it lies in the submitting village team's or supervisor's region."""
    if not isinstance(code, str) or not code.strip():
        return None, None, None
    checks_pairing = submitter is not None and submitter.role == Role.CADRE and visit is not None
    parameters = {"code": code.strip(), "visit": visit or date.min,
                  "cadre_id": submitter.cadre_id if checks_pairing else None}
    row = session.connection().execute(REGISTRY_FACTS, parameters).first()  # Core: no ORM layer needed
    if row is None:
        return None, None, None
    checks_region = submitter is not None and submitter.role in REGION_ROLES
    return (HouseholdFacts(row[0], row[1], row[2]), bool(row[3]) if checks_pairing else None,
            may_see_region(submitter, row[4]) if checks_region else None)


def _kept(answers: dict, rules: FormRules) -> dict:
    kept = {}
    for name, value in answers.items():
        if isinstance(value, list) and value and all(isinstance(row, dict) for row in value):
            rows = [{k: _json(v) for k, v in row.items() if k in rules.kept} for row in value]
            kept[name] = [row for row in rows if row]
        elif name in rules.kept and value is not None:
            kept[name] = _json(value)
    return {name: value for name, value in kept.items() if value not in ([], None)}


def _json(value):
    return value.isoformat() if isinstance(value, date) else value
