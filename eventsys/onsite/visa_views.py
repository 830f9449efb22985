"""Visa support letters: the participant's and focal point's request pages, the
download, the consulates' verification page, the secretariat's pages and the
UN grounds-pass list. Every page here carries passport data or a secret, and none
is stored: the links' routes declare secret_in_path (eventsys/secret_urls.py: also
no Referer), the secretariat's pages are for a signed-in user
(eventsys/security_headers.py).
"""

from flask import abort
from flask import current_app
from flask import flash
from flask import make_response
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_login import login_required

from eventsys import crypto
from eventsys import links
from eventsys import site
from eventsys.audit.service import record
from eventsys.documents.storage import from_config
from eventsys.errors import Conflict
from eventsys.errors import NotFound
from eventsys.exports import as_response
from eventsys.extensions import db
from eventsys.forms import run_service
from eventsys.i18n import current_language
from eventsys.lookup import get_managed_meeting
from eventsys.lookup import get_of_meeting
from eventsys.models import utcnow
from eventsys.onsite import forms
from eventsys.onsite import grounds_pass
from eventsys.onsite import queries
from eventsys.onsite import visa as visas
from eventsys.onsite.models import VisaRequest
from eventsys.onsite.views import bp
from eventsys.pdf import delivery
from eventsys.pdf import jobs as pdf_jobs
from eventsys.registration import delegations
from eventsys.registration.models import Delegation
from eventsys.registration.models import Registration
from eventsys.secret_urls import secret_in_path


def _cipher():
    """The data key's cipher; without a usable key, a clear refusal (409), never a 500."""
    try:
        return crypto.cipher(current_app.config)
    except crypto.DataKeyError as error:
        current_app.logger.error("visa letters: %s", error)  # the operator's detail
        raise Conflict(
            _(
                "Visa letters are not available at the moment. Please write to "
                "the secretariat."
            )
        ) from error


def _storage():
    return from_config(current_app.config)


# --------------------------------------------------------- the participant's side


def _visa_page(registration, *, form, action: str, letter_url: str, status=200):
    visa = visas.request_of(registration)
    page = render_template(
        "onsite/visa.html",
        registration=registration,
        meeting=registration.meeting,
        visa=visa,
        state=visas.letter_state(visa)[0] if visa else None,
        refusal=visas.may_request(registration, now=utcnow()),
        deadline=visas.deadline(registration.meeting),
        form=form,
        action=action,
        letter_url=letter_url,
    )
    return page, status


def _ask(registration, *, asked_by: str, action: str, letter_url: str, done: str):
    if not registration.meeting.visa_support:
        abort(404)
    form = forms.visa_request_form(current_language(), formdata=None)
    if request.method == "GET":
        return _visa_page(registration, form=form, action=action, letter_url=letter_url)
    form.process(request.form)
    _visa, error = run_service(
        lambda: visas.request_letter(
            registration,
            data=request.form.to_dict(),
            asked_by=asked_by,
            cipher=_cipher(),
            now=utcnow(),
        ),
        form=form,
    )
    if error is not None:
        return _visa_page(
            registration,
            form=form,
            action=action,
            letter_url=letter_url,
            status=error.status,
        )
    flash(
        _("Your request for a visa support letter is sent to the secretariat."),
        "success",
    )
    return redirect(done, code=303)


@bp.route("/registrations/<token>/visa", methods=["GET", "POST"])
@secret_in_path("token")
def visa_request(token: str):
    registration = links.open_link(Registration, token)
    here = url_for("onsite.visa_request", token=token)
    return _ask(
        registration,
        asked_by="participant",
        action=here,
        letter_url=url_for("onsite.visa_letter", token=token),
        done=here,
    )


@bp.route("/delegations/<token>/members/<ref>/visa", methods=["GET", "POST"])
@secret_in_path("token")
def delegation_visa_request(token: str, ref: str):
    delegation = links.open_link(Delegation, token)
    try:
        member = delegations.find_member(delegation, ref)
    except NotFound:
        abort(404)
    return _ask(
        member,
        asked_by="focal_point",
        action=url_for("onsite.delegation_visa_request", token=token, ref=ref),
        letter_url="",
        done=url_for("registration.delegation", token=token),
    )


@bp.get("/registrations/<token>/visa-letter.pdf")
@secret_in_path("token")
def visa_letter(token: str):
    registration = links.open_link(Registration, token)
    visa = visas.request_of(registration)
    if visa is None:
        abort(404)
    filename = f"{registration.meeting.slug}-visa-letter.pdf"
    if visas.letter_pending(visa):
        _queue_letter(visa)  # coalesced: queues again only if its job died
        return delivery.preparing(filename)
    body = visas.letter_bytes(visa, cipher=_cipher(), storage=_storage())
    response = make_response(body)
    response.mimetype = "application/pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _queue_letter(visa) -> None:
    """The letter's render, as a job of the one PDF job owner (after the commit)."""
    pdf_jobs.enqueue(("visa_letter", visa.registration.meeting_id, visa.id))


@bp.get("/letters/<code>")
@secret_in_path("code")
def verify_letter(code: str):
    visa = visas.find_by_code(code)
    if visa is None:
        abort(404)
    page = render_template(
        "onsite/letter_verification.html", facts=visas.verification(visa, _cipher())
    )
    return page


