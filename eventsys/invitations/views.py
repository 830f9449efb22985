"""The invitee's page: /invitations/<token>, accept (register) or decline.

The route's secret is its <token> path argument, declared with
@secret_in_path (eventsys/secret_urls.py): no Referer, no-store, redacted logs.
"""

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

from eventsys.extensions import limiter
from eventsys.forms import run_service
from eventsys.i18n import current_language
from eventsys.invitations import forms
from eventsys.invitations import service
from eventsys.invitations.models import OPEN_STATUSES
from eventsys.models import utcnow
from eventsys.registration import forms as registration_forms
from eventsys.registration import questions as questions_module
from eventsys.registration.views import _outcome_message
from eventsys.secret_urls import secret_in_path

bp = Blueprint("invitations", __name__)


def _invitation(token: str):
    invitation = service.find_by_token(token)
    if invitation is None or invitation.status == "draft":
        abort(404)
    return invitation


def _questions(invitation):
    return questions_module.questions_for(invitation.meeting, invitation.category)


def _page(invitation, token, *, form=None, decline_form=None, status=200):
    now = utcnow()
    questions = _questions(invitation)
    closed = invitation.status == "revoked" or (
        invitation.status in OPEN_STATUSES and invitation.expired(now)
    )
    if closed and status == 200:
        status = 410
    page = render_template(
        "invitations/answer.html",
        invitation=invitation,
        meeting=invitation.meeting,
        token=token,
        usable=invitation.usable(now),
        expired=invitation.expired(now),
        form=form
        or forms.accept_form(invitation, questions, current_language(), formdata=None),
        decline_form=decline_form or forms.DeclineForm(formdata=None),
        questions=questions,
        documents=[]
        if invitation.status == "revoked"
        else service.document_links(invitation, f"/invitations/{token}"),
    )
    return page, status  # no-store, no-referrer: the routes' secret_in_path


@bp.get("/invitations/<token>")
@secret_in_path("token")
def answer(token: str):
    return _page(_invitation(token), token)


@bp.post("/invitations/<token>/accept")
@secret_in_path("token")
@limiter.limit(
    lambda: current_app.config["REGISTRATION_RATE_PER_ADDRESS"],
    scope="register-address",
)
def accept(token: str):
    invitation = _invitation(token)
    questions = _questions(invitation)
    form = forms.accept_form(invitation, questions, current_language())
    data = registration_forms.payload(request.form, questions)
    user = current_user if current_user.is_authenticated else None
    result, error = run_service(
        lambda: service.accept(
            invitation, data=data, user=user, now=utcnow(), language=current_language()
        ),
        form=form,
    )
    if error is not None:
        return _page(_invitation(token), token, form=form, status=error.status)
    registration, manage_token = result
    flash(_outcome_message(registration), "success")
    return redirect(url_for("registration.manage", token=manage_token), code=303)


@bp.post("/invitations/<token>/decline")
@secret_in_path("token")
def decline(token: str):
    invitation = _invitation(token)
    form = forms.DeclineForm()
    _result, error = run_service(
        lambda: service.decline(
            invitation, reason=request.form.get("reason", ""), now=utcnow()
        ),
        form=form,
    )
    if error is not None:
        return _page(_invitation(token), token, decline_form=form, status=error.status)
    flash(_("Thank you: we have recorded that you decline the invitation."), "success")
    return redirect(url_for("invitations.answer", token=token), code=303)


from eventsys.invitations import manage as _manage  # noqa: E402,F401  (routes on this blueprint)
