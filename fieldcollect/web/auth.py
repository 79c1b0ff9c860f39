"""Sign in and sign out.

Signing in goes through auth.service.sign_in, which throttles failed attempts per user name and
per address; a failure is committed even though the request fails, or the count would vanish.
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from fieldcollect.auth.service import sign_in
from fieldcollect.extensions import db
from fieldcollect.problems import Problem
from fieldcollect.web.forms import LoginForm
from fieldcollect.web.labels import problem_message
from fieldcollect.web.nav import home_url
from fieldcollect.web.urls import safe_next

blueprint = Blueprint("auth", __name__)


@blueprint.route("/login", methods=["GET", "POST"])
def login():
    """Show the sign-in page; on valid credentials sign in and go to next or the role's home."""
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")) or home_url(current_user))
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form), 400 if form.errors else 200
    limit = current_app.config["SETTINGS"].security.login_attempts_per_minute
    try:
        user = sign_in(db.session, form.username.data, form.password.data, request.remote_addr, limit)
    except Problem as problem:
        db.session.commit()
        return render_template("auth/login.html", form=form, problem=problem_message(problem)), problem.status
    login_user(user)
    return redirect(safe_next(request.args.get("next")) or home_url(user))


@blueprint.post("/logout")
def logout():
    """Sign out and return to the sign-in page."""
    logout_user()
    flash(_("您已退出登录。"), "info")
    return redirect(url_for("auth.login"))
