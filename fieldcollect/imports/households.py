"""Import households and members from the national member export (one row per member).

Three passes: parse every cell; group rows into households and check each household, merged with
what the database already holds, against households.rules; then work out the changes. Only when no
row has an error (and it is not a dry run) are the changes written, in bulk. Households are matched
by 户编号 and members by ID number (or by name when they have none), and only the columns present
in the file are compared, so re-importing the same file changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from fieldcollect.households import rules
from fieldcollect.households.service import complete_from_id_number
from fieldcollect.imports.columns import ParsedRow, parse_sheet
from fieldcollect.imports.household_columns import (
    COLUMNS,
    FIELD_COLUMNS,
    HEADERS,
    HOUSEHOLD_KEYS,
    MEMBER_KEYS,
)
from fieldcollect.imports.household_writes import (
    Changes,
    Existing,
    apply_changes,
    household_changes,
    load_existing,
)
from fieldcollect.imports.reader import Sheet
from fieldcollect.imports.report import ImportReport, RowError
from fieldcollect.problems import Problem
from fieldcollect.regions.codes import Level, is_valid_code, level_of

NEW_HOUSEHOLD_DEFAULTS = {"identification_standard": "01", "status": "0"}


@dataclass
class Group:
    """The rows of one household in the file."""

    code: str
    first_row: int
    values: dict  # household columns, from the first row that gives each
    members: list[ParsedRow] = field(default_factory=list)


def import_households(session: Session, sheet: Sheet, dry_run: bool) -> ImportReport:
    """Check every row of a household file and, when all pass and not dry_run, write it."""
    report = ImportReport("households", dry_run, rows=len(sheet.rows))
    rows, errors, headers = parse_sheet(sheet, COLUMNS)
    report.errors += errors
    if any(error.row == 1 for error in errors):
        return report
    groups = _group(rows, headers, report)
    existing = load_existing(session, [g.code for g in groups], _id_numbers(groups))
    changes = Changes()
    for group in groups:
        _check_group(group, existing, headers, report, changes)
    _check_repeated_id_numbers(groups, headers, report)
    report.errors.sort(key=lambda error: error.row)
    if not report.errors and not dry_run:
        report.household_events = apply_changes(session, changes)
    return report


def _group(rows: list[ParsedRow], headers: dict, report: ImportReport) -> list[Group]:
    groups: dict[str, Group] = {}
    for row in rows:
        code = row.values.get("household_code")
        if not code:
            continue  # the parse pass already reported the empty 户编号
        group = groups.setdefault(code, Group(code, row.number, {}))
        for key in HOUSEHOLD_KEYS:
            _merge_household_value(group, key, row, headers, report)
        group.members.append(row)
    return list(groups.values())


def _merge_household_value(group: Group, key: str, row: ParsedRow, headers: dict,
                           report: ImportReport) -> None:
    if key not in row.values:
        return
    value = row.values[key]
    if key not in group.values or group.values[key] is None:
        group.values[key] = value
        group.values.setdefault("_rows", {})[key] = row.number
    elif value is not None and value != group.values[key]:
        first_row = group.values["_rows"][key]
        report.errors.append(RowError(row.number, headers[key], Problem(
            "inconsistent_value", first_row=first_row, first=_shown(group.values[key]))))


def _shown(value) -> str:
    return "、".join(value) if isinstance(value, list) else str(value)


def _id_numbers(groups: list[Group]) -> list[str]:
    return [row.values["id_number"] for g in groups for row in g.members if row.values.get("id_number")]


def _check_group(group: Group, existing: Existing, headers: dict, report: ImportReport,
                 changes: Changes) -> None:
    error_count = len(report.errors)
    _check_village(group, existing, headers, report, changes)
    household = _household_values(group, existing)
    members = [_member_values(row) for row in group.members]
    _check_required_member_fields(group, members, existing, headers, report)
    _check_head_name(group, members, headers, report)
    _check_id_numbers_elsewhere(group, members, existing, headers, report)
    roster, rows = existing.merged_roster(group.code, members, [r.number for r in group.members])
    for issue in rules.check_household(household) + rules.check_roster(household, roster):
        _report_issue(issue, rows, group.first_row, headers, report)
    for index, member in enumerate(members):
        for issue in rules.check_member(member):
            _report_issue(issue, rows, group.first_row, headers, report, index)
    if len(report.errors) == error_count:
        household_changes(group.code, household, members, existing, changes, report)


def _check_village(group: Group, existing: Existing, headers: dict, report: ImportReport,
                   changes: Changes) -> None:
    code = group.values.get("village_code")
    column = headers["village_code"]
    if not code or not is_valid_code(code) or level_of(code) != Level.VILLAGE:
        if code:
            report.errors.append(RowError(group.first_row, column, Problem("not_a_village", code=code)))
        return
    known = existing.regions.get(code)
    if known is not None:
        if known != Level.VILLAGE:
            report.errors.append(RowError(group.first_row, column, Problem("not_a_village", code=code)))
        return
    township = code[:9] + "000"
    if existing.regions.get(township) != Level.TOWNSHIP:
        problem = Problem("village_township_unknown", code=code)
        report.errors.append(RowError(group.first_row, column, problem))
    elif not group.values.get("village_name"):
        report.errors.append(RowError(group.first_row, headers["village_name"],
                                      Problem("village_name_required", code=code)))
    else:
        changes.add_village(code, group.values["village_name"], township)


def _household_values(group: Group, existing: Existing) -> dict:
    values = {k: v for k, v in group.values.items()
              if k in HOUSEHOLD_KEYS and k not in ("village_name", "head_name")}
    if "other_causes" in values:
        others = values.pop("other_causes") or []
        values["other_cause_1"] = others[0] if others else None
        values["other_cause_2"] = others[1] if len(others) > 1 else None
    if "household_phone" in values:
        values["phone"] = values.pop("household_phone")
    base = existing.household_values(group.code) or NEW_HOUSEHOLD_DEFAULTS
    return {**base, **{k: v for k, v in values.items() if v is not None or k not in base}}


def _member_values(row: ParsedRow) -> dict:
    values = {key: row.values[key] for key in MEMBER_KEYS if key in row.values}
    if "health" in values:
        values["health"] = " ".join(values["health"]) if values["health"] else "1"
    return complete_from_id_number(values)


def _check_required_member_fields(group: Group, members: list[dict], existing: Existing, headers: dict,
                                  report: ImportReport) -> None:
    for row, member in zip(group.members, members, strict=True):
        if existing.find_member(group.code, member) is not None:
            continue
        for key in ("sex", "birth_date"):
            if not member.get(key):
                report.errors.append(RowError(row.number, headers[key], Problem("value_required")))


def _check_head_name(group: Group, members: list[dict], headers: dict, report: ImportReport) -> None:
    head_name = group.values.get("head_name")
    heads = [m for m in members if m.get("relation") == "01"]
    if head_name and len(heads) == 1 and heads[0].get("name") != head_name:
        problem = Problem("inconsistent_value", first_row=_head_row(group), first=heads[0]["name"])
        report.errors.append(RowError(group.values["_rows"]["head_name"], headers["head_name"], problem))


def _head_row(group: Group) -> int:
    return next(row.number for row in group.members if row.values.get("relation") == "01")


def _check_id_numbers_elsewhere(group: Group, members: list[dict], existing: Existing, headers: dict,
                                report: ImportReport) -> None:
    for row, member in zip(group.members, members, strict=True):
        holder = existing.id_number_holder(member.get("id_number"))
        if holder is not None and holder != group.code:
            report.errors.append(RowError(row.number, headers["id_number"],
                                          Problem("id_number_taken", household_code=holder)))


def _check_repeated_id_numbers(groups: list[Group], headers: dict, report: ImportReport) -> None:
    first_seen: dict[str, int] = {}
    for group in groups:
        for row in group.members:
            number = row.values.get("id_number")
            if number and number in first_seen:
                report.errors.append(RowError(row.number, headers["id_number"],
                                              Problem("id_number_repeated", other_row=first_seen[number])))
            elif number:
                first_seen[number] = row.number


def _report_issue(issue: rules.Issue, rows: list[int], first_row: int, headers: dict, report: ImportReport,
                  member: int | None = None) -> None:
    index = issue.member if member is None else member
    row = rows[index] if index is not None and index < len(rows) and rows[index] else first_row
    key = FIELD_COLUMNS.get(issue.field, issue.field)
    report.errors.append(RowError(row, headers.get(key, HEADERS.get(key, key)), issue.problem))
