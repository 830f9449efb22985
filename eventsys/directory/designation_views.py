"""Designation links: the secretariat's page and the organisation's (by link).

The rules are in eventsys/directory/designations.py.
"""

from flask import Blueprint
from flask import abort
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_login import login_required

from eventsys import links
from eventsys import lookup
from eventsys.auth.permissions import require
from eventsys.directory import designations
from eventsys.directory import forms
from eventsys.directory.models import Designation
from eventsys.directory.models import Organisation
from eventsys.extensions import db
from eventsys.extensions import limiter
from eventsys.forms import run_service
from eventsys.i18n import current_language
from eventsys.i18n import localized
from eventsys.invitations.service import categories_by_key
from eventsys.lookup import get_of_meeting
from eventsys.lookup import get_visible_meeting
from eventsys.models import utcnow
from eventsys.registration.models import Registration
from eventsys.secret_urls import secret_in_path

bp = Blueprint("designations", __name__)


# --- the secretariat -----------------------------------------------------------


def _sending_meeting(slug: str):
    """The meeting, if the user may send its designation links (404, else 403)."""
    meeting = get_visible_meeting(slug, current_user)
    require(designations.can_send(current_user, meeting))
    return meeting


def _send_form(meeting, **kwargs) -> forms.DesignationSendForm:
    form = forms.DesignationSendForm(**kwargs)
    language = current_language()
    organisations = db.session.scalars(
        designations.approved_organisations(utcnow().date())
    ).all()
    form.organisation_id.choices = sorted(
        ((str(o.id), o.display_name(language)) for o in organisations),
        key=lambda choice: choice[1].casefold(),
    )
    form.category.choices = [
        (key, localized(category.name, language, meeting.main_language))
        for key, category in categories_by_key(meeting).items()
    ]
    if not form.language.data or form.language.data == "None":
        form.language.data = meeting.main_language or "en"
    return form


@bp.get("/manage/meetings/<slug>/designations")
@login_required
def manage(slug: str):
    meeting = _sending_meeting(slug)
    return _manage_page(meeting, _send_form(meeting, formdata=None))


def _manage_page(meeting, form, status=200):
    rows = db.session.scalars(designations.designations_of(meeting)).all()
    counts = designations.representative_counts(meeting)
    page = render_template(
        "directory/designations.html", meeting=meeting, form=form,
        designations=rows, counts=counts,
    )  # fmt: skip
    return page, status


@bp.post("/manage/meetings/<slug>/designations")
@login_required
def manage_send(slug: str):
    meeting = _sending_meeting(slug)
    form = _send_form(meeting)
    form.validate_on_submit()
    raw = (request.form.get("organisation_id") or "").strip()
    organisation = lookup.find_row(Organisation, int(raw)) if raw.isdigit() else None
    _result, error = run_service(
        lambda: designations.send(
            meeting, organisation, data=request.form.to_dict(), actor=current_user,
            now=utcnow(),
        ),
        form=form,
    )  # fmt: skip
    if error is not None:
        return _manage_page(meeting, form, error.status)
    flash(_("The designation link is sent."), "success")
    return redirect(url_for("designations.manage", slug=slug), code=303)


@bp.post("/manage/meetings/<slug>/designations/<int:designation_id>/revoke")
@login_required
def manage_revoke(slug: str, designation_id: int):
    meeting = _sending_meeting(slug)
    designation = get_of_meeting(
        Designation, designation_id, meeting, _("No such designation.")
    )
    _result, error = run_service(
        lambda: designations.revoke(designation, actor=current_user, now=utcnow())
    )
    if error is None:
        flash(_("The designation link is revoked."), "success")
    return redirect(url_for("designations.manage", slug=slug), code=303)


# --- the organisation, by its link ---------------------------------------------


def _designation(slug: str, token: str) -> Designation:
    return designations.open_designation(get_visible_meeting(slug, current_user), token)


def _designate_page(designation, token, form=None, status=200):
    meeting = designation.meeting
    if form is None:
        form = forms.DesignateForm(formdata=None)
        form.language.data = designation.language
    page = render_template(
        "directory/designate.html", designation=designation, meeting=meeting,
        organisation=designation.organisation, token=token, form=form,
        usable=designations.usable(designation, utcnow()),
        representatives=designations.representatives(designation),
    )  # fmt: skip
    return page, status  # no-store, no-referrer: the route's secret_in_path


@bp.get("/meetings/<slug>/designate/<token>")
@secret_in_path("token")
def designate(slug: str, token: str):
    return _designate_page(_designation(slug, token), token)


@bp.post("/meetings/<slug>/designate/<token>")
@secret_in_path("token")
def designate_post(slug: str, token: str):
    designation = _designation(slug, token)
    form = forms.DesignateForm()
    form.validate_on_submit()
    result, error = run_service(
        lambda: designations.designate(
            designation, data=request.form.to_dict(), now=utcnow()
        ),
        form=form,
    )
    if error is not None:
        return _designate_page(_designation(slug, token), token, form, error.status)
    if isinstance(result, Registration):
        flash(_("%(name)s is registered already: their registration now represents your organisation.",
                name=result.display_name), "success")  # fmt: skip
    else:
        flash(_("An invitation to register is sent to %(email)s.", email=result.email),
              "success")  # fmt: skip
    return redirect(url_for("designations.designate", slug=slug, token=token), code=303)


@bp.post("/designations/<token>/resend")
@secret_in_path("token")
@limiter.shared_limit(links.resend_limit, "link-resend", key_func=links.resend_key)
def resend(token: str):
    """From a replaced link's page: email the current link to where it was sent."""
    designation = links.owner(links.resolve(Designation, token))
    if designation is None:
        abort(404)
    designations.resend(designation, now=utcnow())
    db.session.commit()
    return render_template("links/sent.html")
