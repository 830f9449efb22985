"""Declarative base and column types shared by every domain's models.

No domain tables live here: each domain keeps its own models.py.
"""

from datetime import UTC
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import orm as so
from sqlalchemy.dialects import postgresql

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(sa.types.TypeDecorator):
    """A timestamp that is always tz-aware UTC in Python.

    SQLite has no time zone type and hands back naive values; storing UTC and
    re-attaching it on the way out keeps both databases behaving alike.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


# Text that a meeting may give in several languages: {"en": "...", "fr": "..."}.
I18nText = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


class Base(so.DeclarativeBase):
    registry = so.registry(
        metadata=sa.MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: UTCDateTime()},
    )


class TimestampMixin:
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    updated_at: so.Mapped[datetime] = so.mapped_column(default=utcnow, onupdate=utcnow)


def enum_check(column: str, values) -> sa.CheckConstraint:
    """A CHECK constraint that keeps a string column within its allowed values."""
    allowed = ", ".join(f"'{v}'" for v in values)
    return sa.CheckConstraint(f"{column} IN ({allowed})", name=f"{column}_allowed")


def link_table(metadata: sa.MetaData, name: str, **keys: str) -> sa.Table:
    """A many-to-many table: two columns, each a key to "table.id", together the
    primary key; a row goes with either side. The second column is indexed (the
    primary key's order serves lookups by the first).

    link_table(db.metadata, "invitation_document",
               invitation_id="invitation.id", document_id="meeting_document.id")
    """
    (first, first_target), (second, second_target) = keys.items()
    return sa.Table(
        name,
        metadata,
        sa.Column(
            first, sa.ForeignKey(first_target, ondelete="CASCADE"), primary_key=True
        ),
        sa.Column(
            second,
            sa.ForeignKey(second_target, ondelete="CASCADE"),
            primary_key=True,
            index=True,
        ),
    )


def seat_counter_checks() -> tuple[sa.CheckConstraint, ...]:
    """Each seat counter stays between 0 and its capacity (NULL = unlimited).

    A fresh set per table: constraint objects cannot be shared between tables.
    """
    pools = (
        ("seats_taken", "capacity", "seats"),
        ("in_person_taken", "in_person_capacity", "in_person"),
        ("online_taken", "online_capacity", "online"),
    )
    return tuple(
        sa.CheckConstraint(
            f"{taken} >= 0 AND ({capacity} IS NULL OR {taken} <= {capacity})",
            name=f"{name}_within_capacity",
        )
        for taken, capacity, name in pools
    )
