from datetime import date
from datetime import datetime
from datetime import time
from typing import Optional

import sqlalchemy as sa
from sqlalchemy import orm as so

from eventsys.extensions import db
from eventsys.links import LinkFields
from eventsys.links import new_public_id
from eventsys.meetings.models import Meeting
from eventsys.meetings.models import Room
from eventsys.models import I18nText
from eventsys.models import TimestampMixin
from eventsys.models import enum_check
from eventsys.models import link_table
from eventsys.models import utcnow
from eventsys.registration.models import GENDERS

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
SIGNUP_STATUSES = ("confirmed", "waitlisted", "cancelled")
ACTIVE_SIGNUP_STATUSES = ("confirmed", "waitlisted")
# Protocol order of speakers' levels, highest first (DESIGN.md).
SPEAKER_LEVELS = (
    "head_of_state_or_government",
    "vice_president_or_crown_prince",
    "deputy_prime_minister",
    "minister",
    "vice_minister",
    "head_of_delegation",
    "other",
)
SPEAKER_STATUSES = (
    "requested",
    "inscribed",
    "called",
    "spoken",
    "absent",
    "withdrawn",
)
PROPOSAL_STATUSES = ("submitted", "accepted", "declined", "withdrawn")
PROPOSAL_FORMATS = ("in_person", "online", "hybrid")
# Languages a session may be held or interpreted in ("sgn": International Sign).
SESSION_LANGUAGES = ("en", "fr", "es", "ar", "zh", "ru", "pt", "sgn")


# The directory's organisations a side event's organisers name (matched on
# acceptance; the timeline lists "organised a side event"; merges move the rows).
# The names as typed stay in AgendaSession.organisers, which the agenda shows.
session_organisations = link_table(
    db.metadata,
    "agenda_session_organisation",
    session_id="agenda_session.id",
    organisation_id="organisation.id",
)


class AgendaSession(TimestampMixin, db.Model):
    __tablename__ = "agenda_session"
    __table_args__ = (
        enum_check("kind", SESSION_KINDS),
        enum_check("status", SESSION_STATUSES),
        sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        sa.Index("ix_agenda_session_meeting_starts", "meeting_id", "starts_at"),
        sa.CheckConstraint("signups_taken >= 0", name="signups_taken_positive"),
        sa.CheckConstraint(
            "signup_capacity IS NULL OR signups_taken <= signup_capacity",
            name="signups_within_capacity",
        ),
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
    # Sign-up (agenda/signups.py): places counted here, claimed by conditional UPDATE.
    takes_signups: so.Mapped[bool] = so.mapped_column(
        default=False, server_default=sa.false()
    )
    signup_capacity: so.Mapped[int | None]
    signups_taken: so.Mapped[int] = so.mapped_column(default=0, server_default="0")
    # The list of speakers (agenda/speakers.py).
    has_speakers_list: so.Mapped[bool] = so.mapped_column(
        default=False, server_default=sa.false()
    )
    speaking_time: so.Mapped[int | None]  # seconds per speaker, shown on the list
    speakers_per_delegation: so.Mapped[int] = so.mapped_column(
        default=1, server_default="1"
    )
    # When the secretariat published the list (agenda/speakers.py publish); None: not public.
    speakers_published_at: so.Mapped[datetime | None]
    # Languages: the floor language and the interpretation offered.
    floor_language: so.Mapped[str] = so.mapped_column(
        sa.String(8), default="", server_default=""
    )
    interpretation: so.Mapped[list[str]] = so.mapped_column(
        sa.JSON, default=list, server_default="[]"
    )
    # Side events: their organisers as shown; `organisations` links the directory's.
    organisers: so.Mapped[list[str]] = so.mapped_column(
        sa.JSON, default=list, server_default="[]"
    )
    organisations: so.Mapped[list["Organisation"]] = so.relationship(  # noqa: F821
        secondary=session_organisations, order_by="Organisation.id"
    )

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
    __table_args__ = (
        enum_check("role", PERSON_ROLES),
        sa.CheckConstraint(
            "gender IS NULL OR gender IN ("
            + ", ".join(f"'{g}'" for g in GENDERS)
            + ")",
            name="gender_allowed",
        ),
    )

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
    # Optional, for the panel's balance only; never shown publicly.
    gender: so.Mapped[str | None] = so.mapped_column(sa.String(20))

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


class SessionSignup(db.Model):
    """A participant's place (or place in the queue) in a session that takes sign-ups."""

    __tablename__ = "session_signup"
    __table_args__ = (
        enum_check("status", SIGNUP_STATUSES),
        # One active sign-up per participant and session; cancelled ones stay as history.
        sa.Index(
            "uq_session_signup_active",
            "session_id",
            "registration_id",
            unique=True,
            sqlite_where=sa.text("status IN ('confirmed','waitlisted')"),
            postgresql_where=sa.text("status IN ('confirmed','waitlisted')"),
        ),
        sa.Index("ix_session_signup_session_status", "session_id", "status", "id"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    session_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("agenda_session.id", ondelete="CASCADE")
    )
    registration_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("registration.id", ondelete="CASCADE"), index=True
    )
    status: so.Mapped[str] = so.mapped_column(sa.String(20), default="confirmed")
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    status_changed_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    session: so.Mapped[AgendaSession] = so.relationship()
    registration: so.Mapped["Registration"] = so.relationship()  # noqa: F821


class SpeakerRequest(db.Model):
    """A request for the floor in a plenary; the list is ordered by `position`."""

    __tablename__ = "speaker_request"
    __table_args__ = (
        enum_check("status", SPEAKER_STATUSES),
        enum_check("level", SPEAKER_LEVELS),
        sa.CheckConstraint("block BETWEEN 0 AND 4", name="block_known"),
        sa.Index("ix_speaker_request_session_position", "session_id", "position"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    session_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("agenda_session.id", ondelete="CASCADE")
    )
    registration_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("registration.id", ondelete="CASCADE"), index=True
    )
    delegation_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("delegation.id", ondelete="SET NULL"), index=True
    )
    # As displayed; the directory's organisation, when the registration or its
    # delegation is linked to one, decides the protocol block.
    speaking_for: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    speaking_for_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    on_behalf_of_group: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    level: so.Mapped[str] = so.mapped_column(sa.String(40), default="other")
    # Protocol block (agenda/speakers.py protocol_block), kept as inscribed.
    block: so.Mapped[int] = so.mapped_column(default=4)
    requested_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    status: so.Mapped[str] = so.mapped_column(sa.String(20), default="inscribed")
    position: so.Mapped[int] = so.mapped_column(default=0)
    time_limit: so.Mapped[int | None]  # seconds; else the session's speaking time

    session: so.Mapped[AgendaSession] = so.relationship()
    registration: so.Mapped["Registration"] = so.relationship()  # noqa: F821
    speaking_for_organisation: so.Mapped[Optional["Organisation"]] = so.relationship()  # noqa: F821


