"""Render catalogued problems as the API's JSON error body: {"error": {"code", "message"}}."""

from __future__ import annotations

from flask import Blueprint
from flask_babel import gettext
from flask_wtf.csrf import CSRFError

from fieldcollect.api.auth import protect_session_writes
from fieldcollect.extensions import db
from fieldcollect.problems import Problem


def register(blueprint: Blueprint) -> None:
    """Install the problem renderer and the session-write CSRF check on the API blueprint."""
    blueprint.register_error_handler(Problem, problem_response)
    blueprint.register_error_handler(CSRFError, _csrf_refused)
    blueprint.before_request(protect_session_writes)


def problem_response(problem: Problem):
    """Return the JSON body and status for a problem, in the request's language."""
    db.session.rollback()  # a problem ends the request's unit of work: nothing half-done is kept
    return error_body(problem), problem.status


def error_body(problem: Problem, **extra) -> dict:
    """Return {"error": {"code", "message", **extra}} for a problem."""
    return {"error": {"code": problem.code, "message": problem.render(gettext), **extra}}


def _csrf_refused(error: CSRFError):
    return problem_response(Problem("invalid_input", detail="csrf_token"))
