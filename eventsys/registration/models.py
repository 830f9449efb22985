from datetime import datetime
from typing import Optional

import sqlalchemy as sa
from sqlalchemy import orm as so

from eventsys.extensions import db
from eventsys.links import LinkFields
from eventsys.links import new_public_id
from eventsys.meetings.models import ACCESS_MODES
from eventsys.meetings.models import Meeting
from eventsys.models import I18nText
from eventsys.models import TimestampMixin
from eventsys.models import enum_check
from eventsys.models import seat_counter_checks
from eventsys.models import utcnow
from eventsys.tokens import new_checkin_code

ATTENDANCE = ("in_person", "online")
REGISTRATION_STATUSES = ("pending", "waitlisted", "confirmed", "rejected", "cancelled")
# States that block a second registration with the same email.
ACTIVE_STATUSES = ("pending", "waitlisted", "confirmed")
# requested (a State or organisation asked) -> invited (the secretariat accepted,
# the focal point has a link) -> nominated -> accredited; or declined, withdrawn.
DELEGATION_STATUSES = (
    "requested",
    "invited",
    "nominated",
    "accredited",
    "declined",
    "withdrawn",
)
FUNCTIONS = ("head_of_delegation", "alternate", "adviser", "member")
# Optional, for parity statistics only (agenda/parity.py); never shown publicly.
GENDERS = ("woman", "man", "another", "prefer_not_to_say")
QUESTION_KINDS = ("text", "long_text", "single_choice", "multiple_choice", "checkbox")


