"""Organisations (States among them), their names for matching, vetting and memberships."""

from datetime import date
from datetime import datetime
from typing import Optional

import sqlalchemy as sa
from sqlalchemy import orm as so

from eventsys.extensions import db
from eventsys.links import LinkFields
from eventsys.links import new_public_id
from eventsys.meetings.models import Meeting
from eventsys.meetings.models import Series
from eventsys.models import I18nText
from eventsys.models import TimestampMixin
from eventsys.models import enum_check
from eventsys.models import utcnow

# The civil-society taxonomy of IOM's partnership principle, plus States, UN
# entities, other IGOs, the private sector, local governments and the
# consultation mechanisms themselves (iscm).
ORGANISATION_KINDS = (
    "state",
    "un_entity",
    "igo",
    "ngo",
    "diaspora_organisation",
    "faith_based_organisation",
    "trade_union_or_professional_association",
    "red_cross_red_crescent",
    "academia_research",
    "media",
    "foundation",
    "emerging_actor",
    "private_sector",
    "local_government",
    "iscm",
    "other",
)
CIVIL_SOCIETY_KINDS = (
    "ngo",
    "diaspora_organisation",
    "faith_based_organisation",
    "trade_union_or_professional_association",
    "red_cross_red_crescent",
    "academia_research",
    "media",
    "foundation",
    "emerging_actor",
)
VETTING_STATUSES = ("not_vetted", "in_review", "approved", "declined", "expired")
DECISIONS = ("in_review", "approved", "declined")
MEMBERSHIP_STATUSES = ("member", "observer")
NAME_KINDS = ("name", "acronym", "alias")


class Organisation(TimestampMixin, db.Model):
    __tablename__ = "organisation"
    __table_args__ = (
        enum_check("kind", ORGANISATION_KINDS),
        enum_check("vetting_status", VETTING_STATUSES),
        # A State is its ISO code; other kinds carry none.
        sa.CheckConstraint(
            "(kind = 'state') = (iso_code IS NOT NULL)", name="state_has_iso_code"
        ),
        sa.Index("uq_organisation_iso_code", "iso_code", unique=True),
        sa.Index("ix_organisation_kind_country", "kind", "country"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    kind: so.Mapped[str] = so.mapped_column(sa.String(40))
    # {"en": "International Organization for Migration", "fr": "...", "es": "..."}
    name: so.Mapped[dict[str, str]] = so.mapped_column(I18nText)
    acronym: so.Mapped[dict[str, str]] = so.mapped_column(I18nText, default=dict)
    # Other names people type ("I.O.M.", former names); merges add the merged name.
    aliases: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    iso_code: so.Mapped[str | None] = so.mapped_column(sa.String(2))
    # Where its headquarters are (ISO 3166 alpha-2); a State's is its own code.
    country: so.Mapped[str] = so.mapped_column(sa.String(2), default="")
    website: so.Mapped[str] = so.mapped_column(sa.String(300), default="")
    description: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    parent_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("organisation.id", ondelete="SET NULL")
    )
    vetting_status: so.Mapped[str] = so.mapped_column(
        sa.String(20), default="not_vetted"
    )
    vetting_expires_on: so.Mapped[date | None]
    tags: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    # [{"duty_station": "Geneva", "email": "mission.geneva@example.org"}]
    contacts: so.Mapped[list[dict]] = so.mapped_column(sa.JSON, default=list)
    # For a consultation mechanism (kind iscm): its secretariat, as written, and
    # the series of its meetings here, whose Memberships are its members.
    secretariat: so.Mapped[str] = so.mapped_column(sa.String(300), default="")
    series_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("series.id", ondelete="SET NULL")
    )
    # Set when merged into another: the row stays so that old links explain themselves.
    merged_into_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )

    parent: so.Mapped["Organisation | None"] = so.relationship(
        remote_side=[id], foreign_keys=[parent_id]
    )
    names: so.Mapped[list["OrganisationName"]] = so.relationship(
        back_populates="organisation", cascade="all, delete-orphan"
    )
    reviews: so.Mapped[list["VettingReview"]] = so.relationship(
        back_populates="organisation",
        cascade="all, delete-orphan",
        order_by="VettingReview.at.desc()",
    )
    memberships: so.Mapped[list["Membership"]] = so.relationship(
        back_populates="organisation", cascade="all, delete-orphan"
    )
    series: so.Mapped[Series | None] = so.relationship(foreign_keys=[series_id])

    def display_name(self, language: str = "en") -> str:
        return (
            self.name.get(language)
            or self.name.get("en")
            or next(iter(self.name.values()), "")
        )

    def vetting_in_force(self, today: date) -> str:
        """The vetting status as of today: an approval past its expiry reads expired."""
        if (
            self.vetting_status == "approved"
            and self.vetting_expires_on is not None
            and self.vetting_expires_on < today
        ):
            return "expired"
        return self.vetting_status


