"""The public side of messages: the one-click unsubscribe link (RFC 8058)."""

from flask import Blueprint
from flask import render_template
from flask import request

from eventsys.comms import service
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


from eventsys.comms import manage  # noqa: E402,F401  (registers the /manage/ routes)
