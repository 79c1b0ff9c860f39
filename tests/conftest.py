"""Shared fixtures: a fresh app per test on SQLite, or on PostgreSQL when TEST_DATABASE_URL is set.

Isolation: on SQLite every test gets its own copy of a database file that was created once; on
PostgreSQL the schema is created once per run and every table is truncated after each test.
Both commit for real, so tests may use threads and live servers (a rolled-back outer
transaction would hide data from them).
"""

from __future__ import annotations

import os
import shutil

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from fieldcollect import create_app
from fieldcollect.extensions import db

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")
ON_POSTGRES = TEST_DATABASE_URL.startswith("postgresql")


def base_config(database_url: str, **tables) -> dict:
    """Return the create_app mapping for a test app on database_url, with extra tables merged in."""
    config = {
        "server": {"env": "testing", "log_format": "text", "log_level": "WARNING"},
        "database": {"url": database_url},
        "security": {"secret_key": "test-secret-key"},
    }
    for table, values in tables.items():
        config.setdefault(table, {}).update(values)
    return config


def _worker_database_url() -> str:
    """Give each pytest-xdist worker its own PostgreSQL database so workers never share tables."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return TEST_DATABASE_URL
    url = make_url(TEST_DATABASE_URL)
    name = f"{url.database}_{worker}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch):
    """Hash with Argon2 at its lowest cost: the same code path at a fraction of the CPU (tests only)."""
    from argon2 import PasswordHasher

    from fieldcollect.users import passwords

    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture(scope="session")
def database_template(tmp_path_factory):
    """Create the schema once: a SQLite template file, or the tables in the PostgreSQL database."""
    if ON_POSTGRES:
        url = _worker_database_url()
        app = create_app(base_config(url))
        with app.app_context():
            db.drop_all()
            db.create_all()
            db.engine.dispose()
        return url
    template = tmp_path_factory.mktemp("template") / "template.db"
    app = create_app(base_config(f"sqlite:///{template}"))
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    return template


@pytest.fixture
def database_url(database_template, tmp_path):
    """Yield a database URL with an empty schema that only this test uses."""
    if ON_POSTGRES:
        yield database_template
        _truncate_all(database_template)
        return
    target = tmp_path / "test.db"
    shutil.copyfile(database_template, target)
    yield f"sqlite:///{target}"


def _truncate_all(url: str) -> None:
    engine = create_engine(url)
    names = ", ".join(f'"{table.name}"' for table in db.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture
def app_config(database_url, tmp_path):
    """The mapping the test app is built from; override to change settings for a module."""
    return base_config(database_url, openrosa={"storage_dir": str(tmp_path / "submissions")})


@pytest.fixture
def app(app_config):
    """A fresh application, with an app context pushed for the test's duration."""
    application = create_app(app_config)
    with application.app_context():
        yield application
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def db_session(app):
    """The application's database session (real commits; the database is reset after the test)."""
    return db.session


@pytest.fixture
def client(app):
    """A test client for the app."""
    return app.test_client()


# --- users who sign in (web) ---------------------------------------------------------------
TEST_PASSWORD = "test-password-1"
TEST_VILLAGE = "150602100201"  # a fictional 嘎查村 under 泊尔江海子镇 (the official list stops at townships)
DEFAULT_REGIONS = {"cadre": TEST_VILLAGE, "village_team": TEST_VILLAGE,
                   "township_supervisor": "150602100000", "banner_supervisor": "150602000000",
                   "city_supervisor": "150600000000", "admin": "150600000000"}
_user_numbers = iter(range(1, 1_000_000))  # distinct default user names within a run


def create_test_user(role: str, region: str | None = None, username: str | None = None,
                     password: str = TEST_PASSWORD, display_name: str = ""):
    """Create and commit a user (and the official regions plus TEST_VILLAGE if missing); return it."""
    from fieldcollect.regions.models import Region
    from fieldcollect.regions.service import load_official_regions
    from fieldcollect.users.service import create_user

    load_official_regions(db.session)
    if db.session.get(Region, TEST_VILLAGE) is None:
        db.session.add(Region(code=TEST_VILLAGE, name="测试嘎查", level="village",
                              parent_code="150602100000"))
    user = create_user(db.session, username or f"{role}-{next(_user_numbers)}", password, role,
                       region or DEFAULT_REGIONS[role], display_name)
    db.session.commit()
    return user


@pytest.fixture
def login_as(app, client):
    """Return login_as(role, region=None, *, username=None, client=None) -> User: create a user, sign in.

    The session cookie is set directly (no password round trip); tests of signing in itself
    go through the login page instead.
    """
    from flask import g

    def sign_in(role: str, region: str | None = None, *, username: str | None = None, client=client):
        user = create_test_user(role, region, username)
        with client.session_transaction() as session:
            session["_user_id"] = str(user.id)
            session["_fresh"] = True
        # Requests share the test's app context and so its g, where flask-login caches the user.
        g.pop("_login_user", None)
        return user

    return sign_in


@pytest.fixture
def round_scene(app, monkeypatch):
    """The round pages' scene (tests/integration/round_pages_support.py), with their clock on its day."""
    from tests.integration.round_pages_support import build_round_scene, set_today

    set_today(monkeypatch)
    return build_round_scene()