class ParticipantCategory(db.Model):
    """A kind of participant at one meeting; NULL settings inherit the meeting's."""

    __tablename__ = "participant_category"
    __table_args__ = (
        sa.UniqueConstraint("meeting_id", "key"),
        enum_check("access", ACCESS_MODES),
        *seat_counter_checks(),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    meeting_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    key: so.Mapped[str] = so.mapped_column(sa.String(40))
    position: so.Mapped[int] = so.mapped_column(default=0)
    name: so.Mapped[dict[str, str]] = so.mapped_column(I18nText)
    capacity: so.Mapped[int | None]
    in_person_capacity: so.Mapped[int | None]
    online_capacity: so.Mapped[int | None]
    seats_taken: so.Mapped[int] = so.mapped_column(default=0)
    in_person_taken: so.Mapped[int] = so.mapped_column(default=0)
    online_taken: so.Mapped[int] = so.mapped_column(default=0)
    requires_approval: so.Mapped[bool | None]
    opens_at: so.Mapped[datetime | None]
    closes_at: so.Mapped[datetime | None]
    on_public_list: so.Mapped[bool] = so.mapped_column(default=True)
    access: so.Mapped[str | None] = so.mapped_column(
        sa.String(20)
    )  # NULL: as the meeting
    # Largest number of members one delegation may register in this category.
    delegation_size_limit: so.Mapped[int | None]
    # Invited people are confirmed without approval unless this is set.
    approval_for_invited: so.Mapped[bool] = so.mapped_column(default=False)
    # Registrations wait (pending) until their organisation is linked, confirmed
    # and approved in the directory (eventsys/directory/vetting.py says why).
    requires_approved_organisation: so.Mapped[bool] = so.mapped_column(
        default=False, server_default=sa.false()
    )

    meeting: so.Mapped[Meeting] = so.relationship()


class Delegation(TimestampMixin, db.Model):
    __tablename__ = "delegation"
    __link__ = LinkFields(
        "delegation", resend_endpoint="registration.delegation_resend"
    )
    __table_args__ = (
        enum_check("status", DELEGATION_STATUSES),
        sa.UniqueConstraint("meeting_id", "represents"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    meeting_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    represents: so.Mapped[str] = so.mapped_column(sa.String(200))
    # ISO 3166 alpha-2 when a State is represented; empty for organisations.
    country: so.Mapped[str] = so.mapped_column(sa.String(2), default="")
    focal_point_email: so.Mapped[str] = so.mapped_column(sa.String(254))
    focal_point_name: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    # The focal point's link (eventsys/links.py); generation 0 until invited.
    public_id: so.Mapped[str] = so.mapped_column(
        sa.String(22), unique=True, default=new_public_id
    )
    link_generation: so.Mapped[int] = so.mapped_column(default=0)
    # The hash of a link sent before HMAC links, accepted until a new link.
    legacy_token_hash: so.Mapped[str | None] = so.mapped_column(
        sa.String(64), unique=True
    )
    status: so.Mapped[str] = so.mapped_column(sa.String(20), default="invited")
    note_reference: so.Mapped[str] = so.mapped_column(sa.String(100), default="")
    # The Permanent Mission (or office) that asked for the delegation.
    mission: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    size_limit: so.Mapped[int | None]
    # When the focal point must have nominated the members; None: registration's close.
    nomination_deadline: so.Mapped[datetime | None]
    # The directory's organisation (a State is one too); `represents` stays as typed.
    represents_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )

    meeting: so.Mapped[Meeting] = so.relationship()
    members: so.Mapped[list["Registration"]] = so.relationship(
        back_populates="delegation"
    )


class Registration(TimestampMixin, db.Model):
    __tablename__ = "registration"
    __link__ = LinkFields("registration", resend_endpoint="registration.resend_current")
    __table_args__ = (
        enum_check("status", REGISTRATION_STATUSES),
        enum_check("attendance", ATTENDANCE),
        sa.CheckConstraint(
            "function IS NULL OR function IN ("
            + ", ".join(f"'{f}'" for f in FUNCTIONS)
            + ")",
            name="function_allowed",
        ),
        # One active registration per email per meeting, except members whose
        # focal point registers them with a shared address.
        sa.Index(
            "uq_registration_active_email",
            "meeting_id",
            "email",
            unique=True,
            sqlite_where=sa.text(
                "delegation_id IS NULL AND status IN ('pending','waitlisted','confirmed')"
            ),
            postgresql_where=sa.text(
                "delegation_id IS NULL AND status IN ('pending','waitlisted','confirmed')"
            ),
        ),
        sa.Index("ix_registration_meeting_status", "meeting_id", "status", "id"),
        sa.Index("ix_registration_meeting_category", "meeting_id", "category_id"),
        # Covers every dashboard figure of a meeting (directory/dashboards.py),
        # so each is read from the index alone.
        sa.Index(
            "ix_registration_dashboard",
            "meeting_id",
            "status",
            "attendance",
            "category_id",
            "country",
            "represents_id",
            "created_at",
        ),  # fmt: skip
        sa.Index("uq_registration_checkin_code", "checkin_code", unique=True),
        sa.CheckConstraint(
            "gender IS NULL OR gender IN ("
            + ", ".join(f"'{g}'" for g in GENDERS)
            + ")",
            name="gender_allowed",
        ),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    meeting_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("meeting.id", ondelete="CASCADE")
    )
    category_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("participant_category.id", ondelete="RESTRICT")
    )
    delegation_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("delegation.id", ondelete="SET NULL"), index=True
    )
    user_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    email: so.Mapped[str] = so.mapped_column(sa.String(254), index=True)
    title: so.Mapped[str] = so.mapped_column(sa.String(40), default="")
    given_name: so.Mapped[str] = so.mapped_column(sa.String(100))
    family_name: so.Mapped[str] = so.mapped_column(sa.String(100))
    organisation: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    represents: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    nationality: so.Mapped[str] = so.mapped_column(sa.String(2), default="")
    country: so.Mapped[str] = so.mapped_column(sa.String(2), default="")
    position: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    function: so.Mapped[str | None] = so.mapped_column(sa.String(30))
    attendance: so.Mapped[str] = so.mapped_column(sa.String(20), default="in_person")
    status: so.Mapped[str] = so.mapped_column(sa.String(20), default="pending")
    status_changed_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    decision_note: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    needs: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    gender: so.Mapped[str | None] = so.mapped_column(sa.String(20))
    consent_to_list: so.Mapped[bool] = so.mapped_column(default=False)
    consent_at: so.Mapped[datetime | None]
    notice_version: so.Mapped[str] = so.mapped_column(sa.String(40), default="")
    language: so.Mapped[str] = so.mapped_column(sa.String(8), default="en")
    # The manage link (eventsys/links.py); generation 0 once erased.
    public_id: so.Mapped[str] = so.mapped_column(
        sa.String(22), unique=True, default=new_public_id
    )
    link_generation: so.Mapped[int] = so.mapped_column(default=1)
    # The hash of a link sent before HMAC links, accepted until a new link.
    legacy_token_hash: so.Mapped[str | None] = so.mapped_column(
        sa.String(64), unique=True
    )
    # On the badge's QR code (eventsys/onsite); never the manage link.
    checkin_code: so.Mapped[str | None] = so.mapped_column(
        sa.String(32), default=new_checkin_code
    )
    # Raised with every invitation sent, so calendars accept the update.
    invite_sequence: so.Mapped[int] = so.mapped_column(default=0)
    anonymised_at: so.Mapped[datetime | None]
    # The directory's organisation this registration represents: a suggestion
    # of the matcher until a manager or partnerships officer confirms the link
    # (only a confirmed link passes the organisation's vetting on).
    represents_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    represents_confirmed_at: so.Mapped[datetime | None]
    represents_confirmed_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    # Or confirmed by the organisation itself, through its designation link.
    represents_designation_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("designation.id", ondelete="SET NULL"), index=True
    )

    meeting: so.Mapped[Meeting] = so.relationship()
    category: so.Mapped[ParticipantCategory] = so.relationship()
    delegation: so.Mapped[Delegation | None] = so.relationship(back_populates="members")
    user: so.Mapped[Optional["User"]] = so.relationship(  # noqa: F821
        foreign_keys=[user_id]
    )
    answers: so.Mapped[list["RegistrationAnswer"]] = so.relationship(
        back_populates="registration", cascade="all, delete-orphan"
    )

    def bump_invite_sequence(self) -> None:
        """Each invitation sent (REQUEST or CANCEL) is a new version of the event."""
        self.invite_sequence = (self.invite_sequence or 0) + 1

    @property
    def display_name(self) -> str:
        parts = [self.title, self.given_name, self.family_name.upper()]
        return " ".join(p for p in parts if p)


