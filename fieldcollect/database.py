"""Database URL defaults and engine set-up for the two supported engines: SQLite and PostgreSQL.

SQLite is the embedded default (a file under instance/), run in WAL mode with foreign keys on so
that it enforces what PostgreSQL enforces. PostgreSQL is reached through psycopg 3.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from fieldcollect.config import StartupError

SUPPORTED_DRIVERS = ("sqlite", "postgresql+psycopg")


def resolve_database_url(url: str, instance_path: str) -> str:
    """Return the database URL to use, defaulting to a SQLite file under the instance folder."""
    if not url:
        Path(instance_path).mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{Path(instance_path) / 'fieldcollect.db'}"
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StartupError(f"database url {url!r} is not a URL; expected e.g. "
                           "postgresql+psycopg://user@127.0.0.1:5432/fieldcollect or sqlite:///path.db") from None
    if parsed.drivername == "postgresql":  # psycopg 3 is the only PostgreSQL driver we install
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.drivername not in SUPPORTED_DRIVERS:
        raise StartupError(f"database url uses {parsed.drivername!r}; supported: "
                           f"{', '.join(SUPPORTED_DRIVERS)}")
    return parsed.render_as_string(hide_password=False)


def engine_options(url: str) -> dict:
    """Return create_engine options suited to the engine behind url."""
    if url.startswith("sqlite"):
        # The receiver writes from several request threads; wait for the writer rather than fail.
        return {"connect_args": {"timeout": 30, "check_same_thread": False}}
    return {"pool_pre_ping": True, "pool_size": 10, "max_overflow": 10}


def configure_engine(engine: Engine) -> None:
    """Turn on the SQLite pragmas that make it behave like the production engine."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def check_reachable(engine: Engine) -> None:
    """Raise StartupError with one clear line if the database cannot be reached."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        where = engine.url.render_as_string(hide_password=True)
        reason = str(getattr(error, "orig", error)).strip().splitlines()[0]
        raise StartupError(f"cannot reach the database at {where}: {reason}") from None
