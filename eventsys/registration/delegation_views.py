"""Delegation pages: the focal point's (by token) and the secretariat's."""

from flask import abort
from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_login import login_required

from eventsys import links
from eventsys.agenda.queries import agenda_sessions
from eventsys.documents import forms as document_forms
from eventsys.documents import manage as document_manage
from eventsys.documents import scanning
from eventsys.documents import service as document_service
from eventsys.documents import statements
from eventsys.documents.views import get_storage
from eventsys.exports import download
from eventsys.extensions import db
from eventsys.extensions import limiter
from eventsys.forms import run_service
from eventsys.i18n import current_language
from eventsys.i18n import localized
from eventsys.lookup import get_of_meeting
from eventsys.meetings.manage import get_managed_meeting as managed_meeting
from eventsys.meetings.views import get_visible_meeting
from eventsys.models import utcnow
from eventsys.registration import delegations
from eventsys.registration import exports
from eventsys.registration import forms
from eventsys.registration import lists
from eventsys.registration import questions as questions_module
from eventsys.registration import rules
from eventsys.registration.models import Delegation
from eventsys.registration.views import bp
from eventsys.secret_urls import secret_in_path


def _delegation(token: str) -> Delegation:
    """The delegation of a current focal point's link; 410 if replaced, else 404."""
    return links.open_link(Delegation, token)


def _member_questions(meeting) -> list:
    return questions_module.questions_for(meeting, all_categories=True, members=True)


def _member_form(meeting, questions, **kwargs):
    return forms.member_form(
        meeting,
        rules.meeting_categories(meeting),
        questions,
        current_language(),
        **kwargs,
    )


KIND_CHOICES = (
    ("statement", _l("Statement")),
    ("note_verbale", _l("Note verbale")),
    ("credentials", _l("Credentials")),
)


def _document_form(meeting, **kwargs):
    form = document_forms.DelegationDocumentForm(**kwargs)
    sessions = db.session.scalars(agenda_sessions(meeting.id)).all()
    form.set_choices(
        [(code, str(name)) for code, name in KIND_CHOICES],
        document_service.meeting_languages(meeting),
        [(None, _("None"))]
        + [
            (s.id, localized(s.title, fallback=meeting.main_language)) for s in sessions
        ],
    )
    return form


def _delivered_form(meeting, **kwargs):
    form = document_forms.DeliveredForm(**kwargs)
    form.set_languages(document_service.meeting_languages(meeting))
    return form


def _focal_page(
    delegation,
    token,
    *,
    member_form=None,
    note_form=None,
    document_form=None,
    delivered_form=None,
    status=200,
):
    meeting = delegation.meeting
    questions = _member_questions(meeting)
    member_form = member_form or _member_form(meeting, questions, formdata=None)
    note_form = note_form or forms.NoteForm(
        formdata=None, note_reference=delegation.note_reference
    )
    page = render_template(
        "registration/delegation.html",
        delegation=delegation,
        meeting=meeting,
        token=token,
        members=lists.members(delegation, current_language()),
        member_ref=delegations.member_ref,
        member_form=member_form,
        questions=questions,
        note_form=note_form,
        state=rules.window_state(meeting, None, utcnow()),
        nomination_deadline=delegations.nomination_deadline(delegation),
        nominations_open=utcnow() < delegations.nomination_deadline(delegation),
        documents=statements.delegation_documents(delegation),
        document_form=document_form or _document_form(meeting, formdata=None),
        delivered_form=delivered_form or _delivered_form(meeting, formdata=None),
    )
    return page, status  # no-store, no-referrer: the routes' secret_in_path


@bp.get("/delegations/<token>")
@secret_in_path("token")
def delegation(token: str):
    return _focal_page(_delegation(token), token)


@bp.post("/delegations/<token>/resend")
@secret_in_path("token")
@limiter.shared_limit(links.resend_limit, "link-resend", key_func=links.resend_key)
def delegation_resend(token: str):
    """From a replaced link's page: email the current link to the focal point."""
    delegation = links.owner(delegations.find_by_token(token))
    if delegation is None:
        abort(404)
    delegations.send_link(delegation, now=utcnow())
    db.session.commit()
    return render_template("links/sent.html")


@bp.post("/delegations/<token>/note")
@secret_in_path("token")
def delegation_note(token: str):
    delegation = _delegation(token)
    form = forms.NoteForm()
    _result, error = run_service(
        lambda: delegations.record_note(
            delegation,
            note_reference=request.form.get("note_reference", ""),
            now=utcnow(),
        ),
        form=form,
    )
    if error is not None:
        return _focal_page(
            _delegation(token), token, note_form=form, status=error.status
        )
    flash(_("The reference of the nominating note is recorded."), "success")
    return redirect(url_for("registration.delegation", token=token), code=303)