class RegistrationQuestion(db.Model):
    __tablename__ = "registration_question"
    __table_args__ = (enum_check("kind", QUESTION_KINDS),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    meeting_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    # NULL: asked of every category.
    category_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("participant_category.id", ondelete="CASCADE")
    )
    label: so.Mapped[dict[str, str]] = so.mapped_column(I18nText)
    kind: so.Mapped[str] = so.mapped_column(sa.String(20), default="text")
    # [{"key": "k", "label": {"en": "...", "fr": "..."}, "retired": false}]:
    # answers store the key (see registration/questions.py).
    choices: so.Mapped[list[dict]] = so.mapped_column(sa.JSON, default=list)
    required: so.Mapped[bool] = so.mapped_column(default=False)
    # Whether a focal point answers it for each delegation member they register.
    asked_of_members: so.Mapped[bool] = so.mapped_column(
        default=True, server_default=sa.true()
    )
    position: so.Mapped[int] = so.mapped_column(default=0)

    meeting: so.Mapped[Meeting] = so.relationship()
    category: so.Mapped[ParticipantCategory | None] = so.relationship()


class RegistrationAnswer(db.Model):
    __tablename__ = "registration_answer"
    __table_args__ = (sa.UniqueConstraint("registration_id", "question_id"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    registration_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("registration.id", ondelete="CASCADE")
    )
    question_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("registration_question.id", ondelete="CASCADE"), index=True
    )
    value: so.Mapped[str] = so.mapped_column(sa.Text, default="")

    registration: so.Mapped[Registration] = so.relationship(back_populates="answers")
    question: so.Mapped[RegistrationQuestion] = so.relationship()