class OrganisationName(db.Model):
    """Every name, acronym and alias of an organisation, normalised for matching."""

    __tablename__ = "organisation_name"
    __table_args__ = (
        enum_check("kind", NAME_KINDS),
        sa.UniqueConstraint("organisation_id", "key"),
        # Covering: the search scans it for LIKE '%...%' without reading the table.
        sa.Index("ix_organisation_name_key", "key", "organisation_id"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    organisation_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("organisation.id", ondelete="CASCADE")
    )
    key: so.Mapped[str] = so.mapped_column(sa.String(300))
    kind: so.Mapped[str] = so.mapped_column(sa.String(10), default="name")

    organisation: so.Mapped[Organisation] = so.relationship(back_populates="names")


class VettingReview(db.Model):
    __tablename__ = "vetting_review"
    __table_args__ = (enum_check("decision", DECISIONS),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    organisation_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    reviewer_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    # {"criterion key": true/false} for the checklist in force (directory/vetting.py)
    criteria: so.Mapped[dict[str, bool]] = so.mapped_column(sa.JSON, default=dict)
    decision: so.Mapped[str] = so.mapped_column(sa.String(20))
    reason: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    expires_on: so.Mapped[date | None]
    at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    organisation: so.Mapped[Organisation] = so.relationship(back_populates="reviews")
    reviewer: so.Mapped[Optional["User"]] = so.relationship()  # noqa: F821


class Membership(db.Model):
    """An organisation's place in a convening body: "Member State" of a series."""

    __tablename__ = "membership"
    __table_args__ = (
        enum_check("status", MEMBERSHIP_STATUSES),
        sa.UniqueConstraint("organisation_id", "series_id"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    organisation_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("organisation.id", ondelete="CASCADE")
    )
    series_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("series.id", ondelete="CASCADE"), index=True
    )
    status: so.Mapped[str] = so.mapped_column(sa.String(20), default="member")

    organisation: so.Mapped[Organisation] = so.relationship(
        back_populates="memberships"
    )
    series: so.Mapped[Series] = so.relationship()


class FirstParticipation(db.Model):
    """The first meeting at which an organisation was represented.

    Kept by directory/participation.py whenever a link, a status or a meeting's
    start changes, so that "new or returning" reads one row per organisation
    instead of every registration of every earlier meeting.
    """

    __tablename__ = "first_participation"

    organisation_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True
    )
    meeting_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    # The meeting's starts_at, copied so the comparison needs no join.
    first_at: so.Mapped[datetime]


class Designation(TimestampMixin, db.Model):
    """An approved organisation's link for designating its representatives to a meeting.

    Sent by the secretariat or the partnerships officer to the organisation's
    functional address (or a contact they name). Whoever holds the link names
    the organisation's representatives: each gets an invitation to register
    (Invitation.designation_id), or, already registered, has the link to the
    organisation confirmed (Registration.represents_designation_id). That is
    the confirmation vetting asks for; it never confirms a registration.
    directory/designations.py owns the rules.
    """

    __tablename__ = "designation"
    __link__ = LinkFields("designation", resend_endpoint="designations.resend")
    __table_args__ = (sa.UniqueConstraint("meeting_id", "organisation_id"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    meeting_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    organisation_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    # The category its representatives register in.
    category_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("participant_category.id", ondelete="CASCADE")
    )
    sent_to: so.Mapped[str] = so.mapped_column(sa.String(254))
    language: so.Mapped[str] = so.mapped_column(sa.String(8), default="en")
    sent_at: so.Mapped[datetime | None]
    sent_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    revoked_at: so.Mapped[datetime | None]
    # The link (eventsys/links.py): generation 0 once revoked.
    public_id: so.Mapped[str] = so.mapped_column(
        sa.String(22), unique=True, default=new_public_id
    )
    link_generation: so.Mapped[int] = so.mapped_column(default=0)
    legacy_token_hash: so.Mapped[str | None] = so.mapped_column(
        sa.String(64), unique=True
    )

    meeting: so.Mapped[Meeting] = so.relationship()
    organisation: so.Mapped[Organisation] = so.relationship()
    category: so.Mapped["ParticipantCategory"] = so.relationship()  # noqa: F821
