"""The programme's rules for a submission, as pure checks on typed answers and a few registry facts.

Hard (the submission is rejected): the household exists; the period is well formed, exists (no
earlier than 2014Q1, when 建档立卡 began) and is not in the future; ID numbers pass GB 11643;
totals equal their parts; at most one current 户主. Soft (accepted with findings): the submitter
was not responsible for the household (a cadre not paired with it on the visit date, a village
team or supervisor whose region does not hold it), the cleaning-rule warnings the phone showed,
and implausible values. "Today" is the day the server received the data, so replaying a submission
years later judges it exactly as it was judged on arrival.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from fieldcollect.households.codes import DEPARTURE_EVENTS, HEAD
from fieldcollect.households.id_numbers import parse_id_number
from fieldcollect.problems import Problem
from fieldcollect.rounds.calendar import Round
from fieldcollect.validation.form_rules import WARNING_MARK, FormRules
from fieldcollect.validation.issues import Issue

FIRST_ROUND = Round(2014, 1)
TOLERANCE = 0.01  # phones add decimals in binary floating point
IMPLAUSIBLE_ABOVE = 1_000_000  # no quarterly amount of a registered poor household comes near this
MEMBER_COUNT_SLACK = 2
_REFERENCE = re.compile(r"\$\{(\w+)\}")


@dataclass(frozen=True)
class HouseholdFacts:
    id: int
    code: str
    member_count: int  # current members in the register


@dataclass(frozen=True)
class Facts:
    """What the registry says, looked up once by validation.service."""

    received_on: date  # local date the server received the version
    household: HouseholdFacts | None  # None: unknown code, or the form has no household field
    paired: bool | None  # None: not a cadre's submission, or no household / visit date to check
    cadre_name: str = ""  # the submitter's name, whatever their role
    in_region: bool | None = None  # None: not a village team's or supervisor's submission, or no household


def check_answers(answers: dict, notes: set[str], rules: FormRules, facts: Facts) -> list[Issue]:
    """Return every domain issue of typed answers, hard ones first."""
    issues = (check_household(answers, rules, facts) + check_period(answers, rules, facts)
              + check_id_numbers(answers, rules, facts) + check_heads(answers, rules)
              + check_sums(answers, rules) + check_pairing(answers, facts)
              + check_warnings(notes, answers, rules) + check_plausibility(answers, rules, facts))
    return sorted(issues, key=lambda issue: not issue.hard)


def check_household(answers: dict, rules: FormRules, facts: Facts) -> list[Issue]:
    """Refuse a household code the registry does not know."""
    code = answers.get("household")
    if rules.has("household") and code and facts.household is None:
        return [Issue(Problem("unknown_household", household_code=code), "household")]
    return []


def check_period(answers: dict, rules: FormRules, facts: Facts) -> list[Issue]:
    """Check the period is a real, begun round and sits sensibly against the visit date."""
    name = answers.get("period")
    if not rules.has("period") or not name:
        return []
    try:
        period = Round.parse(name.strip())
    except ValueError:
        return [Issue(Problem("period_invalid", period=name), "period")]
    if period < FIRST_ROUND:
        return [Issue(Problem("period_too_early", period=name, first=str(FIRST_ROUND)), "period")]
    if period > Round.containing(facts.received_on):
        problem = Problem("period_in_future", period=name, received=facts.received_on.isoformat())
        return [Issue(problem, "period")]
    return _visit_issues(period, answers.get("visit_date"), facts)


def _visit_issues(period: Round, visit: date | None, facts: Facts) -> list[Issue]:
    if not isinstance(visit, date):
        return []
    issues = []
    if visit > facts.received_on:
        issues.append(Problem("visit_after_receipt", visit_date=visit.isoformat(),
                              received=facts.received_on.isoformat()))
    if visit < period.first_day:
        issues.append(Problem("visit_before_period", visit_date=visit.isoformat(), period=str(period)))
    if period > Round.containing(visit):
        issues.append(Problem("period_after_visit", period=str(period), visit_date=visit.isoformat()))
    return [Issue(problem, "visit_date", hard=False) for problem in issues]


def check_id_numbers(answers: dict, rules: FormRules, facts: Facts) -> list[Issue]:
    """Check every ID number answered, at the top level or in a repeat, against GB 11643."""
    issues = []
    for spec in rules.fields.values():
        if spec.name != "id_number":
            continue
        for row, values in _rows(answers, spec.repeat):
            value = values.get(spec.name)
            if not value:
                continue
            try:
                parse_id_number(value, facts.received_on)
            except Problem as problem:
                issues.append(_wrap(spec.label, problem, spec.name, row))
    return issues


def check_heads(answers: dict, rules: FormRules) -> list[Issue]:
    """Refuse a roster with more than one current 户主 (none is a warning the form itself shows)."""
    issues = []
    rosters = {spec.repeat for spec in rules.fields.values() if spec.repeat and spec.name == "relation"}
    for repeat in sorted(rosters):
        heads = [row for row, values in _rows(answers, repeat)
                 if values.get("relation") == HEAD and _is_current(values)]
        if len(heads) > 1:
            issues.append(Issue(Problem("head_count_too_many", count=len(heads)), "relation", heads[1]))
    return issues


def _is_current(row: dict) -> bool:
    if "is_current" in row:
        return str(row["is_current"]) == "1"
    return row.get("change") not in DEPARTURE_EVENTS


def check_sums(answers: dict, rules: FormRules) -> list[Issue]:
    """Check that each total the form computes equals the sum of its parts."""
    issues = []
    for rule in rules.sums:
        for row, values in _rows(answers, rule.repeat):
            total = values.get(rule.target)
            if not isinstance(total, (int, float)):
                continue
            expected = sum(coefficient * _number(values.get(term)) for coefficient, term in rule.terms)
            if abs(total - expected) > TOLERANCE:
                label = rules.fields[rule.target].label
                problem = Problem("total_mismatch", label=label, total=_show(total), expected=_show(expected))
                issues.append(Issue(problem, rule.target, row))
    return issues


def check_pairing(answers: dict, facts: Facts) -> list[Issue]:
    """Flag a submitter not responsible for the household: an unpaired cadre, or a region that lacks it."""
    if facts.paired is False:
        visit = answers.get("visit_date")
        problem = Problem("cadre_not_paired", cadre=facts.cadre_name, visit_date=str(visit or ""))
        return [Issue(problem, "household", hard=False)]
    if facts.in_region is False:
        return [Issue(Problem("household_outside_region", submitter=facts.cadre_name), "household", hard=False)]
    return []


def check_warnings(notes: set[str], answers: dict, rules: FormRules) -> list[Issue]:
    """Turn the cleaning-rule warnings the phone showed (their notes are present) into findings."""
    return [Issue(Problem("form_warning", message=fill_label(spec.label, answers)), spec.name, hard=False)
            for spec in rules.warnings if spec.name in notes]


def fill_label(label: str, answers: dict) -> str:
    """Return a note's label without the warning mark and with ${field} references filled in."""
    text = label.removeprefix(WARNING_MARK).strip()
    return _REFERENCE.sub(lambda match: _show(answers.get(match.group(1), "")), text)


