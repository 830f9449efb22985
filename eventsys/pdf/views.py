"""PDF downloads: served from the disk cache with an ETag, rendered on a miss."""

from flask import Blueprint
from flask import abort
from flask import send_file
from flask_login import current_user
from flask_login import login_required

from eventsys.audit.service import record
from eventsys.auth.permissions import can_manage_meeting
from eventsys.auth.permissions import require
from eventsys.extensions import db
from eventsys.i18n import current_language
from eventsys.meetings.views import get_visible_meeting
from eventsys.models import utcnow
from eventsys.outcomes import queries
from eventsys.pdf import documents

bp = Blueprint("pdf", __name__)


def send_pdf(spec: documents.PdfSpec, *, private: bool = False):
    cached = documents.produce(spec)
    response = send_file(
        cached.path,
        mimetype="application/pdf",
        download_name=spec.filename,
        etag=cached.key,
        conditional=True,
        max_age=0,
    )
    response.cache_control.no_cache = True
    if private:
        response.cache_control.private = True
    else:
        response.cache_control.public = True
    return response


def _language(meeting) -> str:
    language = current_language()
    return language if not meeting.languages or language in meeting.languages else meeting.main_language


def _published_document(meeting, doc: str):
    document = db.session.scalar(queries.get_document_versions(meeting, doc))
    if document is None or not document.versions:
        abort(404)
    return document


@bp.get("/meetings/<slug>/outcomes/<doc>.pdf")
def outcome(slug: str, doc: str):
    meeting = get_visible_meeting(slug)
    document = _published_document(meeting, doc)
    return send_pdf(documents.outcome_pdf(document, document.versions[-1]))


@bp.get("/meetings/<slug>/outcomes/<doc>/v<int:number>.pdf")
def outcome_version(slug: str, doc: str, number: int):
    meeting = get_visible_meeting(slug)
    document = _published_document(meeting, doc)
    version = next((v for v in document.versions if v.number == number), None)
    if version is None:
        abort(404)
    return send_pdf(documents.outcome_pdf(document, version))


@bp.get("/meetings/<slug>/agenda.pdf")
def agenda(slug: str):
    meeting = get_visible_meeting(slug)
    return send_pdf(documents.agenda_pdf(meeting, _language(meeting)))


@bp.get("/meetings/<slug>/proceedings.pdf")
def proceedings(slug: str):
    meeting = get_visible_meeting(slug)
    return send_pdf(documents.proceedings_pdf(meeting, _language(meeting)))


@bp.get("/meetings/<slug>/participants.pdf")
def participants(slug: str):
    meeting = get_visible_meeting(slug)
    if not meeting.public_participant_list:
        abort(404)
    return send_pdf(documents.participants_pdf(meeting, public=True, language=_language(meeting)))


@bp.get("/manage/meetings/<slug>/participants.pdf")
@login_required
def manage_participants(slug: str):
    meeting = get_visible_meeting(slug)
    require(can_manage_meeting(current_user, meeting))
    spec = documents.participants_pdf(meeting, public=False, language=_language(meeting))
    return send_pdf(spec, private=True)


@bp.get("/manage/meetings/<slug>/delegations.pdf")
@login_required
def manage_delegations(slug: str):
    meeting = get_visible_meeting(slug)
    require(can_manage_meeting(current_user, meeting))
    spec = documents.delegations_pdf(meeting, _language(meeting))
    response = send_pdf(spec, private=True)
    # Same trail as the CSV export: the list names people and focal point addresses.
    record("delegation.export", actor=current_user, meeting=meeting,
           after={"format": "pdf", "rows": len(spec.data["delegations"])}, now=utcnow())
    db.session.commit()
    return response
