"""Error pages in the reader's language that say what happened and where to go next.

The 500 page is rendered straight from the template, without the context processors that load
the signed-in user: the error may be that the database is down, and the page must still appear.
Unhandled exceptions are logged by log_exception, which replaces Flask's: the log gets the
exception's class, the endpoint, the request id and the stack frames, but not the exception's
message, which can carry SQL parameters and with them names and ID numbers.
"""

from __future__ import annotations

import logging
import traceback

from flask import Flask, current_app, g, render_template, request
from flask_babel import gettext
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException, InternalServerError

from fieldcollect.extensions import db
from fieldcollect.problems import Problem
from fieldcollect.web.labels import problem_message

log = logging.getLogger("fieldcollect.web")


def register(app: Flask) -> None:
    """Install the page renderers for HTTP errors and catalogued problems."""
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(InternalServerError, _server_error)
    app.register_error_handler(Problem, _problem)
    app.log_exception = log_exception  # Flask calls this for every unhandled exception


def log_exception(exc_info) -> None:
    """Log an unhandled exception by class, endpoint, request id and frames, without its message."""
    error_type, _error, trace = exc_info
    frames = "".join(traceback.format_list(traceback.extract_tb(trace)))
    log.error("unhandled %s in %s %s (request %s)\n%s", error_type.__name__, request.method,
              request.endpoint, g.get("request_id", "-"), frames)


def _http_error(error: HTTPException):
    if request.path.startswith("/api/"):
        code = error.name.lower().replace(" ", "_")
        return {"error": {"code": code, "message": error.description}}, error.code
    return render_template("error.html", status=error.code, message=_page_message(error.code)), error.code


def _csrf_error(error: CSRFError):
    message = gettext("页面已过期，或提交来源不明。请返回上一页，刷新后重新提交。")
    return render_template("error.html", status=400, message=message), 400


def _problem(problem: Problem):
    page = render_template("error.html", status=problem.status, message=problem_message(problem))
    return page, problem.status


def _server_error(error: InternalServerError):
    _discard_transaction()
    page = current_app.jinja_env.get_template("error.html").render(
        status=500, message=_page_message(500), request_id=g.get("request_id", "-"), bare=True)
    return page, 500


def _discard_transaction() -> None:
    # A failed PostgreSQL transaction refuses every later statement until rolled back.
    try:
        db.session.rollback()
    except SQLAlchemyError:
        pass


def _page_message(status: int) -> str:
    messages = {
        400: gettext("请求有误，请返回上一页重试。"),
        403: gettext("您没有权限查看此页面。"),
        404: gettext("找不到该页面，或您无权查看。"),
        405: gettext("请求无法完成。"),
        500: gettext("服务器出错了，我们已记录此问题，请稍后再试。"),
    }
    return messages.get(status, gettext("请求无法完成。"))
