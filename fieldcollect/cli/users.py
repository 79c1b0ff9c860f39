"""`flask create-user`: add a user from the command line."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from fieldcollect.cli.output import committing
from fieldcollect.users.roles import Role
from fieldcollect.users.service import create_user


@click.command("create-user")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]), help="The user's role.")
@click.option("--region", "region_code", required=True, help="Home region: a 12-digit statistical code.")
@click.option("--password", help="The password; read from standard input when omitted.")
@click.option("--name", "display_name", default="", help="Name shown on pages (default: the username).")
@with_appcontext
def create_user_command(username, role, region_code, password, display_name):
    """Create a user with a role and a home region."""
    if password is None:
        password = _read_password()
    with committing() as session:
        user = create_user(session, username, password, role, region_code, display_name)
    click.echo(f"created user {user.username} ({user.role}, region {user.region_code})")


def _read_password() -> str:
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\n")
