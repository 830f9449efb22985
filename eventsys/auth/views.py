"""Login, logout and the account page."""

import time
from urllib.parse import urlsplit

from flask import Blueprint
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import session
from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_login import login_required
from flask_login import login_user
from flask_login import logout_user

from eventsys.auth import service
from eventsys.auth.forms import ChangePasswordForm
from eventsys.auth.forms import LoginForm
from eventsys.auth.forms import ProfileForm
from eventsys.auth.models import User
from eventsys.errors import InvalidInput
from eventsys.extensions import db
from eventsys.extensions import login_manager
from eventsys.forms import attach_errors

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def load_user(user_id: str):
    return db.session.get(User, int(user_id)) if user_id.isdigit() else None


def safe_next(target: str | None) -> str:
    """Only same-site paths: never redirect to another host after login."""
    if not target:
        return url_for("meetings.home")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return url_for("meetings.home")
    return target


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    form = LoginForm()
    if form.validate_on_submit():
        time.sleep(service.login_delay_seconds(form.email.data))
        user = service.authenticate(form.email.data, form.password.data, ip=request.remote_addr or "")
        db.session.commit()
        if user is not None:
            session.clear()  # a fresh session on login: no fixation
            login_user(user, remember=form.remember.data)
            session.permanent = True
            flash(_("Welcome, %(name)s.", name=user.name or user.email), "success")
            return redirect(safe_next(request.args.get("next")))
        form.password.errors.append(_("Email or password is not correct."))
    status = 422 if form.errors else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
def logout():
    logout_user()
    session.clear()
    flash(_("You are signed out."), "info")
    return redirect(url_for("meetings.home"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    profile = ProfileForm(prefix="profile", obj=current_user)
    password = ChangePasswordForm(prefix="pw")
    if _submitted("profile") and profile.validate():
        current_user.name = profile.name.data.strip()
        current_user.language = profile.language.data
        session["lang"] = profile.language.data
        db.session.commit()
        flash(_("Your profile is saved."), "success")
        return redirect(url_for("auth.account"))
    if _submitted("password") and password.validate():
        try:
            service.change_password(current_user, password.current_password.data, password.password.data)
        except InvalidInput as error:
            attach_errors(password, error)
        else:
            db.session.commit()
            flash(_("Your password is changed."), "success")
            return redirect(url_for("auth.account"))
    status = 422 if (profile.errors or password.errors) else 200
    return render_template("auth/account.html", profile=profile, password=password), status


def _submitted(action: str) -> bool:
    return request.method == "POST" and request.form.get("action") == action
