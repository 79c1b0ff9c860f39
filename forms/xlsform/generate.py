"""Write the XLSForm workbooks (forms/xlsform/*.xlsx) from their readable sources in form_sources/.

The .py sources are what people edit and review; the .xlsx files are what pyxform, ODK tools and
the admin upload page read. Run after every change to a source, and commit both:

    .venv/bin/python forms/xlsform/generate.py            # rewrite every workbook
    .venv/bin/python forms/xlsform/generate.py --check    # exit 1 if a workbook differs from its source

The check compares cell values, not bytes: a zip archive stamps each file with the time it was
written, so two identical workbooks written a second apart differ byte for byte.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from form_sources import FORM_MODULES  # noqa: E402
from form_sources.choices import LISTS  # noqa: E402
from form_sources.parts import settings  # noqa: E402
from form_sources.rows import CHOICE_COLUMNS, SETTINGS_COLUMNS, SURVEY_COLUMNS  # noqa: E402

from fieldcollect.forms.categories import BY_CODE  # noqa: E402

Sheets = dict[str, list[list[str]]]
FIXED_TIME = datetime(2018, 2, 27)  # the regulation's date; keeps the document properties stable


def form_sheets(module_name: str) -> Sheets:
    """Return the survey, choices and settings sheets of one form, as rows of cell strings."""
    source = importlib.import_module(f"form_sources.{module_name}")
    survey = source.SURVEY
    _check_names(module_name, survey)
    choices = [(name, *choice) for name in used_lists(survey) for choice in LISTS[name]]
    settings_row = settings(BY_CODE[source.CATEGORY], source.VERSION)
    return {
        "survey": _table(SURVEY_COLUMNS, survey),
        "choices": [list(CHOICE_COLUMNS), *[list(row) for row in choices]],
        "settings": _table(SETTINGS_COLUMNS, [settings_row]),
    }


def used_lists(survey: list[dict]) -> list[str]:
    """Return the choice lists the survey's select questions name, in first-use order."""
    names: list[str] = []
    for row in survey:
        words = row["type"].split()
        if words[0] in ("select_one", "select_multiple") and len(words) == 2:
            if words[1] not in LISTS:
                raise KeyError(f"{row['name']}: no choice list {words[1]!r} in form_sources/choices.py")
            if words[1] not in names:
                names.append(words[1])
    return names


def _check_names(module_name: str, survey: list[dict]) -> None:
    seen: set[str] = set()
    for row in survey:
        if row["type"].startswith("end_"):
            continue
        if row["name"] in seen:
            raise ValueError(f"{module_name}: the name {row['name']!r} is used twice")
        seen.add(row["name"])


def _table(all_columns: tuple[str, ...], rows: list[dict]) -> list[list[str]]:
    columns = [column for column in all_columns if any(column in row for row in rows)]
    return [columns, *[[row.get(column, "") for column in columns] for row in rows]]


def write_workbook(sheets: Sheets, path: Path) -> None:
    """Write the sheets to an .xlsx workbook at path."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
        _format(sheet)
    workbook.properties.creator = "forms/xlsform/generate.py"
    workbook.properties.created = workbook.properties.modified = FIXED_TIME
    workbook.save(path)


def _format(sheet) -> None:
    # For people who open the workbook: bold frozen header, readable column widths.
    sheet.freeze_panes = "C2" if sheet.title == "survey" else "A2"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column in sheet.columns:
        longest = max(len(str(cell.value or "")) for cell in column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(10, longest * 1.2), 60)


def read_sheets(path: Path) -> Sheets:
    """Return the cell values of every sheet of a workbook, empty cells as ""."""
    workbook = load_workbook(path, read_only=True)
    try:
        return {sheet.title: [["" if value is None else str(value) for value in row]
                              for row in sheet.iter_rows(values_only=True)]
                for sheet in workbook.worksheets}
    finally:
        workbook.close()


def workbook_path(module_name: str) -> Path:
    """Return where the workbook of a form source lives."""
    return HERE / f"{module_name}.xlsx"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write forms/xlsform/*.xlsx from form_sources/.")
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 when a workbook is stale")
    args = parser.parse_args(argv)
    stale = []
    for module_name in FORM_MODULES:
        sheets, path = form_sheets(module_name), workbook_path(module_name)
        if args.check:
            if not path.exists() or read_sheets(path) != sheets:
                stale.append(path.name)
            continue
        write_workbook(sheets, path)
        print(f"wrote {path.relative_to(HERE.parent.parent)}")
    if stale:
        print("stale (run forms/xlsform/generate.py): " + ", ".join(stale), file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
