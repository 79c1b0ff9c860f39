"""Write a table as CSV text with a UTF-8 byte order mark, which Excel needs to show Chinese correctly."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

BOM = "\ufeff"
CSV_MIMETYPE = "text/csv; charset=utf-8"


def csv_chunks(table, rows_per_chunk: int = 500) -> Iterator[bytes]:
    """Yield the table as UTF-8 CSV bytes (BOM first, CRLF line ends), a few hundred rows at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write(BOM)
    writer.writerow(table.headers)
    for count, row in enumerate(table.rows, start=1):
        writer.writerow(["" if value is None else value for value in row])
        if count % rows_per_chunk == 0:
            yield _drain(buffer)
    yield _drain(buffer)


def _drain(buffer: io.StringIO) -> bytes:
    data = buffer.getvalue().encode("utf-8")
    buffer.seek(0)
    buffer.truncate()
    return data
