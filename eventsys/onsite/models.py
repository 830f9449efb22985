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


VISA_STATUSES = ("requested", "issued", "refused", "revoked")
VISA_FUNDING = ("none", "travel", "travel_and_subsistence")
PASSPORT_TYPES = ("ordinary", "diplomatic", "service", "other")
VISA_ASKED_BY = ("participant", "focal_point")


class VisaRequest(db.Model):
    """A registration's request for a visa support letter (onsite/visa.py).

    The passport data (names as in the passport, passport number and type,
    nationality, dates, place of issue, consulate) is one Fernet token in
    `passport`; the letter is kept encrypted in the file storage under
    `letter_key`. Both are erased 30 days after the meeting ends (`purged_at`).
    The verification code is shown once, on the letter: only its hash is kept.
    """

    __tablename__ = "visa_request"
    __table_args__ = (
        enum_check("status", VISA_STATUSES),
        enum_check("funding", VISA_FUNDING),
        enum_check("asked_by", VISA_ASKED_BY),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    registration_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("registration.id", ondelete="CASCADE"), unique=True
    )
    status: so.Mapped[str] = so.mapped_column(sa.String(10), default="requested")
    passport: so.Mapped[str | None] = so.mapped_column(sa.Text)  # encrypted
    funding: so.Mapped[str] = so.mapped_column(sa.String(30), default="none")
    letter_language: so.Mapped[str] = so.mapped_column(sa.String(8), default="")
    reference: so.Mapped[str] = so.mapped_column(sa.String(60), default="")
    code_hash: so.Mapped[str | None] = so.mapped_column(sa.String(64), unique=True)
    letter_key: so.Mapped[str | None] = so.mapped_column(sa.String(64))
    refusal_reason: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    asked_by: so.Mapped[str] = so.mapped_column(sa.String(20), default="participant")
    requested_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    decided_at: so.Mapped[datetime | None]
    decided_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    issued_at: so.Mapped[datetime | None]
    revoked_at: so.Mapped[datetime | None]
    purged_at: so.Mapped[datetime | None]

    registration: so.Mapped[Registration] = so.relationship()
    decided_by: so.Mapped[User | None] = so.relationship()

    @property
    def meeting_id(self) -> int:
        """The meeting of the request's registration (for lookup.get_of_meeting)."""
        return self.registration.meeting_id
