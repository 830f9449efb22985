"""PDF downloads: served from the disk cache with an ETag, never rendered here
(delivery.py queues a render on a miss)."""

import hashlib

from flask import Blueprint
from flask import abort
from flask import current_app
from flask_login import current_user
from flask_login import login_required

from eventsys import caching
from eventsys.agenda.public import get_release
from eventsys.audit.service import record
from eventsys.calendar.queries import agenda_pdf_version_by_slug
from eventsys.database import read_row
from eventsys.extensions import db
from eventsys.i18n import meeting_language
from eventsys.lookup import plausible_slug
from eventsys.meetings.manage import get_managed_meeting
from eventsys.meetings.views import get_visible_meeting
from eventsys.models import utcnow
from eventsys.outcomes import queries
from eventsys.pdf import cache
from eventsys.pdf import delivery
from eventsys.pdf import documents

bp = Blueprint("pdf", __name__)


def send_pdf(spec: documents.PdfSpec, *, private: bool = False):
    return delivery.deliver(spec, private=private)


def _language(meeting) -> str:
    return meeting_language(meeting)


def _published_document(meeting, doc: str):
    document = db.session.scalar(queries.get_published_document(meeting, doc))
    if document is None:
        abort(404)
    return document


@bp.get("/meetings/<slug>/outcomes/<doc>.pdf")
def outcome(slug: str, doc: str):
    meeting = get_visible_meeting(slug)
    document = _published_document(meeting, doc)
    return send_pdf(documents.outcome_pdf(document, document.published_version))


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
    # The cache key hashes the agenda's content, which costs loading it; remember
    # the key per agenda version (the feed fingerprint) to skip that load. The
    # fingerprint, with the meeting's languages, is one statement read outside
    # the session's transaction: a public meeting's cached PDF is one round trip.
    row = None
    if plausible_slug(slug):
        row = read_row(agenda_pdf_version_by_slug(), {"slug": slug})
    if row is not None and row.status not in (None, "draft"):  # public: no ORM needed
        sent = _known_agenda(row, slug, meeting_language(row))
        if sent is not None:
            return sent
    meeting = get_visible_meeting(slug)  # 404, or a draft for the people on it
    language = _language(meeting)
    sent = _known_agenda(row, slug, language)
    if sent is not None:
        return sent
    spec = documents.agenda_pdf(meeting, language)
    response = delivery.deliver(spec)
    if response.status_code == 200 and delivery.UPDATING_HEADER not in response.headers:
        keys = caching.lru("pdf_agenda_keys")
        keys.put(_agenda_version_key(row, slug, language), documents.spec_key(spec))
    return response


def _agenda_version_key(row, slug: str, language: str) -> str:
    version = (tuple(row), slug, language, cache.source_version())
    return hashlib.sha256(repr(version).encode()).hexdigest()


def _known_agenda(row, slug: str, language: str):
    """The agenda PDF's response if this version's file is known and on disk, else None."""
    known = caching.lru("pdf_agenda_keys").get(_agenda_version_key(row, slug, language))
    if not known:
        return None
    path = cache.cache_path(current_app.config["PDF_CACHE_DIR"], known)
    if not path.is_file():
        return None
    return delivery.send_cached(path, known, f"{slug}-agenda.pdf")


@bp.get("/meetings/<slug>/agenda/v<int:number>.pdf")
def agenda_release(slug: str, number: int):
    meeting = get_visible_meeting(slug)
    release = get_release(meeting, number)
    return send_pdf(documents.agenda_pdf(meeting, _language(meeting), release))


@bp.get("/meetings/<slug>/proceedings.pdf")
def proceedings(slug: str):
    meeting = get_visible_meeting(slug)
    return send_pdf(documents.proceedings_pdf(meeting, _language(meeting)))


@bp.get("/meetings/<slug>/participants.pdf")
def participants(slug: str):
    meeting = get_visible_meeting(slug)
    if not meeting.public_participant_list:
        abort(404)
    return send_pdf(
        documents.participants_pdf(meeting, public=True, language=_language(meeting))
    )


@bp.get("/manage/meetings/<slug>/participants.pdf")
@login_required
def manage_participants(slug: str):
    meeting = get_managed_meeting(slug)
    spec = documents.participants_pdf(
        meeting, public=False, language=_language(meeting)
    )
    return send_pdf(spec, private=True)


@bp.get("/manage/meetings/<slug>/delegations.pdf")
@login_required
def manage_delegations(slug: str):
    meeting = get_managed_meeting(slug)
    spec = documents.delegations_pdf(meeting, _language(meeting))
    response = send_pdf(spec, private=True)
    if response.status_code != 200:  # being prepared: recorded when it is sent
        return response
    # Same trail as the CSV export: the list names people and focal point addresses.
    record(
        "delegation.export",
        actor=current_user,
        meeting=meeting,
        after={"format": "pdf", "rows": len(spec.data["delegations"])},
        now=utcnow(),
    )
    db.session.commit()
    return response
