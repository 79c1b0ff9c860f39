"""Pages for people: cadres, village teams, supervisors and administrators."""

from __future__ import annotations

from flask import Blueprint, Flask, render_template
from flask_babel import get_locale

from fieldcollect.extensions import db, login_manager
from fieldcollect.users.service import get_user

blueprint = Blueprint("web", __name__, template_folder="templates", static_folder="static",
                      static_url_path="/static")


@blueprint.get("/")
def index():
    return render_template("index.html")


def register_web(app: Flask) -> None:
    """Attach the pages, the session user loader and the people-facing error pages to app."""
    app.register_blueprint(blueprint)
    login_manager.user_loader(_load_user)
    login_manager.login_view = "web.index"
    app.jinja_env.globals["get_locale"] = get_locale
    from fieldcollect.web import errors

    errors.register(app)


def _load_user(user_id: str):
    return get_user(db.session, int(user_id)) if user_id.isdigit() else None
