"""ID numbers never reach a log: not in a message, not in a traceback, in JSON or in plain text."""

from __future__ import annotations

import io
import json
import logging
from contextlib import contextmanager

import pytest

from fieldcollect import create_app
from fieldcollect.extensions import db
from tests.conftest import base_config

ID_NUMBER = "150626196003020135"
MASKED = "150626********0135"


@contextmanager
def made_app(app_config: dict):
    """Yield an app made with app_config; close its database connections afterwards."""
    app = create_app(app_config)
    try:
        yield app
    finally:
        with app.app_context():
            db.engine.dispose()


def log_output(app_config: dict, emit) -> str:
    """Create an app with app_config, run emit(logger) inside it and return what its handler wrote."""
    stream = io.StringIO()
    with made_app(app_config) as app:
        handler = logging.getLogger("fieldcollect").handlers[0]
        previous = handler.setStream(stream)
        try:
            with app.test_request_context("/"):
                emit(logging.getLogger("fieldcollect.test"))
        finally:
            handler.setStream(previous)
    return stream.getvalue()


def fail_with_id_number(logger: logging.Logger) -> None:
    try:
        raise ValueError(f"duplicate member id_number={ID_NUMBER}")
    except ValueError:
        logger.exception("storing member %s failed", ID_NUMBER)


@pytest.mark.parametrize("log_format", ["json", "text"])
def test_an_id_number_is_masked_in_the_message_and_the_traceback(database_url, log_format):
    output = log_output(base_config(database_url, server={"log_format": log_format}), fail_with_id_number)
    assert ID_NUMBER not in output
    assert output.count(MASKED) == 2  # once in the message, once in the exception's own text
    assert "Traceback" in output and "ValueError" in output
    if log_format == "json":
        record = json.loads(output)  # one record, one line
        assert record["message"] == f"storing member {MASKED} failed" and MASKED in record["exc_info"]


def test_text_without_an_id_number_is_left_alone(database_url):
    output = log_output(base_config(database_url, server={"log_format": "text"}),
                        lambda logger: logger.warning("household %s has %d members", "150626101201001", 3))
    assert "household 150626101201001 has 3 members" in output  # a 15-digit household code is no ID number


def test_the_development_servers_request_lines_are_masked_too(database_url):
    with made_app(base_config(database_url)):
        pass  # making an app puts the filter on werkzeug's logger
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    werkzeug = logging.getLogger("werkzeug")
    werkzeug.addHandler(handler)
    try:
        werkzeug.warning('"GET /api/v1/households?q=%s HTTP/1.1" 200 -', ID_NUMBER)
    finally:
        werkzeug.removeHandler(handler)
    assert ID_NUMBER not in stream.getvalue() and MASKED in stream.getvalue()
