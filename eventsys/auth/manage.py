"""Admins manage every account: list and search, create, deactivate, roles (/manage/accounts)."""

from flask import Blueprint
from flask import abort
from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_login import login_required

from eventsys.auth import queries
from eventsys.auth import roles
from eventsys.auth import service
from eventsys.auth.forms import AccountActionForm
from eventsys.auth.forms import NewAccountForm
from eventsys.auth.permissions import can_manage_accounts
from eventsys.auth.permissions import require
from eventsys.extensions import db
from eventsys.forms import run_service
from eventsys.meetings import queries as meeting_queries
from eventsys.models import utcnow

bp = Blueprint("accounts", __name__)
PER_PAGE = 50


@bp.get("/manage/accounts")
@login_required
def manage_index():
    require(can_manage_accounts(current_user))
    text = request.args.get("q", "", type=str)[:100]
    page = db.paginate(
        queries.search_accounts(text), per_page=PER_PAGE, error_out=False
    )
    return render_template("auth/manage/accounts.html", page=page, q=text)


@bp.route("/manage/accounts/new", methods=["GET", "POST"])
@login_required
def manage_new():
    require(can_manage_accounts(current_user))
    form = NewAccountForm()
    if form.validate_on_submit():
        user, error = run_service(lambda: _create(form), form=form)
        if error is None:
            flash(_("Account created: we sent %(email)s a link to choose a password.",
                    email=user.email), "success")  # fmt: skip
            return redirect(url_for("accounts.manage_account", user_id=user.id))
        return render_template("auth/manage/new.html", form=form), error.status
    status = 422 if form.errors else 200
    return render_template("auth/manage/new.html", form=form), status


def _create(form):
    user = roles.create_account(form.email.data, name=form.name.data,
                                is_admin=form.is_admin.data, actor=current_user)  # fmt: skip
    base = current_app.config["EVENTSYS_BASE_URL"].rstrip("/")
    service.request_password_reset(
        user.email,
        reset_url=lambda token: base + url_for("auth.reset_password", token=token),
    )
    return user


ACTIONS = {
    "deactivate": lambda user, form: roles.set_active(user, False, actor=current_user),
    "reactivate": lambda user, form: roles.set_active(user, True, actor=current_user),
    "make_admin": lambda user, form: roles.set_admin(user, True, actor=current_user),
    "remove_admin": lambda user, form: roles.set_admin(user, False, actor=current_user),
    "grant_partnerships": lambda user, form: roles.grant_global_role(
        user, "partnerships", actor=current_user
    ),
    "revoke_partnerships": lambda user, form: roles.revoke_global_role(
        user, "partnerships", actor=current_user
    ),
    "grant_series": lambda user, form: roles.grant_series_role(
        _series(form.series.data), user, actor=current_user
    ),
    "revoke_series": lambda user, form: roles.revoke_series_role(
        user, form.role_id.data or 0, actor=current_user
    ),
}


def _series(slug: str):
    series = db.session.scalar(meeting_queries.get_series_by_slug(slug or ""))
    if series is None:
        abort(404)
    return series


@bp.route("/manage/accounts/<int:user_id>", methods=["GET", "POST"])
@login_required
def manage_account(user_id: int):
    require(can_manage_accounts(current_user))
    user = roles.get_account(user_id)
    form = AccountActionForm()
    if request.method == "POST":
        action = ACTIONS.get(form.action.data or "")
        if not form.validate_on_submit() or action is None:
            abort(400)
        _result, error = run_service(lambda: action(user, form))
        if error is None:
            flash(_("Account saved."), "success")
        return redirect(url_for("accounts.manage_account", user_id=user.id))
    series = db.session.scalars(meeting_queries.list_series()).all()
    return render_template(
        "auth/manage/account.html", account=user, form=form, series=series,
        now=utcnow(),
    )  # fmt: skip
