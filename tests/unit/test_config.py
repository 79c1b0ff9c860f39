"""Settings precedence, type checks and the one-line start-up errors."""

import pytest

from fieldcollect.config import StartupError, load_settings

DEV = {"FIELDCOLLECT_ENV": "development"}


def write(tmp_path, text):
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_need_no_file_in_development(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    settings = load_settings(environ=DEV)
    assert settings.database.url == ""
    assert settings.rounds.deadline_day == 10


def test_file_beats_defaults_environment_beats_file_overrides_beat_environment(tmp_path):
    path = write(tmp_path, '[database]\nurl = "sqlite:///file.db"\n[rounds]\ndeadline_day = 12\nlock_days = 5\n')
    environ = {**DEV, "FIELDCOLLECT_CONFIG": str(path), "FIELDCOLLECT_DATABASE_URL": "sqlite:///env.db",
               "FIELDCOLLECT_ROUNDS_LOCK_DAYS": "7"}
    settings = load_settings({"rounds": {"lock_days": 9}}, environ=environ)
    assert settings.database.url == "sqlite:///env.db"
    assert settings.rounds.deadline_day == 12
    assert settings.rounds.lock_days == 9
    assert load_settings(environ=environ).rounds.lock_days == 7


def test_unknown_key_is_refused_naming_key_and_file(tmp_path):
    path = write(tmp_path, "[rounds]\ndeadline_dya = 10\n")
    with pytest.raises(StartupError, match=r"unknown key 'deadline_dya' in \[rounds\] of .*config.toml"):
        load_settings(environ={**DEV, "FIELDCOLLECT_CONFIG": str(path)})


def test_unknown_table_is_refused(tmp_path):
    path = write(tmp_path, "[Database]\nurl = 'x'\n")
    with pytest.raises(StartupError, match=r"unknown settings table \[Database\]"):
        load_settings(environ={**DEV, "FIELDCOLLECT_CONFIG": str(path)})


def test_broken_toml_is_one_clear_line(tmp_path):
    path = write(tmp_path, "[database\nurl = \n")
    with pytest.raises(StartupError, match="is not valid TOML") as caught:
        load_settings(environ={**DEV, "FIELDCOLLECT_CONFIG": str(path)})
    assert "\n" not in str(caught.value)


def test_wrong_type_is_refused(tmp_path):
    path = write(tmp_path, '[rounds]\ndeadline_day = "tenth"\n')
    with pytest.raises(StartupError, match=r"\[rounds\] deadline_day in .*cannot read .tenth. as int"):
        load_settings(environ={**DEV, "FIELDCOLLECT_CONFIG": str(path)})


def test_environment_values_are_coerced_to_the_key_type():
    settings = load_settings(environ={**DEV, "FIELDCOLLECT_ROUNDS_DEADLINE_DAY": "15",
                                      "FIELDCOLLECT_DATABASE_ECHO": "true",
                                      "FIELDCOLLECT_ROUNDS_REQUIRED_CATEGORIES": "basic, income"})
    assert settings.rounds.deadline_day == 15
    assert settings.database.echo is True
    assert settings.rounds.required_categories == ("basic", "income")


def test_unparseable_environment_value_is_refused():
    with pytest.raises(StartupError, match="cannot read 'soon' as int"):
        load_settings(environ={**DEV, "FIELDCOLLECT_ROUNDS_DEADLINE_DAY": "soon"})


def test_missing_secret_key_outside_development_is_an_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(StartupError, match="no secret key"):
        load_settings(environ={})
    assert load_settings(environ={"FIELDCOLLECT_SECRET_KEY": "s3cret"}).security.secret_key == "s3cret"


def test_missing_named_config_file_is_an_error(tmp_path):
    with pytest.raises(StartupError, match="does not exist"):
        load_settings(environ={**DEV, "FIELDCOLLECT_CONFIG": str(tmp_path / "nope.toml")})


def test_example_config_documents_every_key_and_loads():
    from dataclasses import fields
    from pathlib import Path

    from fieldcollect.config import TABLES

    example = Path(__file__).resolve().parents[2] / "config.example.toml"
    settings = load_settings(environ={}, config_path=example)
    text = example.read_text(encoding="utf-8")
    for table, factory in TABLES.items():
        assert f"[{table}]" in text
        for spec in fields(factory()):
            assert f"{spec.name} =" in text, f"config.example.toml does not document [{table}] {spec.name}"
    assert settings.server.env == "production"