class SideEventProposal(db.Model):
    """A partner's proposal for a side event; accepted, it becomes a session."""

    __tablename__ = "side_event_proposal"
    __link__ = LinkFields(
        "side_event_proposal", resend_endpoint="agenda.my_side_event_resend"
    )
    __table_args__ = (
        enum_check("status", PROPOSAL_STATUSES),
        enum_check("format", PROPOSAL_FORMATS),
        sa.Index("ix_side_event_proposal_meeting_status", "meeting_id", "status"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    meeting_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("meeting.id", ondelete="CASCADE")
    )
    organisers: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    contact_name: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    contact_email: so.Mapped[str] = so.mapped_column(sa.String(254))
    title: so.Mapped[dict[str, str]] = so.mapped_column(I18nText)
    description: so.Mapped[dict[str, str]] = so.mapped_column(I18nText, default=dict)
    language: so.Mapped[str] = so.mapped_column(sa.String(8), default="en")
    format: so.Mapped[str] = so.mapped_column(sa.String(20), default="in_person")
    # The wish, structured: a day of the meeting and a local start time (the
    # meeting's zone), with an optional length; wished_slot is a free note.
    wished_day: so.Mapped[date | None] = so.mapped_column(sa.Date)
    wished_start: so.Mapped[time | None] = so.mapped_column(sa.Time)
    wished_minutes: so.Mapped[int | None]
    wished_slot: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    expected_attendance: so.Mapped[int | None]
    status: so.Mapped[str] = so.mapped_column(sa.String(20), default="submitted")
    comment: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    # The proposer's personal link (eventsys/links.py), from the proposal on.
    public_id: so.Mapped[str] = so.mapped_column(
        sa.String(22), unique=True, default=new_public_id
    )
    link_generation: so.Mapped[int] = so.mapped_column(default=1)
    # The hash of a link sent before HMAC links, accepted until a new link.
    legacy_token_hash: so.Mapped[str | None] = so.mapped_column(
        sa.String(64), unique=True
    )
    session_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("agenda_session.id", ondelete="SET NULL")
    )
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    decided_at: so.Mapped[datetime | None]

    meeting: so.Mapped[Meeting] = so.relationship()
    session: so.Mapped[AgendaSession | None] = so.relationship()
