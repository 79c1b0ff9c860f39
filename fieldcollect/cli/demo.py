"""`flask seed-demo`: fill an empty database with demo data and print the logins."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from fieldcollect.cli.output import committing
from fieldcollect.demo.service import DEFAULT_PASSWORD, seed_demo


@click.command("seed-demo")
@click.option("--households", default=200, show_default=True, help="How many households to register.")
@click.option("--seed", default=2018, show_default=True, help="Random seed: the same seed gives the same data.")
@click.option("--password", default=DEFAULT_PASSWORD, show_default=True, help="Password for every demo login.")
@with_appcontext
def seed_demo_command(households, seed, password):
    """Create demo regions, households and users for every role."""
    with committing() as session:
        summary = seed_demo(session, households=households, seed=seed, password=password)
    click.echo(f"regions added: {summary.regions_added}")
    click.echo("demo logins (password: %s):" % password)
    for username, role, region in summary.logins:
        click.echo(f"  {username:<12} {role:<20} {region}")
