from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import orm as so

from eventsys.extensions import db
from eventsys.meetings.models import Meeting
from eventsys.models import TimestampMixin
from eventsys.models import enum_check
from eventsys.registration.models import ParticipantCategory
from eventsys.registration.models import Registration

INVITATION_STATUSES = ("draft", "sent", "accepted", "declined", "revoked")
# Statuses whose link still takes an answer (before expires_at).
OPEN_STATUSES = ("draft", "sent")
LANGUAGES = ("en", "fr", "es")


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

    meeting: so.Mapped[Meeting] = so.relationship()
    category: so.Mapped[ParticipantCategory] = so.relationship()
    registration: so.Mapped[Registration | None] = so.relationship()

    def expired(self, now: datetime) -> bool:
        return self.expires_at is not None and now >= self.expires_at

    def usable(self, now: datetime) -> bool:
        """The link still takes an answer: not answered, revoked or expired."""
        return self.status in OPEN_STATUSES and not self.expired(now)

    @property
    def display_name(self) -> str:
        parts = (self.title, self.given_name, self.family_name)
        return " ".join(p for p in parts if p) or self.email