@bp.post("/delegations/<token>/members")
@secret_in_path("token")
def delegation_add_member(token: str):
    delegation = _delegation(token)
    questions = _member_questions(delegation.meeting)
    form = _member_form(delegation.meeting, questions)
    data = {
        **request.form.to_dict(),
        **questions_module.answer_payload(request.form, questions),
    }
    _result, error = run_service(
        lambda: delegations.add_member(
            delegation, data=data, now=utcnow(), language=current_language()
        ),
        form=form,
    )
    if error is not None:
        return _focal_page(
            _delegation(token), token, member_form=form, status=error.status
        )
    flash(_("The member is registered and waits for accreditation."), "success")
    return redirect(url_for("registration.delegation", token=token), code=303)


def _upload(form_file) -> document_service.Upload:
    if form_file is None or not getattr(form_file, "filename", ""):
        return document_service.Upload(filename="", data=b"")
    return document_service.Upload(filename=form_file.filename, data=form_file.read())


def _focal_upload(token: str, form_of, service, *, form_name: str, thanks: str):
    """A focal point's upload: one file, scanned, within the limits; one commit.

    service(delegation, form, **upload) calls the statements service with the
    upload, storage, size limit, scanner and clock given here.
    """
    delegation = _delegation(token)
    document_manage.accept_uploads(1)
    form = form_of(delegation.meeting)
    _result, error = run_service(
        lambda: service(
            delegation,
            form,
            upload=_upload(form.file.data),
            storage=get_storage(),
            max_bytes=document_manage.max_upload_bytes(),
            scanner=scanning.scanner_address(current_app.config),
            now=utcnow(),
        ),
        form=form,
    )
    if error is not None:
        return _focal_page(
            _delegation(token), token, status=error.status, **{form_name: form}
        )
    flash(thanks, "success")
    return redirect(url_for("registration.delegation", token=token), code=303)


@bp.post("/delegations/<token>/documents")
@secret_in_path("token")
def delegation_document(token: str):
    return _focal_upload(
        token,
        _document_form,
        lambda delegation, form, **upload: statements.upload_for_delegation(
            delegation, data={**form.data, "file": None}, **upload
        ),
        form_name="document_form",
        thanks=_("Thank you: the secretariat has received the file."),
    )


@bp.post("/delegations/<token>/documents/<int:document_id>/delivered")
@secret_in_path("token")
def delegation_statement_delivered(token: str, document_id: int):
    return _focal_upload(
        token,
        _delivered_form,
        lambda delegation, form, **upload: statements.deliver_statement(
            delegation, document_id, language=form.language.data, **upload
        ),
        form_name="delivered_form",
        thanks=_("Thank you: the delivered text replaces the statement."),
    )


@bp.route("/delegations/<token>/members/<ref>", methods=["GET", "POST"])
@secret_in_path("token")
def delegation_member(token: str, ref: str):
    delegation = _delegation(token)
    member = _member(delegation, ref)
    meeting = delegation.meeting
    questions = _member_questions(meeting)
    form = _member_form(
        meeting, questions, member=member if request.method == "GET" else None
    )
    status = 200
    if request.method == "POST":
        _result, error = run_service(
            lambda: delegations.update_member(
                delegation,
                member,
                data=request.form.to_dict(),
                answers=questions_module.answer_payload(request.form, questions),
                now=utcnow(),
            ),
            form=form,
        )
        if error is None:
            flash(_("Changes saved."), "success")
            return redirect(url_for("registration.delegation", token=token), code=303)
        status = error.status
    page = render_template(
        "registration/delegation_member.html",
        delegation=delegation,
        meeting=meeting,
        member=member,
        form=form,
        questions=questions,
        token=token,
        ref=ref,
    )
    return page, status


def _member(delegation, ref):
    try:
        return delegations.find_member(delegation, ref)
    except Exception:
        abort(404)


@bp.post("/delegations/<token>/members/<ref>/withdraw")
@secret_in_path("token")
def delegation_withdraw(token: str, ref: str):
    delegation = _delegation(token)
    member = _member(delegation, ref)
    _result, error = run_service(
        lambda: delegations.withdraw_member(delegation, member, now=utcnow())
    )
    if error is None:
        flash(_("The member is withdrawn."), "success")
    return redirect(url_for("registration.delegation", token=token), code=303)


