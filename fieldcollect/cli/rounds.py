"""`flask rounds …`: open a round, show its progress, record registry events, admit late submissions."""

from __future__ import annotations

from datetime import date, datetime

import click
from flask import current_app
from flask.cli import AppGroup

from fieldcollect.access.scope import household_scope
from fieldcollect.cli.output import committing
from fieldcollect.extensions import db
from fieldcollect.households.service import get_household_by_code
from fieldcollect.problems import Problem
from fieldcollect.regions.service import get_region
from fieldcollect.rounds.calendar import local_today
from fieldcollect.rounds.progress import rebuild_progress
from fieldcollect.rounds.rollups import region_progress
from fieldcollect.rounds.service import (
    HOUSEHOLD_EVENTS,
    admit_submission,
    count_expected,
    ensure_round,
    get_round,
    list_rounds,
    may_admit,
    open_round_record,
    parse_round,
    record_household_event,
)
from fieldcollect.users.service import get_user_by_username

rounds_group = AppGroup("rounds", help="Quarterly rounds: open, progress, events, admissions.")
CITY = "150600000000"


def _today() -> date:
    return local_today(current_app.config["SETTINGS"].server.timezone)


def _day(value: datetime | None) -> date:
    return value.date() if value else _today()


DAY = click.DateTime(formats=["%Y-%m-%d"])


@rounds_group.command("list")
def list_command():
    """List the opened rounds and the one being collected today."""
    for info in list_rounds(db.session, current_app.config["SETTINGS"].rounds, _today()):
        flags = [word for word, on in (("open", info.is_open), ("locked", info.is_locked),
                                       ("opened", info.record is not None)) if on]
        click.echo(f"{info.round}  deadline {info.deadline}  locks {info.lock_date}  {' '.join(flags)}")


@rounds_group.command("open")
@click.argument("name")
@click.option("--on", "on", type=DAY, help="The day it opens (default today); decides the cadres at first.")
def open_command(name, on):
    """Open a round: snapshot its rules and write its expected work (e.g. `flask rounds open 2018Q1`)."""
    settings = current_app.config["SETTINGS"]
    with committing() as session:
        record = open_round_record(session, parse_round(name), settings.rounds, settings.server.timezone,
                                   _day(on))
        households = count_expected(session, record)
    click.echo(f"opened {record.name}: {households} households expected, deadline {record.deadline}, "
               f"locks {record.lock_date}")


@rounds_group.command("refresh")
@click.argument("name")
def refresh_command(name):
    """Recompute a round's progress from its expectations and the timeline entries."""
    with committing() as session:
        record = get_round(session, str(parse_round(name)))
        if record is None:
            raise Problem("not_found")
        households = rebuild_progress(session, record)
    click.echo(f"{record.name}: progress recomputed for {households} households")


@rounds_group.command("progress")
@click.argument("name")
@click.option("--region", "region_code", default=CITY, show_default=True, help="Region code.")
def progress_command(name, region_code):
    """Print a round's figures for a region and each of its children."""
    settings = current_app.config["SETTINGS"]
    with committing() as session:
        record = ensure_round(session, parse_round(name), settings.rounds, settings.server.timezone, _today())
        region = get_region(session, region_code)
        if region is None:
            raise Problem("unknown_region", code=region_code)
        progress = region_progress(session, record, region, None)
    click.echo(f"{'':14}{'expected':>9}{'complete':>9}{'on time':>9}{'late':>7}{'missing':>9}{'conflict':>9}")
    for label, figures in [(region.name, progress.figures)] + [(c.name, f) for c, f in progress.children]:
        click.echo(f"{label[:12]:14}{figures.expected:9}{figures.complete:9}{figures.on_time:9}"
                   f"{figures.late:7}{figures.missing:9}{figures.conflict:9}")


@rounds_group.command("event")
@click.argument("household_code")
@click.argument("kind", type=click.Choice(HOUSEHOLD_EVENTS))
@click.option("--on", "on", type=DAY, help="When it happened (default today).")
@click.option("--note", default="", help="Why, for the record.")
def event_command(household_code, kind, on, note):
    """Record a registration, exit, return or re-pairing and apply it to every unlocked round."""
    with committing() as session:
        household = get_household_by_code(session, household_code)
        if household is None:
            raise Problem("unknown_household", household_code=household_code)
        events = record_household_event(session, household.id, kind, _day(on), _today(), note=note)
    if not events:
        click.echo("no unlocked round changed")
    for event in events:
        click.echo(f"{event.round_name}: {event.detail['before']} -> {event.detail['after']}")


@rounds_group.command("admit")
@click.argument("name")
@click.argument("instance_id")
@click.option("--by", "username", required=True, help="The supervisor who admits it (their scope applies).")
@click.option("--note", default="", help="Why it is admitted.")
def admit_command(name, instance_id, username, note):
    """Count a submission that arrived after its round locked (a supervisor's decision, recorded)."""
    with committing() as session:
        user = get_user_by_username(session, username)
        if user is None or not may_admit(user):
            raise Problem("forbidden")
        record = get_round(session, str(parse_round(name)))
        if record is None:
            raise Problem("not_found")
        admit_submission(session, record, instance_id, household_scope(user), user.id, _today(), note)
    click.echo(f"{instance_id} admitted into {name} by {username}")
