"""Selects over meetings and series, reused by pages, feeds and the API."""

from datetime import UTC
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import orm as so

from eventsys.auth.models import SeriesRole
from eventsys.auth.permissions import STAFF_MEETING_ROLES
from eventsys.meetings.models import Meeting
from eventsys.meetings.models import MeetingRole
from eventsys.meetings.models import Series


def public_meetings() -> sa.Select:
    return (
        sa.select(Meeting)
        .where(Meeting.status != "draft")
        .options(so.joinedload(Meeting.series))
    )


def upcoming_meetings(now: datetime) -> sa.Select:
    return (
        public_meetings()
        .where(Meeting.ends_at >= now)
        .order_by(Meeting.starts_at, Meeting.id)
    )


def recent_meetings(now: datetime) -> sa.Select:
    return (
        public_meetings()
        .where(Meeting.ends_at < now)
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
    )


def filtered_meetings(
    series: str | None = None, year: int | None = None, format: str | None = None
) -> sa.Select:
    """Public meetings, newest first, narrowed by series slug, year and format."""
    query = public_meetings()
    if series:
        query = query.join(Meeting.series).where(Series.slug == series)
    if year:
        start = datetime(year, 1, 1, tzinfo=UTC)
        end = datetime(year + 1, 1, 1, tzinfo=UTC)
        query = query.where(Meeting.starts_at >= start, Meeting.starts_at < end)
    if format:
        query = query.where(Meeting.format == format)
    return query.order_by(Meeting.starts_at.desc(), Meeting.id.desc())


def public_meetings_between(
    *,
    series: str | None = None,
    status: str | None = None,
    since: datetime | None = None,
    before: datetime | None = None,
) -> sa.Select:
    """Public meetings in date order that end at or after `since` and start before `before`."""
    query = public_meetings()
    if series is not None:
        query = query.join(Meeting.series).where(Series.slug == series)
    if status is not None:
        query = query.where(Meeting.status == status)
    if since is not None:
        query = query.where(Meeting.ends_at >= since)
    if before is not None:
        query = query.where(Meeting.starts_at < before)
    return query.order_by(Meeting.starts_at, Meeting.id)


def meeting_years() -> sa.Select:
    """The years that have public meetings (UTC start year), newest first."""
    year = sa.func.extract("year", Meeting.starts_at)
    return (
        sa.select(year)
        .where(Meeting.status != "draft")
        .distinct()
        .order_by(year.desc())
    )


def series_meetings(series_id: int) -> sa.Select:
    return (
        public_meetings()
        .where(Meeting.series_id == series_id)
        .order_by(Meeting.starts_at.desc())
    )


def managed_meetings(user) -> sa.Select:
    """Meetings the user manages or reports on, or of a series they manage;
    every meeting for admins."""
    query = sa.select(Meeting).options(so.joinedload(Meeting.series))
    if not user.is_admin:
        mine = sa.select(MeetingRole.meeting_id).where(
            MeetingRole.user_id == user.id,
            MeetingRole.role.in_(STAFF_MEETING_ROLES),
        )
        series = sa.select(SeriesRole.series_id).where(SeriesRole.user_id == user.id)
        query = query.where(sa.or_(Meeting.id.in_(mine), Meeting.series_id.in_(series)))
    return query.order_by(Meeting.starts_at.desc(), Meeting.id.desc())


def list_series() -> sa.Select:
    return sa.select(Series).order_by(Series.acronym, Series.id)


def get_series_by_slug(slug: str) -> sa.Select:
    return sa.select(Series).where(Series.slug == slug)


def get_meeting_by_slug(slug: str) -> sa.Select:
    return (
        sa.select(Meeting)
        .where(Meeting.slug == slug)
        .options(so.joinedload(Meeting.series))
    )


def meeting_history(meeting_id: int) -> sa.Select:
    from eventsys.audit.models import AuditEvent

    return (
        sa.select(AuditEvent)
        .where(AuditEvent.meeting_id == meeting_id)
        .options(so.selectinload(AuditEvent.actor))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )
