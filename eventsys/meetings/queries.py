"""Selects over meetings and series, reused by pages, feeds and the API."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import orm as so

from eventsys.meetings.models import Meeting
from eventsys.meetings.models import Series


def public_meetings() -> sa.Select:
    return (
        sa.select(Meeting)
        .where(Meeting.status != "draft")
        .options(so.joinedload(Meeting.series))
    )


def upcoming_meetings(now: datetime) -> sa.Select:
    return public_meetings().where(Meeting.ends_at >= now).order_by(Meeting.starts_at, Meeting.id)


def recent_meetings(now: datetime) -> sa.Select:
    return public_meetings().where(Meeting.ends_at < now).order_by(Meeting.starts_at.desc(), Meeting.id.desc())


def list_series() -> sa.Select:
    return sa.select(Series).order_by(Series.acronym)


def get_meeting_by_slug(slug: str) -> sa.Select:
    return sa.select(Meeting).where(Meeting.slug == slug).options(so.joinedload(Meeting.series))
