from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import orm as so

from eventsys.extensions import db
from eventsys.models import I18nText
from eventsys.models import TimestampMixin
from eventsys.models import enum_check
from eventsys.models import seat_counter_checks

SERIES_KINDS = (
    "dialogue",
    "global_meeting",
    "rcp",
    "interregional_forum",
    "civil_society",
    "other",
)
MEETING_FORMATS = ("in_person", "virtual", "hybrid")
MEETING_STATUSES = ("draft", "published", "cancelled")
# Who may register: anybody (open) or only those invited (see docs on invitations).
ACCESS_MODES = ("open", "invitation")
MEETING_ROLES = ("manager", "rapporteur", "checkin")
# Who sees which agenda: the working one at once, or only what was released
# (agenda/releases.py).
AGENDA_VISIBILITIES = ("always", "released")


class Series(TimestampMixin, db.Model):
    __tablename__ = "series"
    __table_args__ = (enum_check("kind", SERIES_KINDS),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    slug: so.Mapped[str] = so.mapped_column(sa.String(80), unique=True)
    acronym: so.Mapped[str] = so.mapped_column(sa.String(20))
    name: so.Mapped[dict[str, str]] = so.mapped_column(I18nText)
    kind: so.Mapped[str] = so.mapped_column(sa.String(30), default="other")
    description: so.Mapped[dict[str, str]] = so.mapped_column(I18nText, default=dict)
    # [{"key", "name": {lang: text}, "requires_approval", "on_public_list"}]
    default_categories: so.Mapped[list[dict[str, Any]]] = so.mapped_column(
        sa.JSON, default=list
    )

    meetings: so.Mapped[list["Meeting"]] = so.relationship(back_populates="series")


class Meeting(TimestampMixin, db.Model):
    __tablename__ = "meeting"
    __table_args__ = (
        enum_check("format", MEETING_FORMATS),
        enum_check("status", MEETING_STATUSES),
        enum_check("access", ACCESS_MODES),
        enum_check("agenda_visibility", AGENDA_VISIBILITIES),
        sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        *seat_counter_checks(),
        sa.Index("ix_meeting_status_starts_at", "status", "starts_at"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    slug: so.Mapped[str] = so.mapped_column(sa.String(80), unique=True)
    series_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("series.id", ondelete="RESTRICT"), index=True
    )
    title: so.Mapped[dict[str, str]] = so.mapped_column(I18nText)
    theme: so.Mapped[dict[str, str]] = so.mapped_column(I18nText, default=dict)
    description: so.Mapped[dict[str, str]] = so.mapped_column(I18nText, default=dict)
    practical_info: so.Mapped[dict[str, str]] = so.mapped_column(I18nText, default=dict)
    starts_at: so.Mapped[datetime]
    ends_at: so.Mapped[datetime]
    timezone: so.Mapped[str] = so.mapped_column(sa.String(64))
    venue: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    city: so.Mapped[str] = so.mapped_column(sa.String(100), default="")
    country: so.Mapped[str] = so.mapped_column(sa.String(2), default="")
    format: so.Mapped[str] = so.mapped_column(sa.String(20), default="in_person")
    # Confidential: only confirmed online participants ever see it.
    online_url: so.Mapped[str | None] = so.mapped_column(sa.String(500))
    online_access_note: so.Mapped[dict[str, str]] = so.mapped_column(
        I18nText, default=dict
    )
    contact_email: so.Mapped[str] = so.mapped_column(sa.String(254), default="")
    languages: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    main_language: so.Mapped[str] = so.mapped_column(sa.String(8), default="en")
    status: so.Mapped[str] = so.mapped_column(sa.String(20), default="draft")
    cancel_reason: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    registration_opens_at: so.Mapped[datetime | None]
    registration_closes_at: so.Mapped[datetime | None]
    capacity: so.Mapped[int | None]
    in_person_capacity: so.Mapped[int | None]
    online_capacity: so.Mapped[int | None]
    # Seat counters, claimed with a conditional UPDATE (see registration.seats).
    seats_taken: so.Mapped[int] = so.mapped_column(default=0)
    in_person_taken: so.Mapped[int] = so.mapped_column(default=0)
    online_taken: so.Mapped[int] = so.mapped_column(default=0)
    requires_approval: so.Mapped[bool] = so.mapped_column(default=False)
    public_participant_list: so.Mapped[bool] = so.mapped_column(default=False)
    access: so.Mapped[str] = so.mapped_column(
        sa.String(20), default="open", server_default="open"
    )
    agenda_visibility: so.Mapped[str] = so.mapped_column(
        sa.String(20), default="always", server_default="always"
    )
    sequence: so.Mapped[int] = so.mapped_column(default=0)
    # Visa support letters (onsite/visa.py owns these settings): NULL deadline
    # means 42 days before the start.
    visa_support: so.Mapped[bool] = so.mapped_column(
        default=False, server_default=sa.false()
    )
    visa_deadline: so.Mapped[datetime | None]
    visa_signatory_name: so.Mapped[str] = so.mapped_column(
        sa.String(200), default="", server_default=""
    )
    visa_signatory_title: so.Mapped[str] = so.mapped_column(
        sa.String(200), default="", server_default=""
    )
    # The venue is UN premises (UNHQ, the Palais des Nations): entry by a UN
    # grounds pass, from a list the organiser submits (onsite/grounds_pass.py).
    un_premises: so.Mapped[bool] = so.mapped_column(
        default=False, server_default=sa.false()
    )
    # The call for side events (agenda/side_events.py).
    side_events_open: so.Mapped[bool] = so.mapped_column(
        default=False, server_default=sa.false()
    )
    side_events_deadline: so.Mapped[datetime | None]
    # Ask registrations and session people their gender (optional; parity only).
    asks_gender: so.Mapped[bool] = so.mapped_column(
        default=False, server_default=sa.false()
    )
    # Set when a change must reach invitations; cleared by the batched sender.
    invites_due_at: so.Mapped[datetime | None]

    series: so.Mapped[Series] = so.relationship(back_populates="meetings")
    rooms: so.Mapped[list["Room"]] = so.relationship(
        back_populates="meeting",
        cascade="all, delete-orphan",
        order_by="Room.position",
    )
    roles: so.Mapped[list["MeetingRole"]] = so.relationship(
        back_populates="meeting", cascade="all, delete-orphan"
    )

    @property
    def is_public(self) -> bool:
        return self.status != "draft"

    @property
    def uses_releases(self) -> bool:
        """The public sees the latest agenda release, not the working agenda."""
        return self.agenda_visibility == "released"

    def bump_sequence(self, now: datetime) -> None:
        """A change calendars must take: SEQUENCE rises, LAST-MODIFIED moves.

        The meeting's event shows its dates, times, place and status, and the
        hours of each day from its agenda; every session's event shows the
        meeting's place and status, so its SEQUENCE adds the meeting's.
        """
        self.sequence = (self.sequence or 0) + 1
        self.updated_at = now

    def __repr__(self) -> str:
        return f"<Meeting {self.slug}>"


class MeetingRole(db.Model):
    __tablename__ = "meeting_role"
    __table_args__ = (
        enum_check("role", MEETING_ROLES),
        sa.UniqueConstraint("meeting_id", "user_id", "role"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    meeting_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    user_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    role: so.Mapped[str] = so.mapped_column(sa.String(20))
    # Door staff lose the role by themselves (default: the meeting's end + 1 day).
    expires_at: so.Mapped[datetime | None]

    meeting: so.Mapped[Meeting] = so.relationship(back_populates="roles")
    user: so.Mapped["User"] = so.relationship(back_populates="roles")  # noqa: F821


class Room(db.Model):
    __tablename__ = "room"
    __table_args__ = (sa.UniqueConstraint("meeting_id", "name"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    meeting_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    name: so.Mapped[str] = so.mapped_column(sa.String(120))
    capacity: so.Mapped[int | None]
    position: so.Mapped[int] = so.mapped_column(default=0)

    meeting: so.Mapped[Meeting] = so.relationship(back_populates="rooms")
