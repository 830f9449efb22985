"""The writers' pages of outcome documents (/manage/meetings/<slug>/outcomes...).

Rapporteurs write and submit; the secretariat returns or publishes.
"""

from flask import abort
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_login import login_required

from eventsys import lookup
from eventsys.agenda.models import AgendaSession
from eventsys.agenda.queries import agenda_sessions
from eventsys.auth.permissions import can_edit_outcome
from eventsys.auth.permissions import can_publish_outcome
from eventsys.auth.permissions import require
from eventsys.extensions import db
from eventsys.forms import run_service
from eventsys.i18n import current_language
from eventsys.i18n import localized
from eventsys.markdown import render_markdown
from eventsys.meetings.queries import filtered_meetings
from eventsys.meetings.views import get_visible_meeting
from eventsys.models import utcnow
from eventsys.outcomes import forms
from eventsys.outcomes import queries
from eventsys.outcomes import service
from eventsys.outcomes.models import OutcomeSection
from eventsys.outcomes.presentation import covered_meetings
from eventsys.outcomes.views import bp
from eventsys.pdf.jobs import enqueue_document_pdfs

DOCUMENT_FORM = "outcomes/manage/document_form.html"


def get_outcome_meeting(slug: str):
    """Load, 404 (drafts the user may not see), then 403 unless manager or rapporteur."""
    meeting = get_visible_meeting(slug)
    require(can_edit_outcome(current_user, meeting))
    return meeting


def get_managed_document(slug: str, doc: str):
    meeting = get_outcome_meeting(slug)
    document = db.session.scalar(queries.get_document(meeting, doc))
    if document is None:
        abort(404)
    return meeting, document


def _section_or_404(document, section_id: int) -> OutcomeSection:
    return lookup.get_row(OutcomeSection, section_id, document_id=document.id)


def _back(document):
    return redirect(
        url_for(
            "outcomes.manage_document", slug=document.meeting.slug, doc=document.slug
        )
    )


@bp.get("/manage/meetings/<slug>/outcomes/")
@login_required
def manage_index(slug: str):
    meeting = get_outcome_meeting(slug)
    documents = db.session.scalars(queries.meeting_documents(meeting)).all()
    return render_template(
        "outcomes/manage/index.html", meeting=meeting, documents=documents
    )


def _document_form(meeting, **kwargs) -> forms.DocumentForm:
    form = forms.DocumentForm(**kwargs)
    others = [
        m
        for m in db.session.scalars(filtered_meetings(series=meeting.series.slug))
        if m.id != meeting.id
    ]
    form.also_covers.choices = [
        (m.slug, localized(m.title, None, m.main_language)) for m in others
    ]
    return form


def _document_page(form, meeting, document, status=200):
    return render_template(
        DOCUMENT_FORM, form=form, meeting=meeting, document=document
    ), status


@bp.route("/manage/meetings/<slug>/outcomes/new", methods=["GET", "POST"])
@login_required
def manage_new(slug: str):
    meeting = get_outcome_meeting(slug)
    form = _document_form(meeting)
    if request.method == "GET":
        form.language.data = meeting.main_language
    if not form.validate_on_submit():
        return _document_page(form, meeting, None, 422 if form.is_submitted() else 200)
    document, error = run_service(
        lambda: service.create_document(
            meeting, actor=current_user, data=form.data_for_service(), now=utcnow()
        ),
        form=form,
    )
    if error:
        return _document_page(form, meeting, None, error.status)
    flash(_("Document created. Add its sections."), "success")
    return _back(document)


@bp.route("/manage/meetings/<slug>/outcomes/<doc>/edit", methods=["GET", "POST"])
@login_required
def manage_edit(slug: str, doc: str):
    meeting, document = get_managed_document(slug, doc)
    form = _document_form(meeting)
    if request.method == "GET":
        form.kind.data, form.language.data = document.kind, document.language
        for code in ("en", "fr", "es"):
            getattr(form, f"title_{code}").data = document.title.get(code, "")
        form.also_covers.data = [m.slug for m in document.also_covers]
        form.contributors.data = "\n".join(
            f"{o.id} {o.display_name(current_language())}"
            for o in document.contributors
        )
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return _document_page(form, meeting, document, status)
    _result, error = run_service(
        lambda: service.update_document(
            document, actor=current_user, data=form.data_for_service(), now=utcnow()
        ),
        form=form,
    )
    if error:
        return _document_page(form, meeting, document, error.status)
    flash(_("Document saved."), "success")
    return _back(document)


@bp.get("/manage/meetings/<slug>/outcomes/<doc>/")
@login_required
def manage_document(slug: str, doc: str):
    meeting, document = get_managed_document(slug, doc)
    return render_template(
        "outcomes/manage/document.html",
        meeting=meeting,
        document=document,
        button=forms.EmptyForm(),
        return_form=forms.ReturnForm(),
        can_publish=can_publish_outcome(current_user, meeting),
        unsummarised=_sessions_without_summary(document),
    )


def _covered_sessions(document) -> list[AgendaSession]:
    return [
        s
        for m in covered_meetings(document)
        for s in db.session.scalars(agenda_sessions(m.id))
    ]


def _sessions_without_summary(document) -> list:
    """Sessions of the covered meetings that no summary section links to yet."""
    done = {s.session_id for s in document.sections if s.kind == "summary"}
    return [
        s
        for s in _covered_sessions(document)
        if s.id not in done and s.kind != "break" and s.status != "cancelled"
    ]


