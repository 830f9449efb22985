"""Selects over meeting documents, shared by the pages, the meeting page and the API."""

import sqlalchemy as sa
from sqlalchemy import orm as so

from eventsys.auth.permissions import document_visibilities
from eventsys.calendar.queries import user_registrations
from eventsys.documents.models import DOCUMENT_KINDS
from eventsys.documents.models import SECRETARIAT_KINDS
from eventsys.documents.models import MeetingDocument
from eventsys.documents.models import MeetingFile
from eventsys.extensions import db
from eventsys.registration.models import Registration


def _kind_order() -> sa.Case:
    return sa.case(
        {kind: position for position, kind in enumerate(DOCUMENT_KINDS)},
        value=MeetingDocument.kind,
    )


def meeting_documents(meeting) -> sa.Select:
    """Every document of the meeting with its files (for its managers), by kind."""
    return (
        sa.select(MeetingDocument)
        .where(MeetingDocument.meeting_id == meeting.id)
        .options(so.selectinload(MeetingDocument.files))
        .order_by(_kind_order(), MeetingDocument.symbol, MeetingDocument.id)
    )


def visible_documents(meeting, visibilities) -> sa.Select:
    """The published documents of these visibilities (secretariat kinds stay with it)."""
    select = meeting_documents(meeting).where(
        MeetingDocument.status == "published",
        MeetingDocument.visibility.in_(visibilities),
    )
    if "secretariat" not in visibilities:
        select = select.where(MeetingDocument.kind.not_in(SECRETARIAT_KINDS))
    return select


def public_documents(meeting) -> sa.Select:
    return visible_documents(meeting, ("public",))


def is_confirmed_participant(user, meeting) -> bool:
    """The signed-in user holds a confirmed registration for the meeting."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    found = user_registrations(user).where(
        Registration.meeting_id == meeting.id, Registration.status == "confirmed"
    )
    return db.session.scalar(sa.select(found.exists())) or False


def viewer_visibilities(user, meeting) -> tuple[str, ...]:
    """What this viewer may see of the meeting's documents."""
    participant = is_confirmed_participant(user, meeting)
    return document_visibilities(user, meeting, participant=participant)


def files_with_content(sha256: str) -> sa.Select:
    """Files still pointing at this content (not withdrawn)."""
    return sa.select(MeetingFile.id).where(
        MeetingFile.sha256 == sha256, MeetingFile.withdrawn_at.is_(None)
    )


def group_by_kind(documents) -> list[tuple[str, list]]:
    """[(kind, documents)] keeping the order of the selects above (kinds in set order)."""
    groups: dict[str, list] = {}
    for document in documents:
        groups.setdefault(document.kind, []).append(document)
    return list(groups.items())


def public_session_documents(meeting) -> dict[int, list]:
    """{session id: its public documents} for the agenda (one query with files)."""
    found: dict[int, list] = {}
    for document in db.session.scalars(
        public_documents(meeting).where(MeetingDocument.session_id.is_not(None))
    ):
        found.setdefault(document.session_id, []).append(document)
    return found


def public_documents_key(meeting) -> tuple:
    """Changes whenever a public document or one of its files does: part of the
    agenda fragments' cache key (agenda/views.py)."""
    return tuple(db.session.execute(public_documents_key_select(meeting.id)).one())


def public_documents_key_select(meeting_id) -> sa.Select:
    """The one row of public_documents_key; meeting_id may be a SQL expression
    (the agenda page reads it inside its version's one statement)."""
    return (
        sa.select(
            sa.func.count(MeetingFile.id),
            sa.func.max(MeetingFile.id),
            sa.func.max(MeetingFile.withdrawn_at),
            sa.func.max(MeetingFile.scan_status),
            sa.func.max(MeetingDocument.published_at),
            sa.func.max(MeetingDocument.released_at),
            sa.func.count(sa.distinct(MeetingDocument.id)),
        )
        .join(MeetingFile, MeetingFile.document_id == MeetingDocument.id)
        .where(
            MeetingDocument.meeting_id == meeting_id,
            MeetingDocument.session_id.is_not(None),
            MeetingDocument.status == "published",
            MeetingDocument.visibility == "public",
        )
    )
