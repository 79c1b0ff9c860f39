"""`flask phone-settings USERNAME`, `flask phones issue-token|revoke USERNAME`: phone set-up by script."""

from __future__ import annotations

import json

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from fieldcollect.cli.output import committing
from fieldcollect.phones.service import issue_token, phone_server_url, phone_settings, revoke_tokens
from fieldcollect.phones.settings import encode_settings
from fieldcollect.users.service import get_user_by_username

SERVER_URL_HELP = "The server's public URL as phones reach it (default: [server] base_url)."


@click.command("phone-settings")
@click.argument("username")
@click.option("--server-url", help=SERVER_URL_HELP)
@click.option("--encoded", is_flag=True, help="Print the QR payload (base64 of zlib'd JSON) instead of JSON.")
@with_appcontext
def phone_settings_command(username, server_url, encoded):
    """Print the ODK Collect settings for USERNAME's phone (issuing a key if they have none)."""
    base = _server_url(server_url)
    with committing() as session:
        settings = phone_settings(session, _user(session, username), base)
    click.echo(encode_settings(settings) if encoded else json.dumps(settings, ensure_ascii=False, indent=2))


phones_group = AppGroup("phones", help="Manage the keys phones use to reach the server.")


@phones_group.command("issue-token")
@click.argument("username")
@click.option("--server-url", help=SERVER_URL_HELP)
def issue_token_command(username, server_url):
    """Give USERNAME a new phone key (revoking the old one) and print the phone's server URL."""
    base = _server_url(server_url)
    with committing() as session:
        key = issue_token(session, _user(session, username))
    click.echo(phone_server_url(base, key.token))


@phones_group.command("revoke")
@click.argument("username")
def revoke_command(username):
    """Revoke every phone key of USERNAME; their phones are refused until set up again."""
    with committing() as session:
        count = revoke_tokens(session, _user(session, username))
    click.echo(f"revoked {count} key(s) of {username}")


def _user(session, username: str):
    user = get_user_by_username(session, username)
    if user is None:
        raise click.ClickException(f"no user named {username!r}")
    return user


def _server_url(option: str | None) -> str:
    url = option or current_app.config["SETTINGS"].server.base_url
    if not url:
        raise click.ClickException("no server URL: pass --server-url or set [server] base_url")
    return url