def _section_form(document, **kwargs) -> forms.SectionForm:
    form = forms.SectionForm(**kwargs)
    choices = [("", _("No session"))]
    for session in _covered_sessions(document):
        meeting = session.meeting
        title = localized(session.title, None, meeting.main_language)
        choices.append((str(session.id), f"{meeting.series.acronym} · {title}"))
    form.session_id.choices = choices
    return form


def _section_page(form, meeting, document, section, status=200, preview=None):
    return render_template(
        "outcomes/manage/section_form.html",
        form=form,
        meeting=meeting,
        document=document,
        section=section,
        preview=preview,
    ), status


def _prefill_summary(form, document, session_id: str) -> None:
    """ "Write the summary of …": a summary of that session, headed by its title."""
    session = next(
        (s for s in _covered_sessions(document) if str(s.id) == session_id), None
    )
    if session is not None:
        form.kind.data, form.session_id.data = "summary", session_id
        form.heading.data = localized(
            session.title, document.language, session.meeting.main_language
        )


@bp.route(
    "/manage/meetings/<slug>/outcomes/<doc>/sections/new", methods=["GET", "POST"]
)
@login_required
def manage_section_new(slug: str, doc: str):
    meeting, document = get_managed_document(slug, doc)
    form = _section_form(document)
    if request.method == "GET" and request.args.get("session"):
        _prefill_summary(form, document, request.args["session"])
    return _save_section(form, meeting, document, None)


@bp.route(
    "/manage/meetings/<slug>/outcomes/<doc>/sections/<int:section_id>/edit",
    methods=["GET", "POST"],
)
@login_required
def manage_section_edit(slug: str, doc: str, section_id: int):
    meeting, document = get_managed_document(slug, doc)
    section = _section_or_404(document, section_id)
    form = _section_form(document, obj=section if request.method == "GET" else None)
    if request.method == "GET":
        form.session_id.data = str(section.session_id or "")
    return _save_section(form, meeting, document, section)


def _save_section(form, meeting, document, section):
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return _section_page(form, meeting, document, section, status)
    if form.preview.data:
        return _section_page(
            form, meeting, document, section, preview=render_markdown(form.body.data)
        )
    data = form.data_for_service()

    def save():
        if section is None:
            return service.add_section(
                document, actor=current_user, data=data, now=utcnow()
            )
        return service.update_section(
            section, actor=current_user, data=data, now=utcnow()
        )

    _result, error = run_service(save, form=form)
    if error:
        return _section_page(form, meeting, document, section, error.status)
    flash(_("Section saved."), "success")
    return _back(document)


def _act(call, message) -> bool:
    """Run a workflow service from a button: commit and flash, or flash the refusal."""
    _result, error = run_service(call)
    if error is None and message:
        flash(message, "success")
    return error is None


@bp.post("/manage/meetings/<slug>/outcomes/<doc>/sections/<int:section_id>/delete")
@login_required
def manage_section_delete(slug: str, doc: str, section_id: int):
    _meeting, document = get_managed_document(slug, doc)
    section = _section_or_404(document, section_id)
    if forms.EmptyForm().validate_on_submit():
        _act(
            lambda: service.delete_section(section, actor=current_user, now=utcnow()),
            _("Section deleted."),
        )
    return _back(document)


@bp.post("/manage/meetings/<slug>/outcomes/<doc>/sections/<int:section_id>/move")
@login_required
def manage_section_move(slug: str, doc: str, section_id: int):
    _meeting, document = get_managed_document(slug, doc)
    section = _section_or_404(document, section_id)
    offset = {"up": -1, "down": 1}.get(request.form.get("direction", ""))
    if offset and forms.EmptyForm().validate_on_submit():
        _act(
            lambda: service.move_section(
                section, actor=current_user, offset=offset, now=utcnow()
            ),
            None,
        )
    return _back(document)


@bp.post("/manage/meetings/<slug>/outcomes/<doc>/submit")
@login_required
def manage_submit(slug: str, doc: str):
    _meeting, document = get_managed_document(slug, doc)
    if forms.EmptyForm().validate_on_submit():
        _act(
            lambda: service.submit_document(document, actor=current_user, now=utcnow()),
            _("Submitted for review."),
        )
    return _back(document)


@bp.post("/manage/meetings/<slug>/outcomes/<doc>/return")
@login_required
def manage_return(slug: str, doc: str):
    meeting, document = get_managed_document(slug, doc)
    require(can_publish_outcome(current_user, meeting))
    form = forms.ReturnForm()
    if not form.validate_on_submit():
        flash(_("Say what should change before returning the document."), "error")
        return _back(document)
    _act(
        lambda: service.return_document(
            document, actor=current_user, comment=form.comment.data, now=utcnow()
        ),
        _("Returned to the rapporteur."),
    )
    return _back(document)


@bp.post("/manage/meetings/<slug>/outcomes/<doc>/publish")
@login_required
def manage_publish(slug: str, doc: str):
    meeting, document = get_managed_document(slug, doc)
    require(can_publish_outcome(current_user, meeting))
    if forms.EmptyForm().validate_on_submit() and _act(
        lambda: service.publish_document(document, actor=current_user, now=utcnow()),
        _("Published."),
    ):
        enqueue_document_pdfs(document)
    return _back(document)
