"""Structured logging: one JSON object a line, each carrying the request id, never an ID number.

The request id comes from the X-Request-ID header when a proxy set one, otherwise it is made
here; it is echoed back in the response so a cadre's complaint can be matched to the log line.
"""

from __future__ import annotations

import logging
import re
import sys
import time
import uuid

from flask import Flask, g, has_request_context, request
from pythonjsonlogger.json import JsonFormatter

# 身份证号 (18 digits) and 残疾人证号 (20): personal data that must never reach a log. A legacy 15-digit
# number cannot be told from a 15-digit household code by its shape, so it is left to the callers: none
# logs answers or registry rows, only ids, codes and counts.
ID_NUMBER_PATTERN = re.compile(r"(?<!\d)(\d{6})\d{8,11}(\d{3}[\dXx])(?!\d)")


def mask_id_numbers(text: str) -> str:
    """Return text with every ID number cut to its first six and last four characters."""
    return ID_NUMBER_PATTERN.sub(r"\1********\2", text)


class RequestContextFilter(logging.Filter):
    """Stamp every record with the current request id and mask ID numbers in its message and traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = g.get("request_id", "-") if has_request_context() else "-"
        message = record.getMessage()
        masked = mask_id_numbers(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info:
            # A database error's text carries the statement's parameters (a member's ID number, say).
            # Format it here, masked, and drop exc_info so that no formatter renders it again unmasked.
            record.exc_text = mask_id_numbers(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = mask_id_numbers(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_id_numbers(record.stack_info)
        return True


def configure_logging(app: Flask, level: str, fmt: str) -> None:
    """Send the app's log records to stderr as JSON (or plain text) with request ids."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RequestContextFilter())
    if fmt == "json":
        handler.setFormatter(JsonFormatter("%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s"))
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"))
    logger = logging.getLogger("fieldcollect")
    logger.handlers[:] = [handler]
    _mask_werkzeug_log()
    logger.setLevel(level.upper())
    logger.propagate = False
    app.logger.handlers[:] = [handler]
    app.logger.setLevel(level.upper())
    _install_request_hooks(app)


def _mask_werkzeug_log() -> None:
    # The development server logs each request line with its query string (?q=<an ID number>).
    werkzeug = logging.getLogger("werkzeug")
    if not any(isinstance(f, RequestContextFilter) for f in werkzeug.filters):
        werkzeug.addFilter(RequestContextFilter())


def _install_request_hooks(app: Flask) -> None:
    access_log = logging.getLogger("fieldcollect.access")

    @app.before_request
    def _start_request():
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if re.fullmatch(r"[\w.-]{1,64}", incoming) else uuid.uuid4().hex
        g.request_started = time.perf_counter()

    @app.after_request
    def _finish_request(response):
        response.headers["X-Request-ID"] = g.get("request_id", "")
        elapsed_ms = (time.perf_counter() - g.get("request_started", time.perf_counter())) * 1000
        # The path, never the query string: tokens and search terms stay out of the log.
        access_log.info("%s %s %s %.1fms", request.method, _loggable_path(request.path),
                        response.status_code, elapsed_ms)
        return response


def _loggable_path(path: str) -> str:
    """Hide the secret in token-prefixed phone URLs (/key/<token>/…)."""
    return re.sub(r"^/key/[^/]+", "/key/…", path)
