"""Exports: tables written as XLSX workbooks (one sheet per table) or CSV with a UTF-8 BOM, streamed."""
