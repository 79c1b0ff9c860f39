"""Run a bulk import: read the file, check every row, and write only when nothing is wrong.

The same function serves `flask import …` and POST /api/v1/imports/<kind>. With any row error, or
with dry_run, nothing is written; the caller commits the session when the report says so.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from fieldcollect.imports.households import import_households
from fieldcollect.imports.pairings import import_pairings
from fieldcollect.imports.reader import read_sheet
from fieldcollect.imports.report import ImportReport
from fieldcollect.imports.users import import_users
from fieldcollect.problems import Problem
from fieldcollect.rounds.service import record_household_events

IMPORTERS = {"households": import_households, "pairings": import_pairings, "users": import_users}


def run_import(session: Session, kind: str, filename: str, data: bytes,
               dry_run: bool = False, today: date | None = None) -> ImportReport:
    """Import one file of the given kind (households, pairings or users) and return the report.

    Registrations, exits, returns and re-pairings it writes reach the open rounds as recorded events,
    exactly as when one household is edited, so a round's expected work follows the registry.
    """
    if kind not in IMPORTERS:
        raise Problem("not_found")
    sheet = read_sheet(filename, data)
    report = IMPORTERS[kind](session, sheet, dry_run)
    if report.written:
        record_household_events(session, report.household_events, today or date.today(), note="批量导入")
    return report
