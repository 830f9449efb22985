"""Account-page actions for personal API tokens (HTML, session login, CSRF)."""

from flask import Blueprint
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_login import login_required

from eventsys.auth import api_tokens as tokens
from eventsys.auth import queries
from eventsys.errors import ServiceError
from eventsys.extensions import db
from eventsys.forms import run_service
from eventsys.models import utcnow

bp = Blueprint("api_tokens", __name__, url_prefix="/account/api-tokens")


@bp.app_template_global()
def api_tokens_of(user) -> list:
    """The user's active tokens, for templates/auth/_api_tokens.html."""
    if not getattr(user, "is_authenticated", False):
        return []
    return db.session.scalars(queries.active_tokens(user)).all()


@bp.post("")
@login_required
def create():
    created, error = run_service(
        lambda: tokens.create_token(
            current_user, request.form.get("name", ""), now=utcnow()
        )
    )
    if error is not None:  # flashed by run_service
        return redirect(url_for("auth.account", _anchor="api-tokens"))
    token, plain = created
    page = render_template("api/token_created.html", token=token, plain=plain)
    # The secret is in this response only: never cache it anywhere.
    return page, 201, {"Cache-Control": "no-store"}


@bp.post("/<int:token_id>/revoke")
@login_required
def revoke(token_id: int):
    try:
        token = tokens.revoke_token(current_user, token_id, now=utcnow())
    except ServiceError as error:
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(_("The token “%(name)s” is revoked.", name=token.name), "success")
    return redirect(url_for("auth.account", _anchor="api-tokens"))
