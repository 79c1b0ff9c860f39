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

# 身份证号 (18 or 15 digits) and 残疾人证号 (20): personal data that must never reach a log.
ID_NUMBER_PATTERN = re.compile(r"(?<!\d)(\d{6})\d{8,11}(\d{3}[\dXx])(?!\d)")


class RequestContextFilter(logging.Filter):
    """Stamp every record with the current request id and mask ID numbers in its message."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = g.get("request_id", "-") if has_request_context() else "-"
        message = record.getMessage()
        masked = ID_NUMBER_PATTERN.sub(r"\1********\2", message)
        if masked != message:
            record.msg, record.args = masked, None
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
    logger.setLevel(level.upper())
    logger.propagate = False
    app.logger.handlers[:] = [handler]
    app.logger.setLevel(level.upper())
    _install_request_hooks(app)


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
