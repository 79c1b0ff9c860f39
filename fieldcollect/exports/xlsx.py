"""Write tables as an XLSX workbook with openpyxl's write-only mode, one sheet per table.

Write-only mode keeps no cells in memory: each row goes to the sheet's temporary XML as it is
appended, so a 100,000-household sheet costs the same memory as a ten-row one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

BOLD = Font(bold=True)
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def write_workbook(tables: Iterable, out: BinaryIO) -> None:
    """Write each table as a sheet (bold header row, frozen) of a workbook saved to out."""
    workbook = Workbook(write_only=True)
    for table in tables:
        sheet = workbook.create_sheet(title=table.name[:31])
        sheet.freeze_panes = "A2"
        sheet.append([_bold(sheet, header) for header in table.headers])
        for row in table.rows:
            sheet.append(row)
    workbook.save(out)


def _bold(sheet, value: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = BOLD
    return cell
