from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import orm as so

from eventsys.extensions import db
from eventsys.models import enum_check
from eventsys.models import utcnow

OUTBOX_STATUSES = ("pending", "sending", "sent", "failed")
# Lower goes first: transactional mail before bulk mail.
PRIORITY_TRANSACTIONAL = 0
PRIORITY_BULK = 10


class OutboxEmail(db.Model):
    __tablename__ = "outbox_email"
    __table_args__ = (
        enum_check("status", OUTBOX_STATUSES),
        sa.Index("ix_outbox_due", "status", "priority", "next_try_at"),
        sa.Index("ix_outbox_comms_message", "comms_message_id", "status"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    to_addr: so.Mapped[str] = so.mapped_column(sa.String(254))
    to_name: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    reply_to: so.Mapped[str] = so.mapped_column(sa.String(254), default="")
    subject: so.Mapped[str] = so.mapped_column(sa.String(300))
    body_text: so.Mapped[str] = so.mapped_column(sa.Text)
    body_html: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    # iTIP part: REQUEST/CANCEL invitation bytes as text, sent inline and attached.
    calendar_ics: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    calendar_method: so.Mapped[str] = so.mapped_column(sa.String(20), default="")
    kind: so.Mapped[str] = so.mapped_column(sa.String(40), default="")
    # Extra headers ({"List-Id": ...}) the sender adds to the message.
    headers: so.Mapped[dict[str, str] | None] = so.mapped_column(sa.JSON)
    # The comms Message a bulk row belongs to (no foreign key: rows outlive nothing).
    comms_message_id: so.Mapped[int | None]
    priority: so.Mapped[int] = so.mapped_column(default=PRIORITY_TRANSACTIONAL)
    status: so.Mapped[str] = so.mapped_column(sa.String(20), default="pending")
    attempts: so.Mapped[int] = so.mapped_column(default=0)
    next_try_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    claimed_by: so.Mapped[str] = so.mapped_column(sa.String(100), default="")
    claimed_at: so.Mapped[datetime | None]
    message_id: so.Mapped[str] = so.mapped_column(sa.String(200), unique=True)
    last_error: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    sent_at: so.Mapped[datetime | None]
    # Set when the person was erased before this row went out: stripped once sent.
    erase_after_send: so.Mapped[bool] = so.mapped_column(default=False)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
