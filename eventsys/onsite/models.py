"""Getting people into the room: check-in devices and check-ins (docs/architecture.md)."""

from datetime import date
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import orm as so

from eventsys.auth.models import User
from eventsys.extensions import db
from eventsys.meetings.models import Meeting
from eventsys.models import enum_check
from eventsys.models import utcnow
from eventsys.registration.models import Registration

CHECKIN_SOURCES = ("scan", "manual", "import")
# What became of one scan sent by a device (kept so a resent nonce gets the same answer).
SCAN_RESULTS = ("checked_in", "already_checked_in", "not_confirmed")


class CheckinDevice(db.Model):
    """A phone or scanner the server issued an id to, for one meeting."""

    __tablename__ = "checkin_device"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    meeting_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    user_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    # The id devices send: random, so one device cannot guess another's.
    key: so.Mapped[str] = so.mapped_column(sa.String(40), unique=True)
    label: so.Mapped[str] = so.mapped_column(sa.String(100), default="")
    issued_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    revoked_at: so.Mapped[datetime | None]

    meeting: so.Mapped[Meeting] = so.relationship()
    user: so.Mapped[User | None] = so.relationship()


class Checkin(db.Model):
    """A registration's attendance on one day of the meeting (one row per day)."""

    __tablename__ = "checkin"
    __table_args__ = (
        sa.UniqueConstraint("registration_id", "day"),
        enum_check("source", CHECKIN_SOURCES),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    registration_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("registration.id", ondelete="CASCADE")
    )
    day: so.Mapped[date] = so.mapped_column(sa.Date)
    source: so.Mapped[str] = so.mapped_column(sa.String(10), default="scan")
    device_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("checkin_device.id", ondelete="SET NULL"), index=True
    )
    at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    nonce: so.Mapped[str | None] = so.mapped_column(sa.String(64), unique=True)

    registration: so.Mapped[Registration] = so.relationship()
    device: so.Mapped[CheckinDevice | None] = so.relationship()


class CheckinScan(db.Model):
    """Every scan a device sent, by nonce: a resent batch gets the same answers."""

    __tablename__ = "checkin_scan"
    __table_args__ = (enum_check("result", SCAN_RESULTS),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    nonce: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    registration_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("registration.id", ondelete="CASCADE"), index=True
    )
    device_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("checkin_device.id", ondelete="SET NULL"), index=True
    )
    checkin_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("checkin.id", ondelete="SET NULL"), index=True
    )
    at: so.Mapped[datetime]
    result: so.Mapped[str] = so.mapped_column(sa.String(20))

    checkin: so.Mapped[Checkin | None] = so.relationship()
