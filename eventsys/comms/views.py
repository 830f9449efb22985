"""The public side of messages: the one-click unsubscribe link (RFC 8058)."""

from flask import Blueprint
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_login import login_required

from eventsys.comms import notifications
from eventsys.comms import service
from eventsys.comms.forms import NotificationForm
from eventsys.extensions import csrf
from eventsys.forms import run_service
from eventsys.models import utcnow
from eventsys.secret_urls import secret_in_path

bp = Blueprint("comms", __name__)


@bp.route("/messages/unsubscribe/<token>", methods=["GET", "POST"])
@secret_in_path("token")
@csrf.exempt  # mail clients POST "List-Unsubscribe=One-Click" without a form token
def unsubscribe(token: str):
    """GET asks to confirm (link scanners only GET); POST opts the address out."""

    if request.method == "GET":
        email = service.address_of(token)
        return render_template("comms/unsubscribe.html", email=email, done=False)
    email, _error = run_service(lambda: service.opt_out(token, now=utcnow()))
    return render_template("comms/unsubscribe.html", email=email, done=True)


@bp.post("/account/notifications")
@login_required
def account_notifications():
    """How the signed-in user hears of what waits for them (the form is on /account)."""
    form = NotificationForm(prefix="notify")
    if form.validate():
        _done, error = run_service(
            lambda: notifications.set_mode(current_user, form.mode.data, now=utcnow()),
            form=form,
        )
        if error is None:
            flash(_("Your notification settings are saved."), "success")
    else:
        flash(_("Please choose from the list."), "error")
    return redirect(url_for("auth.account") + "#notifications", code=303)


@bp.app_template_global()
def notification_form():
    """The /account card's form, filled with the user's choice."""
    form = NotificationForm(formdata=None, prefix="notify")
    form.mode.data = notifications.mode_of(current_user)
    return form


from eventsys.comms import manage  # noqa: E402,F401  (registers the /manage/ routes)
