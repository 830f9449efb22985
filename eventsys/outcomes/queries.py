"""Selects over outcome documents, reused by pages, PDFs and the CLI."""

import sqlalchemy as sa
from sqlalchemy import orm as so

from eventsys.meetings.models import Meeting
from eventsys.outcomes.models import DocumentVersion
from eventsys.outcomes.models import OutcomeDocument
from eventsys.outcomes.models import OutcomeSection
from eventsys.outcomes.models import document_covers


def get_document(meeting, slug: str) -> sa.Select:
    return (
        sa.select(OutcomeDocument)
        .where(OutcomeDocument.meeting_id == meeting.id, OutcomeDocument.slug == slug)
        .options(
            so.selectinload(OutcomeDocument.versions),
            so.selectinload(OutcomeDocument.sections).joinedload(
                OutcomeSection.session
            ),
            so.selectinload(OutcomeDocument.also_covers),
        )
    )


def get_document_versions(meeting, slug: str) -> sa.Select:
    """A document with its versions' metadata only: frozen content loads on first use.

    PDF downloads need just the content hash for their cache key.
    """
    return (
        sa.select(OutcomeDocument)
        .where(OutcomeDocument.meeting_id == meeting.id, OutcomeDocument.slug == slug)
        .options(
            so.selectinload(OutcomeDocument.versions).defer(DocumentVersion.content),
            so.selectinload(OutcomeDocument.also_covers).joinedload(Meeting.series),
        )
    )


def meeting_documents(meeting) -> sa.Select:
    """All documents hosted by a meeting (for its writers), newest first."""
    return (
        sa.select(OutcomeDocument)
        .where(OutcomeDocument.meeting_id == meeting.id)
        .options(so.selectinload(OutcomeDocument.versions))
        .order_by(OutcomeDocument.created_at.desc(), OutcomeDocument.id.desc())
    )


def published_documents(meeting) -> sa.Select:
    """Documents with a published version, hosted by the meeting or covering it."""
    covering = sa.select(document_covers.c.document_id).where(
        document_covers.c.meeting_id == meeting.id
    )
    has_version = (
        sa.select(DocumentVersion.id)
        .where(DocumentVersion.document_id == OutcomeDocument.id)
        .exists()
    )
    return (
        sa.select(OutcomeDocument)
        .where(
            sa.or_(
                OutcomeDocument.meeting_id == meeting.id,
                OutcomeDocument.id.in_(covering),
            ),
            has_version,
        )
        .options(
            so.selectinload(OutcomeDocument.versions),
            so.joinedload(OutcomeDocument.meeting),
            so.selectinload(OutcomeDocument.also_covers),
        )
        .order_by(OutcomeDocument.id)
    )
