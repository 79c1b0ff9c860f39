"""Start-up problems stop the app with one clear line; the CLI and WSGI entry points work."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from fieldcollect import StartupError, create_app
from tests.conftest import base_config

ROOT = Path(__file__).resolve().parents[2]


def test_bad_database_url_is_one_clear_line():
    with pytest.raises(StartupError, match="is not a URL"):
        create_app(base_config("not a url"))


def test_unsupported_driver_is_refused():
    with pytest.raises(StartupError, match="supported: sqlite, postgresql"):
        create_app(base_config("mysql://root@127.0.0.1/test"))


def test_unreachable_database_is_one_clear_line():
    # Port 9 (discard) has no PostgreSQL behind it on any machine we run on.
    with pytest.raises(StartupError, match=r"cannot reach the database at postgresql\+psycopg://u:\*\*\*@127.0.0.1:9"):
        create_app(base_config("postgresql://u:secret@127.0.0.1:9/x"))


def run_flask(*args, env_extra=None, cwd=ROOT, stdin=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("FIELDCOLLECT_")}
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "flask", "--app", str(ROOT / "app"), *args], cwd=cwd,
                          env=env, capture_output=True, text=True, input=stdin, timeout=120)


def test_flask_cli_reports_unknown_config_key_without_traceback(tmp_path):
    config = tmp_path / "bad.toml"
    config.write_text("[server]\nenv = 'development'\ncolour = 'red'\n")
    result = run_flask("routes", env_extra={"FIELDCOLLECT_CONFIG": str(config)}, cwd=tmp_path)
    assert result.returncode != 0
    assert "fieldcollect: unknown key 'colour' in [server]" in result.stderr
    assert "Traceback" not in result.stderr


def test_db_upgrade_then_create_user_from_stdin_then_seed_demo(tmp_path):
    env = {"FIELDCOLLECT_ENV": "development", "FIELDCOLLECT_DATABASE_URL": f"sqlite:///{tmp_path}/cli.db"}
    assert run_flask("db", "upgrade", env_extra=env, cwd=tmp_path).returncode == 0
    seeded = run_flask("seed-demo", "--households", "0", env_extra=env, cwd=tmp_path)
    assert seeded.returncode == 0, seeded.stderr
    assert "demo logins" in seeded.stdout
    created = run_flask("create-user", "wang", "--role", "township_supervisor", "--region", "150626101000",
                        env_extra=env, cwd=tmp_path, stdin="a-long-password\n")
    assert created.returncode == 0, created.stderr
    assert "created user wang (township_supervisor" in created.stdout
    again = run_flask("create-user", "wang", "--role", "admin", "--region", "150600000000",
                      "--password", "another-password", env_extra=env, cwd=tmp_path)
    assert again.returncode == 1
    assert "用户名“wang”已存在" in again.stderr
    assert "Traceback" not in again.stderr


@pytest.mark.parametrize("command", [["create-user"], ["seed-demo"], ["db", "upgrade"]])
def test_each_command_has_help(command, tmp_path):
    result = run_flask(*command, "--help", env_extra={"FIELDCOLLECT_ENV": "development",
                                                      "FIELDCOLLECT_DATABASE_URL": f"sqlite:///{tmp_path}/h.db"},
                       cwd=tmp_path)
    assert result.returncode == 0
    assert "Usage:" in result.stdout
