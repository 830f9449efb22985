from datetime import datetime
from typing import Optional

import sqlalchemy as sa
from sqlalchemy import orm as so

from eventsys.documents.models import MeetingDocument
from eventsys.extensions import db
from eventsys.meetings.models import Meeting
from eventsys.models import TimestampMixin
from eventsys.models import enum_check
from eventsys.models import link_table
from eventsys.registration.models import ParticipantCategory
from eventsys.registration.models import Registration

INVITATION_STATUSES = ("draft", "sent", "accepted", "declined", "revoked")
# Statuses whose link still takes an answer (before expires_at).
OPEN_STATUSES = ("draft", "sent")
LANGUAGES = ("en", "fr", "es")
IMPORT_STATUSES = ("previewed", "confirmed", "cancelled", "expired")

# The meeting documents an invitation links to (its email and its page).
invitation_document = link_table(
    db.metadata,
    "invitation_document",
    invitation_id="invitation.id",
    document_id="meeting_document.id",
)


class Invitation(TimestampMixin, db.Model):
    """One person invited to one category; only a hash of the link's token is kept."""

    __tablename__ = "invitation"
    __table_args__ = (
        enum_check("status", INVITATION_STATUSES),
        sa.Index("ix_invitation_meeting_status", "meeting_id", "status"),
        sa.Index("ix_invitation_meeting_email", "meeting_id", "email"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    meeting_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("meeting.id", ondelete="CASCADE")
    )
    category_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("participant_category.id", ondelete="CASCADE"), index=True
    )
    email: so.Mapped[str] = so.mapped_column(sa.String(254))
    title: so.Mapped[str] = so.mapped_column(sa.String(40), default="")
    given_name: so.Mapped[str] = so.mapped_column(sa.String(100), default="")
    family_name: so.Mapped[str] = so.mapped_column(sa.String(100), default="")
    represents: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    language: so.Mapped[str] = so.mapped_column(sa.String(8), default="en")
    token_hash: so.Mapped[str | None] = so.mapped_column(sa.String(64), unique=True)
    bound: so.Mapped[bool] = so.mapped_column(default=True)
    status: so.Mapped[str] = so.mapped_column(sa.String(20), default="draft")
    expires_at: so.Mapped[datetime | None]
    sent_at: so.Mapped[datetime | None]
    reminded_at: so.Mapped[datetime | None]
    # The one automatic reminder (comms ReminderSchedule.invitation_reminder_days).
    auto_reminded_at: so.Mapped[datetime | None]
    answered_at: so.Mapped[datetime | None]
    decline_reason: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    registration_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("registration.id", ondelete="SET NULL"), index=True
    )
    # Who used an unbound invitation (the registration's address, and the account if any).
    used_by_email: so.Mapped[str] = so.mapped_column(sa.String(254), default="")
    used_by_user_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    # Sent because an organisation designated this person (directory/designations.py).
    designation_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("designation.id", ondelete="SET NULL"), index=True
    )

    meeting: so.Mapped[Meeting] = so.relationship()
    category: so.Mapped[ParticipantCategory] = so.relationship()
    registration: so.Mapped[Registration | None] = so.relationship()
    designation: so.Mapped[Optional["Designation"]] = so.relationship()  # noqa: F821
    documents: so.Mapped[list[MeetingDocument]] = so.relationship(
        secondary=invitation_document, order_by=MeetingDocument.id
    )

    def expired(self, now: datetime) -> bool:
        return self.expires_at is not None and now >= self.expires_at

    def usable(self, now: datetime) -> bool:
        """The link still takes an answer: not answered, revoked or expired."""
        return self.status in OPEN_STATUSES and not self.expired(now)

    @property
    def display_name(self) -> str:
        parts = (self.title, self.given_name, self.family_name)
        return " ".join(p for p in parts if p) or self.email


class InvitationImport(db.Model):
    """One upload of a file of invitations: its preview's counts, then its fate.

    The rows themselves wait in a stash file named by `key` until the import is
    confirmed or cancelled (then the file is deleted) or goes stale (purged daily).
    """

    __tablename__ = "invitation_import"
    __table_args__ = (enum_check("status", IMPORT_STATUSES),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    meeting_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    user_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    key: so.Mapped[str] = so.mapped_column(sa.String(32), unique=True)
    filename: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    status: so.Mapped[str] = so.mapped_column(sa.String(20), default="previewed")
    rows: so.Mapped[int] = so.mapped_column(default=0)
    good: so.Mapped[int] = so.mapped_column(default=0)
    duplicates: so.Mapped[int] = so.mapped_column(default=0)
    invalid: so.Mapped[int] = so.mapped_column(default=0)
    created: so.Mapped[int] = so.mapped_column(default=0)
    # [{"line": n, "fields": {field: message}}] and [{"line": n, "email": ...}]
    errors: so.Mapped[list] = so.mapped_column(sa.JSON, default=list)
    duplicate_rows: so.Mapped[list] = so.mapped_column(sa.JSON, default=list)
    created_at: so.Mapped[datetime]
    finished_at: so.Mapped[datetime | None]

    meeting: so.Mapped[Meeting] = so.relationship()
