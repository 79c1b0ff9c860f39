"""A table to export: a sheet name, Chinese headers, and rows produced lazily."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Table:
    name: str  # the sheet's title (at most 31 characters in Excel)
    headers: list[str]
    rows: Iterable[list[Any]]  # consumed once, row by row, so millions of rows never sit in memory


def concatenate(tables: list[Table], name: str) -> Table:
    """Return one table holding the rows of tables that share their headers, in order."""
    return Table(name, tables[0].headers, (row for table in tables for row in table.rows))
