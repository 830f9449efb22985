"""A message to a meeting's participants, and the addresses that opted out of messages.

A message stores its audience filter and its counts, never a recipient list:
the per-recipient rows are the outbox's (OutboxEmail.comms_message_id), purged
with it.
"""

from datetime import datetime
from typing import Optional

import sqlalchemy as sa
from sqlalchemy import orm as so

from eventsys.extensions import db
from eventsys.meetings.models import Meeting
from eventsys.models import I18nText
from eventsys.models import enum_check
from eventsys.models import utcnow


class Message(db.Model):
    __tablename__ = "message"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    meeting_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    author_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    # The filter as composed (see comms/queries.py AUDIENCE_KEYS).
    audience: so.Mapped[dict] = so.mapped_column(sa.JSON, default=dict)
    # Per language: {"en": "...", "fr": "..."}.
    subject: so.Mapped[dict[str, str]] = so.mapped_column(I18nText, default=dict)
    body: so.Mapped[dict[str, str]] = so.mapped_column(I18nText, default=dict)
    # How many outbox rows the send wrote (opted-out addresses are not counted).
    recipients: so.Mapped[int] = so.mapped_column(default=0)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    meeting: so.Mapped[Meeting] = so.relationship()
    author: so.Mapped[Optional["User"]] = so.relationship()  # noqa: F821


class MessageOptOut(db.Model):
    """An address that asked (List-Unsubscribe) for no more messages; transactional mail still goes."""

    __tablename__ = "message_opt_out"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    email: so.Mapped[str] = so.mapped_column(sa.String(254), unique=True)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)


# ---------------------------------------------------------------- reminders

# Offsets are hours before the meeting's start.
DEFAULT_OFFSETS = (7 * 24, 24)
MAX_OFFSET_HOURS = 90 * 24
REMINDER_KINDS = ("participant", "nomination")


class ReminderSchedule(db.Model):
    """A meeting's reminders; a meeting without a row has the defaults (see `schedule_of`)."""

    __tablename__ = "reminder_schedule"
    __table_args__ = (
        sa.CheckConstraint(
            "invitation_alarm_minutes IS NULL OR invitation_alarm_minutes > 0",
            name="alarm_positive",
        ),
        sa.CheckConstraint(
            "invitation_reminder_days IS NULL OR invitation_reminder_days > 0",
            name="invitation_days_positive",
        ),
        sa.CheckConstraint(
            "nomination_reminder_days IS NULL OR nomination_reminder_days > 0",
            name="nomination_days_positive",
        ),
    )

    meeting_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("meeting.id", ondelete="CASCADE"), primary_key=True
    )
    enabled: so.Mapped[bool] = so.mapped_column(default=True)
    # Hours before the start, largest first: [168, 24] is "7 days and 1 day".
    offsets: so.Mapped[list[int]] = so.mapped_column(
        sa.JSON, default=lambda: list(DEFAULT_OFFSETS)
    )
    # A VALARM this many minutes before the start in calendar invitations; None: none.
    invitation_alarm_minutes: so.Mapped[int | None]
    # Invitees who have not answered get one automatic reminder this many days
    # before their invitation expires; None: never (the manual button still works).
    invitation_reminder_days: so.Mapped[int | None]
    # Focal points of delegations without a member, this many days before the
    # nomination deadline; None: never.
    # (No column default: None is "off"; comms/reminders.py schedule_of gives 3.)
    nomination_reminder_days: so.Mapped[int | None]
    updated_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    meeting: so.Mapped[Meeting] = so.relationship()


class ReminderSent(db.Model):
    """One reminder that went to a registration (or a focal point): never twice."""

    __tablename__ = "reminder_sent"
    __table_args__ = (
        sa.UniqueConstraint("registration_id", "offset_hours"),
        sa.UniqueConstraint("delegation_id", "offset_hours"),
        sa.CheckConstraint(
            "(registration_id IS NULL) <> (delegation_id IS NULL)",
            name="one_recipient",
        ),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    registration_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("registration.id", ondelete="CASCADE")
    )
    delegation_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("delegation.id", ondelete="CASCADE")
    )
    offset_hours: so.Mapped[int]
    # The meeting's start the reminder announced (it may move afterwards).
    meeting_starts_at: so.Mapped[datetime]
    sent_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)


# ---------------------------------------------------------------- notifications

NOTIFICATION_MODES = ("immediate", "digest", "off")
NOTIFICATION_KINDS = (
    "registration_pending",
    "delegation_nominated",
    "outcome_submitted",
    "outcome_returned",
    "outcome_published",
    "side_event_proposed",
)


class NotificationPreference(db.Model):
    """How a user hears of what waits for them; no row is "immediate"."""

    __tablename__ = "notification_preference"
    __table_args__ = (enum_check("mode", NOTIFICATION_MODES),)

    user_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    mode: so.Mapped[str] = so.mapped_column(sa.String(20), default="immediate")
    updated_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)


class PendingNotification(db.Model):
    """A notification kept for a user's daily digest (deleted once the digest is queued).

    It stores what happened (kind and the words to fill in), not the email, so
    the digest is written in the user's language of the day it goes out.
    """

    __tablename__ = "pending_notification"
    __table_args__ = (enum_check("kind", NOTIFICATION_KINDS),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    meeting_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("meeting.id", ondelete="CASCADE")
    )
    kind: so.Mapped[str] = so.mapped_column(sa.String(40))
    params: so.Mapped[dict] = so.mapped_column(sa.JSON, default=dict)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    meeting: so.Mapped[Meeting] = so.relationship()
