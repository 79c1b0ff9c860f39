"""Flask CLI commands (`flask --app app …`): thin wrappers that call one service function each."""

from __future__ import annotations

from flask import Flask


def register_commands(app: Flask) -> None:
    """Attach every fieldcollect command to app.cli."""
    from fieldcollect.cli import demo, users

    app.cli.add_command(users.create_user_command)
    app.cli.add_command(demo.seed_demo_command)