@bp.route("/meetings/<slug>/delegations/request", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["REGISTRATION_RATE_PER_ADDRESS"],
    methods=["POST"],
    scope="register-address",
)
def delegation_request(slug: str):
    meeting = get_visible_meeting(slug)
    form = forms.DelegationForm()
    form.set_country_choices(current_language())
    status = 200
    if request.method == "POST":
        _result, error = run_service(
            lambda: delegations.request_delegation(
                meeting, data=request.form.to_dict(), now=utcnow()
            ),
            form=form,
        )
        if error is not None:
            status = error.status
        else:
            flash(
                _(
                    "Your request is with the secretariat. When it is accepted, the "
                    "focal point receives a personal link to register the delegation."
                ),
                "success",
            )
            return redirect(url_for("meetings.detail", slug=meeting.slug), code=303)
    return render_template(
        "registration/delegation_request.html", meeting=meeting, form=form
    ), status


# --- secretariat --------------------------------------------------------------


@bp.route("/manage/meetings/<slug>/delegations", methods=["GET", "POST"])
@login_required
def manage_delegations(slug: str):
    meeting = managed_meeting(slug)
    form = forms.DelegationForm()
    form.set_country_choices(current_language())
    status = 200
    if request.method == "POST":
        _result, error = run_service(
            lambda: delegations.invite_delegation(
                meeting, data=request.form.to_dict(), actor=current_user, now=utcnow()
            ),
            form=form,
        )
        if error is not None:
            status = error.status
        else:
            flash(_("The focal point is invited by email."), "success")
            return redirect(
                url_for("registration.manage_delegations", slug=slug), code=303
            )
    language = current_language()
    items = lists.delegations(meeting, language)
    page = render_template(
        "registration/manage/delegations.html",
        meeting=meeting,
        form=form,
        delegations=items,
        sorted_members={d.id: lists.members(d, language) for d in items},
    )
    return page, status


@bp.post("/manage/meetings/<slug>/delegations/<int:delegation_id>/accredit")
@login_required
def manage_delegation_accredit(slug: str, delegation_id: int):
    meeting = managed_meeting(slug)
    delegation = get_of_meeting(Delegation, delegation_id, meeting)
    result = delegations.accredit(delegation, actor=current_user, now=utcnow())
    db.session.commit()
    flash(
        _(
            "%(name)s is accredited: %(confirmed)d members confirmed, %(waitlisted)d waitlisted.",
            name=delegation.represents,
            **result,
        ),
        "success",
    )
    return redirect(url_for("registration.manage_delegations", slug=slug), code=303)


@bp.post("/manage/meetings/<slug>/delegations/<int:delegation_id>/accept")
@login_required
def manage_delegation_accept(slug: str, delegation_id: int):
    meeting = managed_meeting(slug)
    delegation = get_of_meeting(Delegation, delegation_id, meeting)
    _result, error = run_service(
        lambda: delegations.accept_request(delegation, actor=current_user, now=utcnow())
    )
    if error is None:
        flash(_("The request is accepted: the focal point has their link."), "success")
    return redirect(url_for("registration.manage_delegations", slug=slug), code=303)


@bp.post("/manage/meetings/<slug>/delegations/<int:delegation_id>/decline")
@login_required
def manage_delegation_decline(slug: str, delegation_id: int):
    meeting = managed_meeting(slug)
    delegation = get_of_meeting(Delegation, delegation_id, meeting)
    _result, error = run_service(
        lambda: delegations.decline_request(
            delegation, actor=current_user, now=utcnow()
        )
    )
    if error is None:
        flash(_("The request is declined; the focal point is told."), "success")
    return redirect(url_for("registration.manage_delegations", slug=slug), code=303)


@bp.get("/manage/meetings/<slug>/delegations.csv")
@login_required
def manage_delegations_export(slug: str):
    return _export_delegations(slug, "csv")


@bp.get("/manage/meetings/<slug>/delegations.xlsx")
@login_required
def manage_delegations_export_xlsx(slug: str):
    return _export_delegations(slug, "xlsx")


def _export_delegations(slug: str, format: str):
    return download(managed_meeting(slug), exports.export_delegations, format)


@bp.post("/manage/meetings/<slug>/delegations/<int:delegation_id>/link")
@login_required
def manage_delegation_link(slug: str, delegation_id: int):
    meeting = managed_meeting(slug)
    delegation = get_of_meeting(Delegation, delegation_id, meeting)
    delegations.resend_link(delegation, actor=current_user, now=utcnow())
    db.session.commit()
    flash(
        _("A new link is on its way to the focal point; the old one no longer works."),
        "success",
    )
    return redirect(url_for("registration.manage_delegations", slug=slug), code=303)
