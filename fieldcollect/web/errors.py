"""Error pages in the reader's language that say what happened and where to go next."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_babel import gettext
from werkzeug.exceptions import HTTPException

from fieldcollect.problems import Problem


def register(app: Flask) -> None:
    """Install the page renderers for HTTP errors and catalogued problems."""
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Problem, _problem)


def _http_error(error: HTTPException):
    if request.path.startswith("/api/"):
        return {"error": {"code": error.name.lower().replace(" ", "_"), "message": error.description}}, error.code
    return render_template("error.html", status=error.code, message=_page_message(error.code)), error.code


def _problem(problem: Problem):
    return render_template("error.html", status=problem.status, message=problem.render(gettext)), problem.status


def _page_message(status: int) -> str:
    messages = {
        403: gettext("您没有权限查看此页面。"),
        404: gettext("找不到该页面，或您无权查看。"),
        500: gettext("服务器出错了，我们已记录此问题，请稍后再试。"),
    }
    return messages.get(status, gettext("请求无法完成。"))
