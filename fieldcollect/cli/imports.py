"""`flask import households|pairings|users FILE [--dry-run]`: bulk-load the registry from spreadsheets.

Every row is checked first; with any error nothing is written and each (row, column, reason) is
printed, and the command exits 1 so that scripts notice.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from fieldcollect.extensions import db
from fieldcollect.imports.report import ImportReport
from fieldcollect.imports.service import IMPORTERS, run_import
from fieldcollect.problems import Problem


@click.group("import")
def import_group():
    """Import households, pairings or users from an .xlsx or .csv file."""


def _make_command(kind: str) -> click.Command:
    @click.command(kind, help=f"Import {kind} from FILE (.xlsx or .csv).")
    @click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option("--dry-run", is_flag=True, help="Check every row and report, without writing anything.")
    @with_appcontext
    def command(path: Path, dry_run: bool):
        try:
            report = run_import(db.session, kind, path.name, path.read_bytes(), dry_run)
        except Problem as problem:
            db.session.rollback()
            raise click.ClickException(problem.render()) from None
        if report.errors or dry_run:
            db.session.rollback()
        else:
            db.session.commit()
        _print(report)
        if report.errors:
            raise SystemExit(1)

    return command


def _print(report: ImportReport) -> None:
    if report.errors:
        click.echo(Problem("import_rejected", count=len(report.errors)).render(), err=True)
        for error in report.errors:
            click.echo(f"  第 {error.row} 行  {error.column}：{error.render()}", err=True)
        return
    prefix = "dry run: " if report.dry_run else ""
    details = "".join(f", {key} {value}" for key, value in report.details.items())
    click.echo(f"{prefix}{report.kind}: {report.rows} rows, {report.created} created, "
               f"{report.updated} updated, {report.unchanged} unchanged{details}")


for _kind in IMPORTERS:
    import_group.add_command(_make_command(_kind))
