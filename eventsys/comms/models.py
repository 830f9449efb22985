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
