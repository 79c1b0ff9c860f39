"""Column definitions and cell parsing shared by every import.

A Column names a value by its national export header (Chinese), with English and national field-id
aliases; headers match after dropping spaces and folding full-width brackets and case. Cells are
parsed into the values the models store (codes, dates, integers, booleans) or a Problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from fieldcollect.households.codes import lookup_code
from fieldcollect.households.id_numbers import parse_id_number
from fieldcollect.households.rules import LIST_NAMES
from fieldcollect.imports.reader import Sheet
from fieldcollect.imports.report import RowError
from fieldcollect.problems import Problem

YES = frozenset({"是", "有", "y", "yes", "true", "1", "√"})
NO = frozenset({"否", "无", "n", "no", "false", "0", "×"})
SEPARATORS = re.compile(r"[,，、;；/\s]+")
# Kinds whose few distinct cells are worth parsing once per file (a 100,000-household file repeats them).
MEMO_KINDS = frozenset({"code", "integer", "yes_no", "date"})
_UNSEEN = object()
DATE_FORMATS = (re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$"),
                re.compile(r"^(\d{4})(\d{2})(\d{2})$"))


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # the national export's header
    aliases: tuple[str, ...] = ()
    kind: str = "text"  # text, code, codes, date, integer, yes_no, id_number
    codes: str | None = None  # the households.codes list for code and codes
    required: bool = False
    low: int | None = None  # integer bounds, or the most values a codes cell may hold (high)
    high: int | None = None


@dataclass(frozen=True)
class ParsedRow:
    number: int
    values: dict  # key -> parsed value (None for an empty cell), only for columns in the file


def normalise_header(text: str) -> str:
    """Return a header reduced to what matching compares: no spaces, ASCII brackets, lower case."""
    return "".join(text.split()).replace("（", "(").replace("）", ")").lower()


def parse_sheet(sheet: Sheet, columns: tuple[Column, ...]) -> tuple[list[ParsedRow], list[RowError], dict]:
    """Return the parsed rows, the cell errors, and the header written in the file for each key."""
    positions, headers = _match_headers(sheet.headers, columns)
    errors = [RowError(1, c.header, Problem("missing_column", column=c.header))
              for c in columns if c.required and c.key not in positions]
    if errors:
        return [], errors, headers
    present = [(column, positions[column.key], {}) for column in columns if column.key in positions]
    rows = []
    for number, cells in sheet.rows:
        values = {}
        for column, position, memo in present:
            text = cells[position] if position < len(cells) else ""
            parsed = memo.get(text, _UNSEEN) if column.kind in MEMO_KINDS else _UNSEEN
            if parsed is _UNSEEN:
                parsed = _parse_or_problem(column, text)
                if column.kind in MEMO_KINDS:
                    memo[text] = parsed
            if isinstance(parsed, Problem):
                errors.append(RowError(number, headers[column.key], parsed))
            else:
                values[column.key] = parsed
        rows.append(ParsedRow(number, values))
    return rows, errors, headers


def _parse_or_problem(column: Column, text: str):
    try:
        return parse_cell(column, text)
    except Problem as problem:
        return problem


def parse_cell(column: Column, text: str):
    """Return the value a (stripped) cell holds for column, or raise Problem saying why it cannot."""
    if not text:
        if column.required:
            raise Problem("value_required")
        return None
    return PARSERS[column.kind](column, text)


def _match_headers(headers: list[str], columns: tuple[Column, ...]) -> tuple[dict[str, int], dict[str, str]]:
    wanted = {}
    for column in columns:
        for name in (column.header, column.key, *column.aliases):
            wanted.setdefault(normalise_header(name), column.key)
    positions, written = {}, {c.key: c.header for c in columns}
    for index, header in enumerate(headers):
        key = wanted.get(normalise_header(header))
        if key is not None and key not in positions:
            positions[key] = index
            written[key] = header
    return positions, written


def _text(column: Column, text: str) -> str:
    return text


def _code(column: Column, text: str) -> str:
    code = lookup_code(column.codes, text)
    if code is None:
        raise Problem("unknown_code", value=text, list=LIST_NAMES[column.codes])
    return code


def _codes(column: Column, text: str) -> list[str]:
    found = [_code(column, part) for part in SEPARATORS.split(text) if part]
    if column.high is not None and len(found) > column.high:
        raise Problem("too_many_other_causes")
    return found


def _date(column: Column, text: str) -> date:
    for pattern in DATE_FORMATS:
        match = pattern.match(text.split(" ")[0])
        if match:
            try:
                return date(*(int(part) for part in match.groups()))
            except ValueError:
                break
    raise Problem("invalid_date", value=text)


def _integer(column: Column, text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise Problem("invalid_number", value=text) from None
    if column.low is not None and not column.low <= value <= column.high:
        raise Problem("value_out_of_range", value=value, low=column.low, high=column.high)
    return value


def _yes_no(column: Column, text: str) -> bool:
    folded = text.lower()
    if folded in YES:
        return True
    if folded in NO:
        return False
    raise Problem("invalid_yes_no", value=text)


def _id_number(column: Column, text: str) -> str:
    return parse_id_number(text).number


PARSERS = {"text": _text, "code": _code, "codes": _codes, "date": _date, "integer": _integer,
           "yes_no": _yes_no, "id_number": _id_number}
