from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy import orm as so

from eventsys.extensions import db
from eventsys.models import utcnow

LANGUAGES = ("en", "fr", "es")


class User(UserMixin, db.Model):
    __tablename__ = "user"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    email: so.Mapped[str] = so.mapped_column(sa.String(254), unique=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    password_hash: so.Mapped[str | None] = so.mapped_column(sa.String(256))
    is_admin: so.Mapped[bool] = so.mapped_column(default=False)
    active: so.Mapped[bool] = so.mapped_column(default=True)
    language: so.Mapped[str] = so.mapped_column(sa.String(8), default="en")
    calendar_token_hash: so.Mapped[str | None] = so.mapped_column(
        sa.String(64), unique=True
    )
    reset_token_hash: so.Mapped[str | None] = so.mapped_column(
        sa.String(64), unique=True
    )
    reset_expires_at: so.Mapped[datetime | None]
    failed_logins: so.Mapped[int] = so.mapped_column(default=0)
    last_failed_login_at: so.Mapped[datetime | None]
    last_login_at: so.Mapped[datetime | None]
    # Part of every session's and remember cookie's id: raising it ends them all.
    session_generation: so.Mapped[int] = so.mapped_column(default=0, server_default="0")
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    roles: so.Mapped[list["MeetingRole"]] = so.relationship(  # noqa: F821
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
