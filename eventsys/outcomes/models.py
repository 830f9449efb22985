from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import orm as so

from eventsys.agenda.models import AgendaSession
from eventsys.extensions import db
from eventsys.meetings.models import Meeting
from eventsys.models import I18nText
from eventsys.models import TimestampMixin
from eventsys.models import enum_check
from eventsys.models import link_table
from eventsys.models import utcnow

DOCUMENT_KINDS = ("red_book", "chair_summary", "session_report", "recommendations")
DOCUMENT_STATUSES = ("draft", "in_review", "published")
SECTION_KINDS = (
    "summary",
    "good_practice",
    "lesson_learned",
    "recommendation",
    "background",
)

document_covers = sa.Table(
    "outcome_document_covers",
    db.metadata,
    sa.Column(
        "document_id",
        sa.ForeignKey("outcome_document.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column(
        "meeting_id", sa.ForeignKey("meeting.id", ondelete="CASCADE"), primary_key=True
    ),
)

# The organisations an outcome document names as contributors (the directory's
# timeline lists "contributed to"; merges move the rows).
document_contributors = link_table(
    db.metadata,
    "outcome_document_contributor",
    document_id="outcome_document.id",
    organisation_id="organisation.id",
)


class OutcomeDocument(TimestampMixin, db.Model):
    __tablename__ = "outcome_document"
    __table_args__ = (
        enum_check("kind", DOCUMENT_KINDS),
        enum_check("status", DOCUMENT_STATUSES),
        sa.UniqueConstraint("meeting_id", "slug"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    meeting_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    slug: so.Mapped[str] = so.mapped_column(sa.String(80))
    title: so.Mapped[dict[str, str]] = so.mapped_column(I18nText)
    kind: so.Mapped[str] = so.mapped_column(sa.String(30), default="red_book")
    language: so.Mapped[str] = so.mapped_column(sa.String(8), default="en")
    # A translation points at the document it translates.
    translation_of_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("outcome_document.id", ondelete="SET NULL")
    )
    status: so.Mapped[str] = so.mapped_column(sa.String(20), default="draft")
    review_comment: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    submitted_at: so.Mapped[datetime | None]
    created_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )

    meeting: so.Mapped[Meeting] = so.relationship()
    also_covers: so.Mapped[list[Meeting]] = so.relationship(secondary=document_covers)
    contributors: so.Mapped[list["Organisation"]] = so.relationship(  # noqa: F821
        secondary=document_contributors, order_by="Organisation.id"
    )
    sections: so.Mapped[list["OutcomeSection"]] = so.relationship(
        back_populates="document",
        cascade="all, delete-orphan",
        order_by="OutcomeSection.position",
    )
    versions: so.Mapped[list["DocumentVersion"]] = so.relationship(
        back_populates="document",
        cascade="all, delete-orphan",
        order_by="DocumentVersion.number",
    )

    @property
    def published_version(self) -> "DocumentVersion | None":
        """What the public reads: the last published version, kept while a
        correction is drafted or reviewed (queries.is_published is the same rule)."""
        return self.versions[-1] if self.versions else None


class OutcomeSection(db.Model):
    __tablename__ = "outcome_section"
    __table_args__ = (
        enum_check("kind", SECTION_KINDS),
        sa.Index("ix_outcome_section_document_position", "document_id", "position"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    document_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("outcome_document.id", ondelete="CASCADE")
    )
    position: so.Mapped[int] = so.mapped_column(default=0)
    heading: so.Mapped[str] = so.mapped_column(sa.String(300))
    kind: so.Mapped[str] = so.mapped_column(sa.String(30), default="summary")
    body: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    session_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("agenda_session.id", ondelete="SET NULL"), index=True
    )
    updated_at: so.Mapped[datetime] = so.mapped_column(default=utcnow, onupdate=utcnow)

    document: so.Mapped[OutcomeDocument] = so.relationship(back_populates="sections")
    session: so.Mapped[AgendaSession | None] = so.relationship()


class DocumentVersion(db.Model):
    """A published, frozen copy of a document; never changed once written."""

    __tablename__ = "document_version"
    __table_args__ = (sa.UniqueConstraint("document_id", "number", "language"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    document_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("outcome_document.id", ondelete="CASCADE"), index=True
    )
    number: so.Mapped[int]
    language: so.Mapped[str] = so.mapped_column(sa.String(8), default="en")
    title: so.Mapped[str] = so.mapped_column(sa.String(300))
    published_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    published_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    # [{"heading", "kind", "body", "session_id", "session_title"}]
    content: so.Mapped[list[dict[str, Any]]] = so.mapped_column(sa.JSON)
    content_hash: so.Mapped[str] = so.mapped_column(sa.String(64))

    document: so.Mapped[OutcomeDocument] = so.relationship(back_populates="versions")


@sa.event.listens_for(DocumentVersion, "before_update")
def _versions_are_immutable(mapper, connection, target):
    raise ValueError("A published DocumentVersion is immutable.")
