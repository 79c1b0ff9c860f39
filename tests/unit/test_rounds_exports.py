"""Export writers: CSV with a UTF-8 BOM and CRLF, XLSX in write-only mode with one sheet per table."""

import io

from openpyxl import load_workbook

from fieldcollect.exports.csvfile import csv_chunks
from fieldcollect.exports.tables import Table, concatenate
from fieldcollect.exports.xlsx import write_workbook


def rows(count):
    return ([f"村{n}", n, None] for n in range(count))


def test_csv_starts_with_a_bom_and_streams_in_chunks():
    chunks = list(csv_chunks(Table("t", ["名称", "数量", "备注"], rows(1200)), rows_per_chunk=500))
    assert len(chunks) == 3  # 500 rows, 500 more, then the last 200
    data = b"".join(chunks)
    assert data.startswith("\ufeff名称,数量,备注\r\n".encode())
    assert data.decode("utf-8-sig").splitlines()[1200] == "村1199,1199,"


def test_workbook_has_one_sheet_per_table_with_bold_headers():
    out = io.BytesIO()
    long_name = "一个很长很长很长很长很长很长很长很长很长很长很长的表名"
    write_workbook([Table("市", ["名称"], [["鄂尔多斯市"]]), Table(long_name, ["a"], [])], out)
    workbook = load_workbook(io.BytesIO(out.getvalue()))
    assert workbook.sheetnames[0] == "市" and len(workbook.sheetnames[1]) <= 31
    assert workbook["市"]["A1"].font.bold and workbook["市"]["A2"].value == "鄂尔多斯市"


def test_concatenate_keeps_order_and_headers():
    table = concatenate([Table("a", ["x"], [[1], [2]]), Table("b", ["x"], [[3]])], "all")
    assert (table.name, table.headers, list(table.rows)) == ("all", ["x"], [[1], [2], [3]])
