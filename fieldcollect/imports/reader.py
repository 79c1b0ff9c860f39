"""Read an uploaded .xlsx or .csv file into a header and numbered rows of text cells.

Row numbers are the spreadsheet's own (the header is row 1), so an error can point a clerk at the
exact line in Excel. CSV is read as UTF-8 (with or without the BOM Excel writes) and falls back to
GB18030, the encoding a Chinese Excel uses when it saves "CSV".
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime

from openpyxl import load_workbook

from fieldcollect.problems import Problem


@dataclass(frozen=True)
class Sheet:
    headers: list[str]
    rows: list[tuple[int, list[str]]]  # (spreadsheet row number, cells as text)


def read_sheet(filename: str, data: bytes) -> Sheet:
    """Return the first sheet of an .xlsx or .csv file, with every cell as stripped text."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        table = _xlsx_rows(data)
    elif name.endswith(".csv"):
        table = _csv_rows(data)
    else:
        raise Problem("import_format")
    numbered = [(number, [_text(cell) for cell in row]) for number, row in enumerate(table, start=1)]
    if not numbered:
        raise Problem("import_empty")
    headers = numbered[0][1]
    rows = [(number, cells) for number, cells in numbered[1:] if any(cells)]
    if not rows:
        raise Problem("import_empty")
    return Sheet(headers, rows)


def _xlsx_rows(data: bytes) -> list[tuple]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise Problem("import_unreadable", detail=type(error).__name__) from None
    try:
        return list(workbook.worksheets[0].iter_rows(values_only=True))
    finally:
        workbook.close()


def _csv_rows(data: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise Problem("import_unreadable", detail="encoding")
    return list(csv.reader(io.StringIO(text, newline="")))


def _text(cell) -> str:
    if type(cell) is str:
        return cell.strip()
    if cell is None:
        return ""
    if isinstance(cell, datetime):
        return cell.date().isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))  # Excel stores codes typed as numbers as floats
    return str(cell).strip()
