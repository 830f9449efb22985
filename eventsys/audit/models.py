from datetime import datetime
from typing import Any
from typing import Optional

import sqlalchemy as sa
from sqlalchemy import orm as so

from eventsys.extensions import db
from eventsys.models import utcnow


class AuditEvent(db.Model):
    """One thing that happened; the application only ever appends these."""

    __tablename__ = "audit_event"
    __table_args__ = (sa.Index("ix_audit_event_object", "object_type", "object_id"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    at: so.Mapped[datetime] = so.mapped_column(default=utcnow, index=True)
    actor_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    # Kept as written, so the log still says who acted after a user is deleted.
    actor_label: so.Mapped[str] = so.mapped_column(sa.String(254), default="")
    action: so.Mapped[str] = so.mapped_column(sa.String(60), index=True)
    object_type: so.Mapped[str] = so.mapped_column(sa.String(40), default="")
    object_id: so.Mapped[int | None]
    meeting_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("meeting.id", ondelete="SET NULL"), index=True
    )
    security: so.Mapped[bool] = so.mapped_column(default=False, index=True)
    before: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON, default=dict)
    after: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON, default=dict)
    ip: so.Mapped[str] = so.mapped_column(sa.String(45), default="")

    actor: so.Mapped[Optional["User"]] = so.relationship()  # noqa: F821
