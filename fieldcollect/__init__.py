"""fieldcollect: field data collection for 建档立卡贫困人口精准动态管理.

create_app is the only wiring point: it loads the settings, binds the extensions, registers the
blueprints for each audience (phones, programs, people) and the CLI commands.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from fieldcollect.config import Settings, StartupError, load_settings
from fieldcollect.database import check_reachable, configure_engine, engine_options, resolve_database_url
from fieldcollect.extensions import babel, csrf, db, login_manager, migrate
from fieldcollect.logs import configure_logging

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"

__all__ = ["create_app", "StartupError"]


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the application from settings (defaults < TOML < environment < config)."""
    settings = load_settings(config)
    app = Flask(__name__, instance_relative_config=True)
    _apply_settings(app, settings)
    _trust_proxies(app, settings.server.proxy_count)
    configure_logging(app, settings.server.log_level, settings.server.log_format)
    _init_extensions(app, settings)
    _register_blueprints(app)
    _register_commands(app)
    return app


def _apply_settings(app: Flask, settings: Settings) -> None:
    # Flask only reads upper-case keys; the typed settings object stays the source of truth.
    app.config["SETTINGS"] = settings
    app.config["SECRET_KEY"] = settings.security.secret_key or "development-only-secret"
    app.config["TESTING"] = settings.server.env == "testing"
    app.config["SQLALCHEMY_DATABASE_URI"] = resolve_database_url(settings.database.url, app.instance_path)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(app.config["SQLALCHEMY_DATABASE_URI"])
    app.config["SQLALCHEMY_ECHO"] = settings.database.echo
    app.config["SESSION_COOKIE_SECURE"] = settings.security.session_cookie_secure
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.config["BABEL_DEFAULT_LOCALE"] = settings.server.default_locale
    app.config["BABEL_DEFAULT_TIMEZONE"] = settings.server.timezone
    app.config["JSON_AS_ASCII"] = False
    app.json.ensure_ascii = False  # Chinese stays readable in JSON responses


def _trust_proxies(app: Flask, count: int) -> None:
    # Only headers set by our own proxies may change the client address, scheme or host: trusting
    # them from anyone would let a client dodge login throttling or fake https for Basic auth.
    if count:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count, x_prefix=count)


def _init_extensions(app: Flask, settings: Settings) -> None:
    from fieldcollect import models  # noqa: F401  (every table registered before migrations look)
    from fieldcollect.web.i18n import select_locale

    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True, compare_type=True)
    login_manager.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    csrf.init_app(app)
    with app.app_context():
        configure_engine(db.engine)
        if settings.database.check_on_start:
            check_reachable(db.engine)


def _register_blueprints(app: Flask) -> None:
    from fieldcollect.api import blueprint as api_blueprint
    from fieldcollect.health import blueprint as health_blueprint
    from fieldcollect.sync import blueprint as sync_blueprint
    from fieldcollect.web import register_web

    app.register_blueprint(health_blueprint)
    app.register_blueprint(api_blueprint)
    app.register_blueprint(sync_blueprint)
    register_web(app)


def _register_commands(app: Flask) -> None:
    from fieldcollect.cli import register_commands

    register_commands(app)
