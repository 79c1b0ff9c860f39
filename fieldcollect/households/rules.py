"""The national consistency rules for a household and its roster, as pure checks on plain values.

Values are dicts keyed by the model's column names and already hold codes (households.codes). Each
check returns Issues instead of raising, so an import can report every row at once while a service
raises the first one. Rules come from CODES.md §1.1 and §2.1 (the national data-cleaning rules).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fieldcollect.households import codes
from fieldcollect.households.id_numbers import parse_id_number
from fieldcollect.problems import Problem

EXITED_STATUSES = frozenset({codes.EXITED_SUPPORTED, codes.EXITED})
ILLNESS, DISABILITY, SCHOOLING = "01", "02", "03"

# Coded columns and the list each one draws from.
HOUSEHOLD_CODES = {"attribute": "attribute", "main_cause": "cause", "other_cause_1": "cause",
                   "other_cause_2": "cause", "identification_standard": "standard", "status": "status",
                   "support_track": "support_track"}
MEMBER_CODES = {"sex": "sex", "relation": "relation", "ethnicity": "ethnicity",
                "political_status": "political_status", "education": "education",
                "school_status": "school_status", "disability_category": "disability_category",
                "disability_grade": "disability_grade", "labour_ability": "labour_ability",
                "work_area": "work_area"}
LIST_NAMES = {"attribute": "贫困户属性", "cause": "致贫原因", "standard": "识别标准", "status": "脱贫状态",
              "support_track": "五个一批", "sex": "性别", "relation": "与户主关系", "ethnicity": "民族",
              "political_status": "政治面貌", "education": "文化程度", "school_status": "在校生状况",
              "health": "健康状况", "disability_category": "残疾类别", "disability_grade": "残疾等级",
              "labour_ability": "劳动技能", "work_area": "务工区域", "member_event": "成员变更"}


@dataclass(frozen=True)
class Issue:
    field: str  # the column name the problem is about
    problem: Problem
    member: int | None = None  # index in the roster, or None for the household itself


def check_member(member: dict, today: date | None = None) -> list[Issue]:
    """Return the problems of one member's values taken alone."""
    issues = _code_issues(member, MEMBER_CODES) + _id_number_issues(member, today)
    if member.get("relation") in codes.MALE_RELATIONS and member.get("sex") == "2" or \
            member.get("relation") in codes.FEMALE_RELATIONS and member.get("sex") == "1":
        issues.append(Issue("relation", Problem("relation_sex_mismatch",
                                                relation=codes.label_of("relation", member["relation"]))))
    health = (member.get("health") or "").split()
    if any(code not in codes.HEALTH for code in health):
        problem = Problem("unknown_code", value=member["health"], list=LIST_NAMES["health"])
        issues.append(Issue("health", problem))
    if codes.HEALTHY in health and len(health) > 1:
        issues.append(Issue("health", Problem("health_exclusive")))
    if member.get("education") and member.get("school_status") not in (None, codes.NOT_IN_SCHOOL):
        issues.append(Issue("school_status", Problem("education_and_school")))
    if (member.get("work_months") or 0) > 0 and not member.get("work_area"):
        issues.append(Issue("work_area", Problem("work_area_required")))
    return issues


def check_household(household: dict) -> list[Issue]:
    """Return the problems of a household's own values (codes, causes, status and years)."""
    issues = _code_issues(household, HOUSEHOLD_CODES)
    others = [c for c in (household.get("other_cause_1"), household.get("other_cause_2")) if c]
    if household.get("main_cause") in others:
        issues.append(Issue("other_causes", Problem("other_cause_repeats_main")))
    elif len(set(others)) < len(others):
        issues.append(Issue("other_causes", Problem("other_causes_repeated")))
    if household.get("status") in EXITED_STATUSES and not household.get("exit_year"):
        issues.append(Issue("exit_year", Problem("exit_year_required")))
    if household.get("status") == codes.RETURNED and not household.get("return_year"):
        issues.append(Issue("return_year", Problem("return_year_required")))
    return issues


def check_roster(household: dict, members: list[dict]) -> list[Issue]:
    """Return the problems that only show across the whole roster of current members."""
    issues = _relation_issues(household, members)
    causes = {household.get("main_cause"), household.get("other_cause_1"), household.get("other_cause_2")}
    health = [set((m.get("health") or "").split()) for m in members]
    if ILLNESS in causes and not any(h & {codes.CHRONIC, codes.SERIOUS} for h in health):
        issues.append(Issue("main_cause", Problem("cause_illness_unsupported")))
    if DISABILITY in causes and not any(codes.DISABLED in h for h in health):
        issues.append(Issue("main_cause", Problem("cause_disability_unsupported")))
    if SCHOOLING in causes and not any(_in_school(m) for m in members):
        issues.append(Issue("main_cause", Problem("cause_school_unsupported")))
    return issues


def check_all(household: dict, members: list[dict], today: date | None = None) -> list[Issue]:
    """Return every problem of a household and its roster."""
    issues = check_household(household) + check_roster(household, members)
    for index, member in enumerate(members):
        issues += [Issue(i.field, i.problem, index) for i in check_member(member, today)]
    return issues


def _code_issues(values: dict, columns: dict[str, str]) -> list[Issue]:
    return [Issue(column, Problem("unknown_code", value=values[column], list=LIST_NAMES[list_name]))
            for column, list_name in columns.items()
            if values.get(column) and values[column] not in codes.CODE_LISTS[list_name]]


def _id_number_issues(member: dict, today: date | None) -> list[Issue]:
    if not member.get("id_number"):
        return []
    try:
        parsed = parse_id_number(member["id_number"], today)
    except Problem as problem:
        return [Issue("id_number", problem)]
    issues = []
    if member.get("sex") and member["sex"] != parsed.sex:
        issues.append(Issue("sex", Problem("id_number_sex_mismatch")))
    if member.get("birth_date") and member["birth_date"] != parsed.birth_date:
        issues.append(Issue("birth_date", Problem("id_number_birth_mismatch")))
    return issues


def _relation_issues(household: dict, members: list[dict]) -> list[Issue]:
    heads = [i for i, m in enumerate(members) if m.get("relation") == codes.HEAD]
    spouses = [i for i, m in enumerate(members) if m.get("relation") == codes.SPOUSE]
    issues = []
    if len(heads) != 1:
        problem = Problem("head_count", household_code=household.get("household_code", ""), count=len(heads))
        issues.append(Issue("relation", problem, heads[1] if len(heads) > 1 else 0))
    if len(spouses) > 1:
        issues.append(Issue("relation", Problem("spouse_count"), spouses[1]))
    couple = [members[i].get("sex") for i in heads + spouses] if len(heads) == len(spouses) == 1 else []
    if couple and couple[0] == couple[1]:
        issues.append(Issue("sex", Problem("head_spouse_same_sex"), spouses[0]))
    return issues


def _in_school(member: dict) -> bool:
    return member.get("school_status") not in (None, "", codes.NOT_IN_SCHOOL)