# -------------------------------------------------------------- the secretariat


@bp.get("/manage/meetings/<slug>/visa")
@login_required
def manage_visa_list(slug: str):
    meeting = get_managed_meeting(slug, current_user)
    requests = db.session.scalars(queries.meeting_visa_requests(meeting)).unique().all()
    page = render_template(
        "onsite/manage/visa_list.html",
        meeting=meeting,
        requests=[(v, visas.letter_state(v)) for v in requests],
        deadline=visas.deadline(meeting),
    )
    return page


def _detail_page(meeting, visa, *, issue_form=None, refuse_form=None, status=200):
    page = render_template(
        "onsite/manage/visa_detail.html",
        meeting=meeting,
        visa=visa,
        state=visas.letter_state(visa),
        passport=visas.passport_of(visa, _cipher()),
        issue_form=issue_form or forms.issue_form(meeting, formdata=None),
        refuse_form=refuse_form or forms.RefuseForm(formdata=None),
    )
    return page, status


@bp.get("/manage/meetings/<slug>/visa/<int:visa_id>")
@login_required
def manage_visa_detail(slug: str, visa_id: int):
    meeting = get_managed_meeting(slug, current_user)
    visa = get_of_meeting(VisaRequest, visa_id, meeting)
    return _detail_page(meeting, visa)


@bp.post("/manage/meetings/<slug>/visa/<int:visa_id>/issue")
@login_required
def manage_visa_issue(slug: str, visa_id: int):
    meeting = get_managed_meeting(slug, current_user)
    visa = get_of_meeting(VisaRequest, visa_id, meeting)
    form = forms.issue_form(meeting)
    _issued, error = run_service(
        lambda: visas.issue(
            visa,
            actor=current_user,
            funding=request.form.get("funding", ""),
            language=request.form.get("language", ""),
            base_url=site.base_url(),
            now=utcnow(),
        ),
        form=form,
    )
    if error is not None:
        return _detail_page(meeting, visa, issue_form=form, status=error.status)
    _queue_letter(visa)
    flash(_("The letter is issued; the participant has been told by email."), "success")
    return redirect(url_for("onsite.manage_visa_list", slug=slug), code=303)


@bp.post("/manage/meetings/<slug>/visa/<int:visa_id>/refuse")
@login_required
def manage_visa_refuse(slug: str, visa_id: int):
    meeting = get_managed_meeting(slug, current_user)
    visa = get_of_meeting(VisaRequest, visa_id, meeting)
    form = forms.RefuseForm()
    _none, error = run_service(
        lambda: visas.refuse(
            visa,
            actor=current_user,
            reason=request.form.get("reason", ""),
            base_url=site.base_url(),
            now=utcnow(),
        ),
        form=form,
    )
    if error is not None:
        return _detail_page(meeting, visa, refuse_form=form, status=error.status)
    flash(
        _("The request is refused; the participant has been told by email."), "success"
    )
    return redirect(url_for("onsite.manage_visa_list", slug=slug), code=303)


@bp.app_template_global("visa_settings_forms")
def visa_settings_forms(meeting) -> dict:
    """The visa and grounds-pass forms of the meeting's settings page."""
    local = visas.deadline(meeting)
    return {
        "visa": forms.VisaSettingsForm(
            formdata=None,
            data={
                "visa_support": meeting.visa_support,
                "visa_deadline": visas.local_deadline(meeting)
                if meeting.visa_deadline
                else None,
                "visa_signatory_name": meeting.visa_signatory_name,
                "visa_signatory_title": meeting.visa_signatory_title,
            },
        ),
        "grounds_pass": forms.GroundsPassForm(
            formdata=None, data={"un_premises": meeting.un_premises}
        ),
        "deadline": local,
    }


@bp.post("/manage/meetings/<slug>/visa-settings")
@login_required
def manage_visa_settings(slug: str):
    meeting = get_managed_meeting(slug, current_user)
    concern = request.form.get("concern", "")
    shown = visa_settings_forms(meeting)
    form = shown.get(concern) if concern in visas.SETTINGS_CONCERNS else None
    if form is None:
        abort(400)
    form.process(request.form)
    _none, error = run_service(
        lambda: visas.update_settings(
            meeting,
            concern=concern,
            data=request.form.to_dict(),
            actor=current_user,
            key_problem=crypto.key_problem(current_app.config),
            now=utcnow(),
        ),
        form=form,
    )
    if error is not None:
        page = render_template(
            "onsite/manage/visa_settings.html", meeting=meeting, shown=shown
        )
        return page, error.status
    flash(_("Visa and grounds-pass settings saved."), "success")
    return redirect(
        url_for("registration.manage_settings", slug=slug) + "#settings-visa", code=303
    )


@bp.get("/manage/meetings/<slug>/grounds-pass.xlsx")
@login_required
def manage_grounds_pass(slug: str):
    meeting = get_managed_meeting(slug, current_user)
    if not meeting.un_premises:
        abort(404)
    export = grounds_pass.grounds_pass_list(meeting, cipher=_cipher())
    record(
        "onsite.grounds_pass_export",
        actor=current_user,
        obj=meeting,
        meeting=meeting,
        now=utcnow(),
    )
    db.session.commit()
    return as_response(export)