def check_plausibility(answers: dict, rules: FormRules, facts: Facts) -> list[Issue]:
    """Flag values that are allowed but hardly believable."""
    issues = []
    for spec in rules.fields.values():
        if spec.type != "decimal":
            continue
        for row, values in _rows(answers, spec.repeat):
            value = values.get(spec.name)
            if isinstance(value, (int, float)) and value > IMPLAUSIBLE_ABOVE:
                problem = Problem("implausible_value", label=spec.label, value=_show(value),
                                  limit=_show(IMPLAUSIBLE_ABOVE))
                issues.append(Issue(problem, spec.name, row, hard=False))
    count = answers.get("member_count")
    registered = facts.household.member_count if facts.household else None
    if registered is not None and isinstance(count, int) and abs(count - registered) > MEMBER_COUNT_SLACK:
        problem = Problem("member_count_differs", count=count, registered=facts.household.member_count)
        issues.append(Issue(problem, "member_count", hard=False))
    return issues


def _rows(answers: dict, repeat: str | None):
    """Yield (row number or None, values) for the top level, or for each row of a repeat."""
    if repeat is None:
        yield None, answers
        return
    for number, row in enumerate(answers.get(repeat) or [], start=1):
        if isinstance(row, dict):
            yield number, row


def _wrap(label: str, problem: Problem, name: str, row: int | None) -> Issue:
    wrapped = (Problem("answer_problem", label=label, detail=problem) if row is None
               else Problem("row_answer_problem", label=label, row=row, detail=problem))
    return Issue(wrapped, name, row)


def _number(value) -> float:
    return float(value) if isinstance(value, (int, float)) else 0.0


def _show(value) -> str:
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)
