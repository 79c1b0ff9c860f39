"""Flask CLI commands (`flask --app app …`): thin wrappers that call one service function each."""

from __future__ import annotations

from flask import Flask


def register_commands(app: Flask) -> None:
    """Attach every fieldcollect command to app.cli."""
    from fieldcollect.cli import demo, forms, imports, phones, rounds, submissions, users

    app.cli.add_command(users.create_user_command)
    app.cli.add_command(demo.seed_demo_command)
    app.cli.add_command(imports.import_group)
    app.cli.add_command(phones.phone_settings_command)
    app.cli.add_command(phones.phones_group)
    app.cli.add_command(submissions.submissions_group)
    app.cli.add_command(forms.forms_group)
    app.cli.add_command(rounds.rounds_group)
