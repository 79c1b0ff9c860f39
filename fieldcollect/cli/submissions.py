"""`flask submissions reprocess`: run stored submissions through validation and merge again."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from fieldcollect.extensions import db
from fieldcollect.submissions.service import Selection, replay_all, reprocess_versions
from fieldcollect.submissions.storage import open_store

submissions_group = AppGroup("submissions", help="Work with stored submissions.")


@submissions_group.command("reprocess")
@click.option("--all", "include_processed", is_flag=True,
              help="Also replay versions that were processed already (after processing changed).")
@click.option("--form", "form_id", help="Only submissions of this form_id (e.g. fp_income).")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Only versions received on or after this day (YYYY-MM-DD).")
@click.option("--instance", "instance_id", help="Only the submission with this instanceID.")
@click.option("--from-scratch", is_flag=True,
              help="Drop every household timeline and replay every stored version (ignores the filters).")
def reprocess_command(include_processed, form_id, since, instance_id, from_scratch):
    """Replay stored raw submissions through validation and the merge into household timelines.

    Without options only versions whose processing failed or never ran are replayed; a filter
    (--form, --since, --instance) selects processed versions too.
    """
    settings = current_app.config["SETTINGS"]
    store = open_store(settings.openrosa, current_app.instance_path)
    if from_scratch:
        done, failed = replay_all(db.session, store, settings)
    else:
        filtered = bool(form_id or since or instance_id)
        selection = Selection(include_processed=include_processed or filtered, form_id=form_id,
                              since=since.date() if since else None, instance_id=instance_id)
        done, failed = reprocess_versions(db.session, store, selection=selection, settings=settings)
    click.echo(f"processed {done}, failed {failed}")
    if failed:
        raise SystemExit(1)
