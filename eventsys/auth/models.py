from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy import orm as so

from eventsys.extensions import db
from eventsys.links import LinkFields
from eventsys.links import new_public_id
from eventsys.models import enum_check
from eventsys.models import utcnow

LANGUAGES = ("en", "fr", "es")
SERIES_ROLES = ("manager",)
GLOBAL_ROLES = ("partnerships",)
INVITATION_ROLES = ("manager", "rapporteur", "checkin")


class User(UserMixin, db.Model):
    __tablename__ = "user"
    __link__ = LinkFields(
        "calendar",
        public_id="calendar_public_id",
        generation="calendar_link_generation",
        legacy_hash="calendar_legacy_token_hash",
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    email: so.Mapped[str] = so.mapped_column(sa.String(254), unique=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    password_hash: so.Mapped[str | None] = so.mapped_column(sa.String(256))
    is_admin: so.Mapped[bool] = so.mapped_column(default=False)
    active: so.Mapped[bool] = so.mapped_column(default=True)
    language: so.Mapped[str] = so.mapped_column(sa.String(8), default="en")
    # The private calendar feed's link (eventsys/links.py); 0: none yet.
    calendar_public_id: so.Mapped[str] = so.mapped_column(
        sa.String(22), unique=True, default=new_public_id
    )
    calendar_link_generation: so.Mapped[int] = so.mapped_column(default=0)
    # The hash of a feed address made before HMAC links, until a new one.
    calendar_legacy_token_hash: so.Mapped[str | None] = so.mapped_column(
        sa.String(64), unique=True
    )
    # A VALARM this many minutes before each event of the private feed; None: none.
    calendar_alarm_minutes: so.Mapped[int | None]
    reset_token_hash: so.Mapped[str | None] = so.mapped_column(
        sa.String(64), unique=True
    )
    reset_expires_at: so.Mapped[datetime | None]
    failed_logins: so.Mapped[int] = so.mapped_column(default=0)
    last_failed_login_at: so.Mapped[datetime | None]
    last_login_at: so.Mapped[datetime | None]
    # Part of every session's and remember cookie's id: raising it ends them all.
    session_generation: so.Mapped[int] = so.mapped_column(default=0, server_default="0")
    # Second factor (TOTP, RFC 6238): the secret, when it was confirmed, the last
    # time step used (a code works once) and hashes of unused recovery codes.
    totp_secret: so.Mapped[str | None] = so.mapped_column(sa.String(64))
    totp_enabled_at: so.Mapped[datetime | None]
    totp_last_step: so.Mapped[int | None]
    recovery_code_hashes: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    roles: so.Mapped[list["MeetingRole"]] = so.relationship(  # noqa: F821
        back_populates="user", cascade="all, delete-orphan"
    )
    series_roles: so.Mapped[list["SeriesRole"]] = so.relationship(
        back_populates="user", cascade="all, delete-orphan"
    )
    global_roles: so.Mapped[list["GlobalRole"]] = so.relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        """What Flask-Login keeps in the session and the remember cookie."""
        return f"{self.id}.{self.session_generation or 0}"

    def __repr__(self) -> str:
        return f"<User {self.email}>"


class ApiToken(db.Model):
    __tablename__ = "api_token"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    name: so.Mapped[str] = so.mapped_column(sa.String(100))
    token_hash: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    last_used_at: so.Mapped[datetime | None]
    revoked_at: so.Mapped[datetime | None]

    user: so.Mapped[User] = so.relationship()


class SeriesRole(db.Model):
    """A manager of a series creates and runs all of its meetings."""

    __tablename__ = "series_role"
    __table_args__ = (
        enum_check("role", SERIES_ROLES),
        sa.UniqueConstraint("series_id", "user_id", "role"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    series_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("series.id", ondelete="CASCADE"), index=True
    )
    user_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    role: so.Mapped[str] = so.mapped_column(sa.String(20), default="manager")

    series: so.Mapped["Series"] = so.relationship()  # noqa: F821
    user: so.Mapped[User] = so.relationship(back_populates="series_roles")


class GlobalRole(db.Model):
    """A role across the whole site, granted by admins (partnerships: the directory)."""

    __tablename__ = "global_role"
    __table_args__ = (
        enum_check("role", GLOBAL_ROLES),
        sa.UniqueConstraint("user_id", "role"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    role: so.Mapped[str] = so.mapped_column(sa.String(20))

    user: so.Mapped[User] = so.relationship(back_populates="global_roles")


class UserIdentity(db.Model):
    """An account at the single sign-on provider, matched on (issuer, subject)."""

    __tablename__ = "user_identity"
    __table_args__ = (sa.UniqueConstraint("issuer", "subject"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    issuer: so.Mapped[str] = so.mapped_column(sa.String(300))
    subject: so.Mapped[str] = so.mapped_column(sa.String(255))
    email: so.Mapped[str] = so.mapped_column(sa.String(254), default="")
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    last_login_at: so.Mapped[datetime | None]

    user: so.Mapped[User] = so.relationship()


class AccountInvitation(db.Model):
    """An invitation to a role for an address without an account; single use."""

    __tablename__ = "account_invitation"
    __table_args__ = (enum_check("role", INVITATION_ROLES),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    email: so.Mapped[str] = so.mapped_column(sa.String(254), index=True)
    role: so.Mapped[str] = so.mapped_column(sa.String(20))
    language: so.Mapped[str] = so.mapped_column(sa.String(8), default="en")
    meeting_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    series_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("series.id", ondelete="CASCADE"), index=True
    )
    token_hash: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    expires_at: so.Mapped[datetime]
    invited_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    sent_at: so.Mapped[datetime | None]
    accepted_at: so.Mapped[datetime | None]
    revoked_at: so.Mapped[datetime | None]

    meeting: so.Mapped["Meeting | None"] = so.relationship()  # noqa: F821
    series: so.Mapped["Series | None"] = so.relationship()  # noqa: F821
    invited_by: so.Mapped[User | None] = so.relationship()

    def is_open(self, now: datetime) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > now
        )
