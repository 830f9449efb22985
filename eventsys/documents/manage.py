"""The managers' documents pages (/manage/meetings/<slug>/documents...)."""

from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_login import login_required

from eventsys import lookup
from eventsys.agenda.queries import agenda_sessions
from eventsys.dates import format_datetime
from eventsys.documents import forms
from eventsys.documents import queries
from eventsys.documents import service
from eventsys.documents import statements
from eventsys.documents.models import MeetingDocument
from eventsys.documents.models import MeetingFile
from eventsys.documents.views import bp
from eventsys.documents.views import get_storage
from eventsys.extensions import db
from eventsys.forms import run_service
from eventsys.i18n import current_language
from eventsys.i18n import localized
from eventsys.meetings.forms import EmptyForm
from eventsys.models import utcnow

# Room for the form fields and multipart framing around the files themselves.
FORM_OVERHEAD = 1024 * 1024


def max_upload_bytes() -> int:
    return int(current_app.config["EVENTSYS_MAX_UPLOAD_MB"]) * 1024 * 1024


def accept_uploads(files: int) -> None:
    """Raise this request's body limit so an oversized file gets the service's clear
    message; far larger bodies still stop at the 413 page."""
    request.max_content_length = max_upload_bytes() * files + FORM_OVERHEAD


def _managed(slug: str):
    return lookup.get_managed_meeting(slug, current_user)


def _managed_document(slug: str, document_id: int):
    meeting = _managed(slug)
    document = lookup.get_of_meeting(
        MeetingDocument, document_id, meeting, _("No such document.")
    )
    return meeting, document


def _file_of(document, file_id: int):
    return lookup.get_row(
        MeetingFile, file_id, _("No such file."), document_id=document.id
    )


@bp.get("/manage/meetings/<slug>/documents/")
@login_required
def manage_index(slug: str):
    meeting = _managed(slug)
    documents = db.session.scalars(queries.meeting_documents(meeting)).all()
    return render_template(
        "documents/manage/index.html", meeting=meeting, documents=documents
    )


def _document_form(meeting) -> forms.DocumentForm:
    form = forms.DocumentForm()
    sessions = db.session.scalars(agenda_sessions(meeting.id)).all()
    form.session_id.choices = [(None, _("None"))] + [
        (
            s.id,
            f"{format_datetime(s.starts_at, meeting.timezone, current_language(), 'short')} · "
            f"{localized(s.title, fallback=meeting.main_language)}",
        )
        for s in sessions
    ]
    return form


@bp.route("/manage/meetings/<slug>/documents/new", methods=["GET", "POST"])
@login_required
def manage_new(slug: str):
    meeting = _managed(slug)
    languages = service.meeting_languages(meeting)
    accept_uploads(len(languages))
    form = _document_form(meeting)
    context = {"meeting": meeting, "languages": languages}
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template(
            "documents/manage/new.html", form=form, **context
        ), status
    uploads = {code: _upload(form[f"file_{code}"].data) for code in languages}
    document, error = run_service(
        lambda: service.create_document(
            meeting,
            actor=current_user,
            data=form.to_data(languages),
            uploads=uploads,
            storage=get_storage(),
            max_bytes=max_upload_bytes(),
            now=utcnow(),
            publish=bool(form.publish.data),
        ),
        form=form,
    )
    if error:
        return render_template(
            "documents/manage/new.html", form=form, **context
        ), error.status
    if document.status == "published":
        flash(_("Document published."), "success")
    else:
        flash(_("Document saved as a draft: publish it when it is ready."), "success")
    return redirect(
        url_for("documents.manage_document", slug=slug, document_id=document.id)
    )


def _upload(storage_file) -> service.Upload | None:
    if storage_file is None or not getattr(storage_file, "filename", ""):
        return None
    return service.Upload(filename=storage_file.filename, data=storage_file.read())


def _document_page(meeting, document, file_form=None, withdraw_form=None, status=200):
    publish_form = EmptyForm(formdata=None)
    languages = service.meeting_languages(meeting)
    if file_form is None:
        file_form = forms.FileForm(formdata=None)
    file_form.set_languages(languages)
    return render_template(
        "documents/manage/document.html",
        meeting=meeting,
        document=document,
        languages=languages,
        file_form=file_form,
        withdraw_form=withdraw_form or forms.WithdrawForm(formdata=None),
        publish_form=publish_form,
    ), status


@bp.get("/manage/meetings/<slug>/documents/<int:document_id>")
@login_required
def manage_document(slug: str, document_id: int):
    meeting, document = _managed_document(slug, document_id)
    return _document_page(meeting, document)


@bp.post("/manage/meetings/<slug>/documents/<int:document_id>/files")
@login_required
def manage_add_file(slug: str, document_id: int):
    meeting, document = _managed_document(slug, document_id)
    accept_uploads(1)
    form = forms.FileForm()
    form.set_languages(service.meeting_languages(meeting))
    if not form.validate_on_submit():
        return _document_page(meeting, document, file_form=form, status=422)
    upload = _upload(form.file.data) or service.Upload(filename="", data=b"")
    _done, error = run_service(
        lambda: service.add_file(
            document,
            language=form.language.data,
            upload=upload,
            actor=current_user,
            storage=get_storage(),
            max_bytes=max_upload_bytes(),
            now=utcnow(),
        ),
        form=form,
    )
    if error:
        return _document_page(meeting, document, file_form=form, status=error.status)
    flash(_("File uploaded."), "success")
    return redirect(
        url_for("documents.manage_document", slug=slug, document_id=document.id)
    )


@bp.post(
    "/manage/meetings/<slug>/documents/<int:document_id>/files/<int:file_id>/withdraw"
)
@login_required
def manage_withdraw(slug: str, document_id: int, file_id: int):
    meeting, document = _managed_document(slug, document_id)
    file = _file_of(document, file_id)
    form = forms.WithdrawForm()
    if not form.validate_on_submit():
        return _document_page(meeting, document, withdraw_form=form, status=422)
    _done, error = run_service(
        lambda: service.withdraw_file(
            file,
            actor=current_user,
            reason=form.reason.data,
            storage=get_storage(),
            now=utcnow(),
        ),
        form=form,
    )
    if error:
        return _document_page(
            meeting, document, withdraw_form=form, status=error.status
        )
    flash(_("File withdrawn."), "success")
    return redirect(
        url_for("documents.manage_document", slug=slug, document_id=document.id)
    )


@bp.post("/manage/meetings/<slug>/documents/<int:document_id>/publish")
@login_required
def manage_publish(slug: str, document_id: int):
    meeting, document = _managed_document(slug, document_id)
    form = EmptyForm()
    if not form.validate_on_submit():
        return _document_page(meeting, document, status=422)
    _done, error = run_service(
        lambda: service.publish_document(document, actor=current_user, now=utcnow())
    )
    if error is None:
        flash(_("Document published."), "success")
    return redirect(
        url_for("documents.manage_document", slug=slug, document_id=document.id),
        code=303,
    )


@bp.post(
    "/manage/meetings/<slug>/documents/<int:document_id>/files/<int:file_id>/approve"
)
@login_required
def manage_approve(slug: str, document_id: int, file_id: int):
    _meeting, document = _managed_document(slug, document_id)
    file = _file_of(document, file_id)
    _done, error = run_service(
        lambda: statements.approve_file(file, actor=current_user, now=utcnow())
    )
    if error is None:
        flash(_("File published: it is no longer held back for a scan."), "success")
    return redirect(
        url_for("documents.manage_document", slug=slug, document_id=document.id)
    )
