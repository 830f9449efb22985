"""The privacy notice, and a participant's own data: download and erasure."""

import json
from datetime import timedelta

from flask import Blueprint
from flask import Response
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

from eventsys import links
from eventsys.documents.storage import from_config
from eventsys.extensions import db
from eventsys.i18n import localized
from eventsys.lookup import get_of_meeting
from eventsys.meetings.manage import get_managed_meeting
from eventsys.models import utcnow
from eventsys.privacy import service
from eventsys.privacy.notice import custom_notice_html
from eventsys.registration.models import Registration
from eventsys.secret_urls import secret_in_path

bp = Blueprint("privacy", __name__)


@bp.get("/privacy")
def notice():
    config = current_app.config
    return render_template(
        "privacy/notice.html",
        custom=custom_notice_html(current_app.instance_path),
        version=config["EVENTSYS_PRIVACY_NOTICE_VERSION"],
        controller=localized(config["EVENTSYS_PRIVACY_CONTROLLER"])
        or _("the meeting secretariat"),
        contact=config.get("EVENTSYS_PRIVACY_CONTACT")
        or config["EVENTSYS_CONTACT_EMAIL"],
    )


def _registration_or_404(token: str) -> Registration:
    registration = links.open_link(Registration, token)
    if registration.anonymised_at is not None:
        abort(404)
    return registration


@bp.get("/registrations/<token>/data.json")
@secret_in_path("token")
def registration_data(token: str):
    registration = _registration_or_404(token)
    data = service.export_registration(registration)
    db.session.commit()
    body = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)
    response = Response(body, mimetype="application/json")
    response.headers["Content-Disposition"] = (
        'attachment; filename="my-registration.json"'
    )
    return response


@bp.route("/registrations/<token>/erase", methods=["GET", "POST"])
@secret_in_path("token")
def registration_erase(token: str):
    registration = _registration_or_404(token)
    if request.method == "GET":
        return render_template(
            "privacy/erase_confirm.html", registration=registration, token=token
        )
    meeting = registration.meeting
    service.erase_registration(
        registration, actor=None, storage=from_config(current_app.config)
    )
    db.session.commit()
    return render_template("privacy/erased.html", meeting=meeting)


@bp.route(
    "/manage/meetings/<slug>/registrations/<int:registration_id>/erase",
    methods=["GET", "POST"],
)
@login_required
def manage_erase(slug: str, registration_id: int):
    """The secretariat anonymises a registration (after a confirmation page)."""
    meeting = get_managed_meeting(slug)
    registration = get_of_meeting(Registration, registration_id, meeting)
    if registration.anonymised_at is not None:
        abort(404)
    if request.method == "GET":
        return render_template(
            "privacy/manage_erase_confirm.html",
            meeting=meeting,
            registration=registration,
        )
    service.erase_registration(
        registration,
        actor=current_user,
        storage=from_config(current_app.config),
        now=utcnow(),
    )
    db.session.commit()
    flash(_("The registration's personal data is erased."), "success")
    return redirect(url_for("registration.manage_list", slug=slug), code=303)


@bp.get("/.well-known/security.txt")
def security_txt():
    """RFC 9116: where to report a security problem."""
    config = current_app.config
    contact = config.get("EVENTSYS_SECURITY_CONTACT") or "security@example.org"
    if "@" in contact and not contact.startswith(("mailto:", "https:")):
        contact = "mailto:" + contact
    expires = (utcnow() + timedelta(days=365)).replace(microsecond=0)
    base = config["EVENTSYS_BASE_URL"].rstrip("/")
    lines = [
        f"Contact: {contact}",
        f"Expires: {expires.isoformat().replace('+00:00', 'Z')}",
        "Preferred-Languages: en, fr, es",
        f"Canonical: {base}/.well-known/security.txt",
    ]
    return Response("\n".join(lines) + "\n", mimetype="text/plain")
