from datetime import datetime
from typing import Optional

import sqlalchemy as sa
from sqlalchemy import orm as so

from eventsys.extensions import db
from eventsys.meetings.models import Meeting
from eventsys.meetings.models import Room
from eventsys.models import I18nText
from eventsys.models import TimestampMixin
from eventsys.models import enum_check

SESSION_KINDS = (
    "opening",
    "plenary",
    "panel",
    "breakout",
    "side_event",
    "break",
    "closing",
)
SESSION_STATUSES = ("scheduled", "cancelled")
PERSON_ROLES = ("chair", "moderator", "speaker", "panelist", "keynote", "rapporteur")


class AgendaSession(TimestampMixin, db.Model):
    __tablename__ = "agenda_session"
    __table_args__ = (
        enum_check("kind", SESSION_KINDS),
        enum_check("status", SESSION_STATUSES),
        sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        sa.Index("ix_agenda_session_meeting_starts", "meeting_id", "starts_at"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    meeting_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("meeting.id", ondelete="CASCADE")
    )
    title: so.Mapped[dict[str, str]] = so.mapped_column(I18nText)
    kind: so.Mapped[str] = so.mapped_column(sa.String(20), default="plenary")
    starts_at: so.Mapped[datetime]
    ends_at: so.Mapped[datetime]
    room_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("room.id", ondelete="SET NULL"), index=True
    )
    description: so.Mapped[dict[str, str]] = so.mapped_column(I18nText, default=dict)
    status: so.Mapped[str] = so.mapped_column(sa.String(20), default="scheduled")
    # Tie-breaker among sessions starting at the same time (manual reorder).
    position: so.Mapped[int] = so.mapped_column(default=0)
    sequence: so.Mapped[int] = so.mapped_column(default=0)

    meeting: so.Mapped[Meeting] = so.relationship()
    room: so.Mapped[Room | None] = so.relationship()
    people: so.Mapped[list["SessionPerson"]] = so.relationship(
        back_populates="session",
        cascade="all, delete-orphan",
        order_by="SessionPerson.position",
    )

    def bump_sequence(self, now: datetime) -> None:
        """A change the session's calendar event must carry: SEQUENCE rises."""
        self.sequence = (self.sequence or 0) + 1
        self.updated_at = now

    def event_sequence(self, meeting) -> int:
        """SEQUENCE of the session's event: its own changes plus its meeting's."""
        return (self.sequence or 0) + (meeting.sequence or 0)


class SessionPerson(db.Model):
    __tablename__ = "session_person"
    __table_args__ = (enum_check("role", PERSON_ROLES),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    session_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("agenda_session.id", ondelete="CASCADE"), index=True
    )
    name: so.Mapped[str] = so.mapped_column(sa.String(200))
    affiliation: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    role: so.Mapped[str] = so.mapped_column(sa.String(20), default="speaker")
    user_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    position: so.Mapped[int] = so.mapped_column(default=0)
    # The directory's organisation the person speaks for (affiliation stays as typed).
    organisation_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )

    session: so.Mapped[AgendaSession] = so.relationship(back_populates="people")
    user: so.Mapped[Optional["User"]] = so.relationship()  # noqa: F821


class AgendaRelease(db.Model):
    """A frozen agenda the public sees (agenda/releases.py); never changed once made."""

    __tablename__ = "agenda_release"
    __table_args__ = (
        sa.UniqueConstraint("meeting_id", "number"),
        sa.CheckConstraint("number > 0", name="number_positive"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    meeting_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    number: so.Mapped[int]
    label: so.Mapped[str] = so.mapped_column(sa.String(200))
    note: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    released_at: so.Mapped[datetime]
    released_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    # agenda/snapshots.py: the meeting's practical details and its sessions.
    snapshot: so.Mapped[dict] = so.mapped_column(sa.JSON)

    meeting: so.Mapped[Meeting] = so.relationship()
    released_by: so.Mapped[Optional["User"]] = so.relationship()  # noqa: F821


@sa.event.listens_for(AgendaRelease, "before_update")
def _releases_are_immutable(mapper, connection, target) -> None:
    raise ValueError("an agenda release is never changed")


class AgendaNotice(db.Model):
    """What participants were last told of a meeting's agenda (change emails).

    The batched sender (calendar/service.py) compares it with what the public
    sees now and lists the differences (agenda/changes.py).
    """

    __tablename__ = "agenda_notice"

    meeting_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("meeting.id", ondelete="CASCADE"), primary_key=True
    )
    snapshot: so.Mapped[dict] = so.mapped_column(sa.JSON)
    notified_at: so.Mapped[datetime | None]
