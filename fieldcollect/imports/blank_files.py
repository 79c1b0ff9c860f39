"""Blank import files: the header row each import kind expects, for a clerk to fill in.

The headers are the national export's Chinese ones, taken from the same column definitions the
imports match against, so a blank file can never drift from what the import reads.
"""

from __future__ import annotations

import csv
import io

from fieldcollect.imports.columns import Column
from fieldcollect.imports.household_columns import COLUMNS as HOUSEHOLD_COLUMNS
from fieldcollect.imports.pairings import COLUMNS as PAIRING_COLUMNS
from fieldcollect.imports.users import COLUMNS as USER_COLUMNS
from fieldcollect.problems import Problem

COLUMNS_BY_KIND: dict[str, tuple[Column, ...]] = {
    "households": HOUSEHOLD_COLUMNS, "pairings": PAIRING_COLUMNS, "users": USER_COLUMNS}


def blank_csv(kind: str) -> bytes:
    """Return a CSV holding only the header row of the given import kind."""
    if kind not in COLUMNS_BY_KIND:
        raise Problem("not_found")
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(column.header for column in COLUMNS_BY_KIND[kind])
    # The BOM makes Excel open the file as UTF-8 instead of the system's GB18030.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def required_headers(kind: str) -> list[str]:
    """Return the headers a file of the given kind must have."""
    return [column.header for column in COLUMNS_BY_KIND.get(kind, ()) if column.required]
