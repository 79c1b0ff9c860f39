"""`flask seed-demo`: fill an empty database with demo data and print the logins."""

from __future__ import annotations

import time

import click
from flask.cli import with_appcontext
from sqlalchemy import exists, select

from fieldcollect.cli.output import committing
from fieldcollect.demo.service import DEFAULT_PASSWORD, seed_demo
from fieldcollect.extensions import db
from fieldcollect.submissions.models import Submission


@click.command("seed-demo")
@click.option("--households", default=200, show_default=True, help="How many households to register.")
@click.option("--seed", default=2018, show_default=True,
              help="Random seed: the same seed gives the same data.")
@click.option("--password", default=DEFAULT_PASSWORD, show_default=True,
              help="Password for every demo login.")
@click.option("--rounds", "rounds", default=0, show_default=True,
              help="Simulate this many past quarterly rounds of field work through the receiver.")
@with_appcontext
def seed_demo_command(households, seed, password, rounds):
    """Create demo regions, households, cadres and users for every role."""
    started = time.perf_counter()
    with committing() as session:
        summary = seed_demo(session, households=households, seed=seed, password=password)
    click.echo(f"regions added: {summary.regions_added}")
    click.echo(f"households added: {summary.households_added} (members {summary.members_added}, "
               f"cadres {summary.cadres_added}, pairings {summary.pairings_added}) "
               f"in {time.perf_counter() - started:.1f} s")
    click.echo(f"demo logins (password: {password}):")
    for username, role, region in summary.logins:
        click.echo(f"  {username:<12} {role:<20} {region}")
    for pattern, role, count in summary.login_patterns:
        click.echo(f"  {pattern:<24} {role:<20} ({count} logins)")
    if rounds and _has_submissions():
        click.echo("demo rounds skipped: the database already holds submissions")
    elif rounds:
        _simulate_rounds(rounds, seed)


def _has_submissions() -> bool:
    """Whether field work is already stored, so that running `make run` again does not resend it."""
    return bool(db.session.scalar(select(exists().where(Submission.id.isnot(None)))))


def _simulate_rounds(rounds: int, seed: int) -> None:
    from flask import current_app

    from fieldcollect.demo.rounds import simulate_rounds
    from fieldcollect.submissions.storage import open_store

    started = time.perf_counter()
    settings = current_app.config["SETTINGS"]
    with committing() as session:
        work = simulate_rounds(session, open_store(settings.openrosa, current_app.instance_path), settings,
                               rounds, seed)
    click.echo(f"rounds {', '.join(work.rounds)}: {work.sent} submissions sent ({work.rejected} rejected), "
               f"households per pattern {work.patterns}, in {time.perf_counter() - started:.1f} s")
