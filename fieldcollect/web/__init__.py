"""Pages for people: cadres, village teams, supervisors and administrators.

Each page module (auth, cadre, region, admin, …) has its own blueprint; this one carries the
shared templates, the stylesheet, the front door and the language switch. A new page module is
added to PAGE_MODULES and, if it is a top-level page, to nav.NAV.
"""

from __future__ import annotations

from importlib import import_module

from flask import Blueprint, Flask, redirect, url_for
from flask_babel import get_locale, gettext, lazy_gettext
from flask_login import current_user

from fieldcollect.extensions import db, login_manager
from fieldcollect.users.service import get_user
from fieldcollect.web import i18n
from fieldcollect.web.labels import level_label, role_label
from fieldcollect.web.nav import home_url, nav_links

PAGE_MODULES = ("auth", "cadre", "region", "admin", "village", "household", "review",
                "admin_imports", "admin_forms")

blueprint = Blueprint("web", __name__, template_folder="templates", static_folder="static",
                      static_url_path="/assets")
blueprint.add_url_rule("/lang/<code>", "set_language", i18n.set_language)


@blueprint.get("/")
def index():
    """Send a signed-in user to their home page and anyone else to sign in."""
    if current_user.is_authenticated:
        return redirect(home_url(current_user))
    return redirect(url_for("auth.login"))


def register_web(app: Flask) -> None:
    """Attach the pages, the session user loader and the people-facing error pages to app."""
    app.register_blueprint(blueprint)
    for name in PAGE_MODULES:
        app.register_blueprint(import_module(f"fieldcollect.web.{name}").blueprint)
    login_manager.user_loader(_load_user)
    login_manager.login_view = "auth.login"
    login_manager.login_message = lazy_gettext("请先登录。")
    login_manager.login_message_category = "info"
    app.jinja_env.globals["get_locale"] = get_locale
    app.jinja_env.filters["role_label"] = role_label
    app.jinja_env.filters["level_label"] = level_label
    app.context_processor(_layout_context)
    from fieldcollect.web import errors

    errors.register(app)


def _layout_context() -> dict:
    links = nav_links(current_user, gettext) if current_user.is_authenticated else []
    return {"nav_links": links}


def _load_user(user_id: str):
    return get_user(db.session, int(user_id)) if user_id.isdigit() else None
