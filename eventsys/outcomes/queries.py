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


def meeting_documents(meeting) -> sa.Select:
    """All documents hosted by a meeting (for its writers), newest first."""
    return (
        sa.select(OutcomeDocument)
        .where(OutcomeDocument.meeting_id == meeting.id)
        .options(so.selectinload(OutcomeDocument.versions))
        .order_by(OutcomeDocument.created_at.desc(), OutcomeDocument.id.desc())
    )


def is_published() -> sa.ColumnElement[bool]:
    """The rule: a document is published once it has a published version.

    A published document under correction (status draft or in_review again)
    stays published with its last version until the correction is published.
    """
    return (
        sa.select(DocumentVersion.id)
        .where(DocumentVersion.document_id == OutcomeDocument.id)
        .exists()
    )


def published_documents(meeting, *, with_content: bool = True) -> sa.Select:
    """The published documents of a meeting: hosted by it, or covering it.

    A covering document counts only when its own meeting is public, so every
    listed link opens. Used by the meeting page, the outcomes page, the agenda,
    the proceedings, the PDFs and the API. with_content=False leaves the versions'
    frozen content unloaded, for callers that list versions only.
    """
    versions = so.selectinload(OutcomeDocument.versions)
    if not with_content:
        versions = versions.defer(DocumentVersion.content)
    return (
        sa.select(OutcomeDocument)
        .where(_published_for(meeting.id))
        .options(
            versions,
            so.joinedload(OutcomeDocument.meeting).joinedload(Meeting.series),
            so.selectinload(OutcomeDocument.also_covers),
        )
        .order_by(OutcomeDocument.id)
    )


def _published_for(meeting_id) -> sa.ColumnElement[bool]:
    """Published, and hosted by the meeting or covering it from a public host."""
    covering = sa.select(document_covers.c.document_id).where(
        document_covers.c.meeting_id == meeting_id
    )
    public_hosts = sa.select(Meeting.id).where(Meeting.status != "draft")
    return sa.and_(
        sa.or_(
            OutcomeDocument.meeting_id == meeting_id,
            sa.and_(
                OutcomeDocument.id.in_(covering),
                OutcomeDocument.meeting_id.in_(public_hosts),
            ),
        ),
        is_published(),
    )


def published_key(meeting_id) -> sa.ScalarSelect:
    """What the published documents of a meeting are now, as one text:
    "document:latest version" for each, in id order (None when there is none).

    meeting_id may be a SQL expression, so a page's version can read it in
    the same statement as the rest (agenda/queries.py: agenda_page_version).
    """
    latest = (
        sa.select(sa.func.max(DocumentVersion.id))
        .where(DocumentVersion.document_id == OutcomeDocument.id)
        .scalar_subquery()
    )
    pairs = (
        sa.select(
            (
                sa.cast(OutcomeDocument.id, sa.String)
                + ":"
                + sa.cast(latest, sa.String)
            ).label("pair")
        )
        .where(_published_for(meeting_id))
        .order_by(OutcomeDocument.id)
        .subquery()
    )
    return sa.select(sa.func.aggregate_strings(pairs.c.pair, "|")).scalar_subquery()


def get_published_document(meeting, slug: str) -> sa.Select:
    """One published document hosted by the meeting (its versions' content deferred)."""
    return (
        sa.select(OutcomeDocument)
        .where(
            OutcomeDocument.meeting_id == meeting.id,
            OutcomeDocument.slug == slug,
            is_published(),
        )
        .options(
            so.selectinload(OutcomeDocument.versions).defer(DocumentVersion.content),
            so.selectinload(OutcomeDocument.also_covers).joinedload(Meeting.series),
        )
    )
