"""How commands report catalogued problems: one line on stderr and a non-zero exit."""

from __future__ import annotations

from contextlib import contextmanager

import click

from fieldcollect.extensions import db
from fieldcollect.problems import Problem


@contextmanager
def committing():
    """Commit the session on success; on a Problem roll back and exit with its message."""
    try:
        yield db.session
        db.session.commit()
    except Problem as problem:
        db.session.rollback()
        raise click.ClickException(problem.render()) from None
