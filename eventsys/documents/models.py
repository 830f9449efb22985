"""What the secretariat publishes for a meeting: documents and their files.

A document (a concept note, a programme...) has one file per language; a
replaced file stays as a superseded version under the one that replaced it.
"""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import orm as so

from eventsys.agenda.models import AgendaSession
from eventsys.auth.models import User
from eventsys.extensions import db
from eventsys.meetings.models import Meeting
from eventsys.models import I18nText
from eventsys.models import TimestampMixin
from eventsys.models import enum_check
from eventsys.models import utcnow
from eventsys.registration.models import Delegation

DOCUMENT_KINDS = (
    "concept_note",
    "information_note",
    "programme",
    "background_paper",
    "statement",
    "presentation",
    "report",
    "note_verbale",
    "credentials",
    "other",
)
# Kinds that only the secretariat ever sees, whatever the visibility says.
SECRETARIAT_KINDS = ("note_verbale", "credentials")
VISIBILITIES = ("public", "participants", "secretariat")
DOCUMENT_STATUSES = ("draft", "published", "withdrawn")
# Files from the secretariat need no scan; others wait for one.
# "approved": no scanner is configured and a manager published the file.
SCAN_STATUSES = ("not_required", "pending_scan", "clean", "infected", "approved")
# Scan statuses whose file may reach people outside the secretariat.
SERVABLE_SCANS = ("not_required", "clean", "approved")


class MeetingDocument(TimestampMixin, db.Model):
    __tablename__ = "meeting_document"
    __table_args__ = (
        enum_check("kind", DOCUMENT_KINDS),
        enum_check("visibility", VISIBILITIES),
        enum_check("status", DOCUMENT_STATUSES),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    meeting_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    kind: so.Mapped[str] = so.mapped_column(sa.String(30))
    symbol: so.Mapped[str] = so.mapped_column(sa.String(60), default="")
    title: so.Mapped[dict[str, str]] = so.mapped_column(I18nText)
    visibility: so.Mapped[str] = so.mapped_column(sa.String(20), default="public")
    delegation_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("delegation.id", ondelete="SET NULL")
    )
    session_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("agenda_session.id", ondelete="SET NULL")
    )
    # The organisation (a State among them) the delegation represents, copied at
    # upload so the directory's timeline lists the statement (merges move it).
    organisation_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    status: so.Mapped[str] = so.mapped_column(sa.String(20), default="draft")
    published_at: so.Mapped[datetime | None]
    created_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    # A delegation's statement: may it become public once delivered (or its
    # session over)? released_at says that moment has come; until the
    # delegation sends the delivered text it reads "Check against delivery".
    allow_publication: so.Mapped[bool] = so.mapped_column(
        default=True, server_default=sa.true()
    )
    released_at: so.Mapped[datetime | None]
    check_against_delivery: so.Mapped[bool] = so.mapped_column(
        default=False, server_default=sa.false()
    )

    meeting: so.Mapped[Meeting] = so.relationship()
    delegation: so.Mapped[Delegation | None] = so.relationship()
    session: so.Mapped[AgendaSession | None] = so.relationship()
    files: so.Mapped[list["MeetingFile"]] = so.relationship(
        back_populates="document",
        cascade="all, delete-orphan",
        order_by="(MeetingFile.language, MeetingFile.number.desc())",
    )

    def current_file(self, language: str) -> "MeetingFile | None":
        """The latest version in this language (withdrawn or not)."""
        versions = [f for f in self.files if f.language == language]
        return max(versions, key=lambda f: f.number, default=None)

    @property
    def languages(self) -> list[str]:
        return sorted({f.language for f in self.files})

    def __repr__(self) -> str:
        return f"<MeetingDocument {self.id} {self.kind}>"


class MeetingFile(db.Model):
    __tablename__ = "meeting_file"
    __table_args__ = (
        enum_check("scan_status", SCAN_STATUSES),
        sa.UniqueConstraint("document_id", "language", "number"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    document_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("meeting_document.id", ondelete="CASCADE"), index=True
    )
    language: so.Mapped[str] = so.mapped_column(sa.String(8))
    number: so.Mapped[int] = so.mapped_column(default=1)
    filename: so.Mapped[str] = so.mapped_column(sa.String(200))
    media_type: so.Mapped[str] = so.mapped_column(sa.String(120))
    size: so.Mapped[int]
    sha256: so.Mapped[str] = so.mapped_column(sa.String(64), index=True)
    uploaded_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    uploaded_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    superseded_at: so.Mapped[datetime | None]
    withdrawn_at: so.Mapped[datetime | None]
    withdrawn_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    withdrawn_reason: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    scan_status: so.Mapped[str] = so.mapped_column(
        sa.String(20), default="not_required"
    )

    document: so.Mapped[MeetingDocument] = so.relationship(back_populates="files")
    uploaded_by: so.Mapped[User | None] = so.relationship(foreign_keys=[uploaded_by_id])
    withdrawn_by: so.Mapped[User | None] = so.relationship(
        foreign_keys=[withdrawn_by_id]
    )

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def path(self) -> str:
        """The download URL's path of the document's current file in this language."""
        document = self.document
        return (
            f"/meetings/{document.meeting.slug}/documents/{document.id}"
            f"/{self.language}/{self.filename}"
        )

    @property
    def servable(self) -> bool:
        """May reach people outside the secretariat (scanned, or needing no scan)."""
        return self.scan_status in SERVABLE_SCANS

    def __repr__(self) -> str:
        return f"<MeetingFile {self.document_id} {self.language} v{self.number}>"
