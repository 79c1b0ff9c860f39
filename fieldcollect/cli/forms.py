"""`flask forms …`: publish XLSForms, list the published forms, open or close a form."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from fieldcollect.cli.output import committing
from fieldcollect.extensions import db
from fieldcollect.forms.build import build_many
from fieldcollect.forms.service import (
    STATES,
    category_name,
    list_current_versions,
    publish_form,
    set_form_state,
)
from fieldcollect.problems import Problem

forms_group = AppGroup("forms", help="Publish and manage the XLSForms phones fill in.")


def default_workbooks() -> list[Path]:
    """Return the project's workbooks: forms/xlsform/*.xlsx next to the fieldcollect package."""
    return sorted((Path(current_app.root_path).parent / "forms" / "xlsform").glob("*.xlsx"))


@forms_group.command("publish")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--no-validate", is_flag=True, help="Skip ODK Validate (faster; for trying a form out only).")
def publish_command(paths: tuple[Path, ...], no_validate: bool):
    """Build and publish XLSForms (default: every workbook in forms/xlsform/).

    Prints one line per form: form_id, version and published, unchanged or refused (with why).
    Exits with status 1 when any form was refused.
    """
    paths = paths or tuple(default_workbooks())
    if not paths:
        raise click.ClickException("no XLSForm given and none found in forms/xlsform/")
    sources = [(path.read_bytes(), path.name) for path in paths]
    # Validate all forms at once (one JVM each, in parallel); publish_form then reuses the builds.
    build_many(sources, validate=not no_validate)
    refused = sum(not _publish_one(source, name, not no_validate) for source, name in sources)
    if refused:
        raise SystemExit(1)


def _publish_one(source: bytes, filename: str, validate: bool) -> bool:
    try:
        result = publish_form(db.session, source, filename, validate=validate)
        db.session.commit()
    except Problem as problem:
        db.session.rollback()
        click.echo(f"{filename:24} {'-':12} refused: {problem.render()}")
        return False
    click.echo(f"{result.form_id:24} {result.version:12} {result.status}"
               f"  ({result.field_count} fields{_warnings(result.warnings)})")
    return True


def _warnings(warnings: list[str]) -> str:
    return f", {len(warnings)} warnings" if warnings else ""


@forms_group.command("list")
def list_command():
    """List every form with its current version, state and category."""
    versions = list_current_versions(db.session)
    if not versions:
        click.echo("no forms published yet: run `flask forms publish`")
        return
    for version in versions:
        form = version.form
        click.echo(f"{form.form_id:24} {version.version:12} {form.state:8} {category_name(form):8} "
                   f"{version.md5}  {version.title}")


@forms_group.command("set-state")
@click.argument("form_id")
@click.argument("state", type=click.Choice(STATES))
def set_state_command(form_id: str, state: str):
    """Open a form, or close it: closing (not listed, still accepting) or closed (refusing)."""
    with committing() as session:
        form = set_form_state(session, form_id, state)
    click.echo(f"{form.form_id} is now {form.state}")
