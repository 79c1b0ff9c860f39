"""Settings: built-in defaults < TOML file < FIELDCOLLECT_* environment < the mapping given to create_app.

Every key lives in a lower-case table (see config.example.toml). Unknown tables or keys are
refused with a message naming the key and where it came from, because a typo in a config file
that silently does nothing is worse than a start-up error.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

ENV_PREFIX = "FIELDCOLLECT_"
ENVIRONMENTS = ("development", "testing", "production")

# Short environment names that the README and deployment docs use.
ENV_ALIASES = {
    "FIELDCOLLECT_DATABASE_URL": ("database", "url"),
    "FIELDCOLLECT_SECRET_KEY": ("security", "secret_key"),
    "FIELDCOLLECT_ENV": ("server", "env"),
}


class StartupError(Exception):
    """A problem that stops the application from starting; its message is one line for a person."""


@dataclass(frozen=True)
class ServerSettings:
    env: str = "production"
    base_url: str = ""
    timezone: str = "Asia/Shanghai"
    log_level: str = "INFO"
    log_format: str = "json"
    default_locale: str = "zh"
    proxy_count: int = 0  # reverse proxies in front that set X-Forwarded-*; 0 trusts none


@dataclass(frozen=True)
class DatabaseSettings:
    url: str = ""  # empty: a SQLite file under the instance folder
    echo: bool = False
    check_on_start: bool = True


@dataclass(frozen=True)
class SecuritySettings:
    secret_key: str = ""
    session_cookie_secure: bool = False
    login_attempts_per_minute: int = 10


@dataclass(frozen=True)
class OpenRosaSettings:
    max_submission_bytes: int = 10_000_000
    storage: str = "database"  # "database" or "files"
    storage_dir: str = ""  # for storage = "files"; empty: instance/submissions


@dataclass(frozen=True)
class RoundsSettings:
    deadline_day: int = 10
    lock_days: int = 30
    required_categories: tuple[str, ...] = (
        "basic", "income", "assistance", "industry", "medical", "housing", "training",
    )
    count_post_exit_monitoring: bool = False
    completion_weight: float = 0.7
    timeliness_weight: float = 0.3


@dataclass(frozen=True)
class PovertyLineSettings:
    # 国家扶贫标准 in current prices, yuan per person per year (国务院扶贫办公布).
    yuan_per_year: Mapping[str, int] = field(default_factory=lambda: {
        "2014": 2800, "2015": 2855, "2016": 2952, "2017": 3335, "2018": 3535,
        "2019": 3747, "2020": 4000,
    })


@dataclass(frozen=True)
class Settings:
    server: ServerSettings = field(default_factory=ServerSettings)
    database: DatabaseSettings = field(default_factory=DatabaseSettings)
    security: SecuritySettings = field(default_factory=SecuritySettings)
    openrosa: OpenRosaSettings = field(default_factory=OpenRosaSettings)
    rounds: RoundsSettings = field(default_factory=RoundsSettings)
    poverty_line: PovertyLineSettings = field(default_factory=PovertyLineSettings)

    @property
    def is_development(self) -> bool:
        return self.server.env == "development"


TABLES = {f.name: f.default_factory for f in fields(Settings)}


def load_settings(overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None,
                  config_path: str | os.PathLike | None = None) -> Settings:
    """Build the settings from defaults, the TOML file, the environment and overrides, in that order."""
    environ = os.environ if environ is None else environ
    layers: list[tuple[str, Mapping[str, Any]]] = []
    path = _config_file_path(environ, config_path)
    if path is not None:
        layers.append((str(path), _read_toml(path)))
    layers.append(("environment", _environment_layer(environ)))
    if overrides:
        layers.append(("create_app(config=…)", overrides))
    merged: dict[str, dict[str, Any]] = {name: {} for name in TABLES}
    for source, layer in layers:
        _merge_layer(merged, layer, source)
    settings = Settings(**{name: _build_table(name, values) for name, values in merged.items()})
    _check(settings)
    return settings


def _config_file_path(environ: Mapping[str, str], explicit) -> Path | None:
    if explicit is not None:
        return Path(explicit)
    named = environ.get("FIELDCOLLECT_CONFIG")
    if named:
        path = Path(named)
        if not path.is_file():
            raise StartupError(f"FIELDCOLLECT_CONFIG names {path}, which does not exist")
        return path
    local = Path("config.toml")
    return local if local.is_file() else None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise StartupError(f"{path} is not valid TOML: {error}") from None
    except OSError as error:
        raise StartupError(f"cannot read {path}: {error.strerror}") from None


def _environment_layer(environ: Mapping[str, str]) -> dict[str, dict[str, str]]:
    layer: dict[str, dict[str, str]] = {}
    for name, value in environ.items():
        if not name.startswith(ENV_PREFIX) or name == "FIELDCOLLECT_CONFIG":
            continue
        table, key = ENV_ALIASES.get(name) or _split_env_name(name)
        layer.setdefault(table, {})[key] = value
    return layer


def _split_env_name(name: str) -> tuple[str, str]:
    rest = name[len(ENV_PREFIX):].lower()
    for table in sorted(TABLES, key=len, reverse=True):
        if rest.startswith(table + "_"):
            return table, rest[len(table) + 1:]
    raise StartupError(f"environment variable {name} names no settings table "
                       f"(expected FIELDCOLLECT_<{'|'.join(t.upper() for t in TABLES)}>_<KEY>)")


def _merge_layer(merged: dict[str, dict[str, Any]], layer: Mapping[str, Any], source: str) -> None:
    for table, values in layer.items():
        if table not in TABLES:
            raise StartupError(f"unknown settings table [{table}] in {source}; "
                               f"known tables: {', '.join(TABLES)}")
        if not isinstance(values, Mapping):
            raise StartupError(f"[{table}] in {source} must be a table of keys")
        known = {f.name: f for f in fields(TABLES[table]())}
        for key, value in values.items():
            if key not in known:
                raise StartupError(f"unknown key '{key}' in [{table}] of {source}; "
                                   f"known keys: {', '.join(known)}")
            merged[table][key] = _coerce(value, known[key], f"[{table}] {key} in {source}")


def _coerce(value: Any, spec: dataclasses.Field, where: str) -> Any:
    default = spec.default if spec.default is not dataclasses.MISSING else spec.default_factory()
    if not isinstance(value, str) or isinstance(default, str):
        return _check_type(value, default, where)
    try:  # environment values arrive as strings
        if isinstance(default, bool):
            if value.lower() not in ("1", "0", "true", "false", "yes", "no", "on", "off"):
                raise ValueError(value)
            return value.lower() in ("1", "true", "yes", "on")
        if isinstance(default, int):
            return int(value)
        if isinstance(default, float):
            return float(value)
        if isinstance(default, tuple):
            return tuple(part.strip() for part in value.split(",") if part.strip())
    except ValueError:
        raise StartupError(f"{where}: cannot read {value!r} as {type(default).__name__}") from None
    raise StartupError(f"{where}: cannot be set from a string")


def _check_type(value: Any, default: Any, where: str) -> Any:
    if isinstance(default, tuple) and isinstance(value, list):
        return tuple(value)
    if isinstance(default, float) and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if isinstance(default, bool) != isinstance(value, bool) or not isinstance(value, type(default)):
        raise StartupError(f"{where}: expected {type(default).__name__}, got {value!r}")
    return value


def _build_table(name: str, values: dict[str, Any]):
    return TABLES[name](**values)


def _check(settings: Settings) -> None:
    if settings.server.env not in ENVIRONMENTS:
        raise StartupError(f"[server] env must be one of {', '.join(ENVIRONMENTS)}, "
                           f"not {settings.server.env!r}")
    if not settings.security.secret_key and settings.server.env == "production":
        raise StartupError("no secret key: set [security] secret_key in config.toml or "
                           "FIELDCOLLECT_SECRET_KEY (only development may run without one)")
    if settings.openrosa.storage not in ("database", "files"):
        raise StartupError(f"[openrosa] storage must be 'database' or 'files', "
                           f"not {settings.openrosa.storage!r}")
    if not 1 <= settings.rounds.deadline_day <= 28:
        raise StartupError("[rounds] deadline_day must be between 1 and 28")
