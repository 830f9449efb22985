"""Selects for the feeds: what they show, and cheap fingerprints of it for ETags."""

import functools

import sqlalchemy as sa
from sqlalchemy import orm as so

from eventsys.agenda.models import AgendaRelease
from eventsys.agenda.models import AgendaSession
from eventsys.agenda.models import SessionPerson
from eventsys.meetings.models import Meeting
from eventsys.meetings.models import MeetingRole
from eventsys.meetings.models import Room
from eventsys.meetings.models import Series
from eventsys.registration.models import ACTIVE_STATUSES
from eventsys.registration.models import Registration


def public_meetings() -> sa.Select:
    """Meetings a feed may show (never drafts), series loaded, in date order."""
    return (
        sa.select(Meeting)
        .where(Meeting.status != "draft")
        .options(so.joinedload(Meeting.series))
        .order_by(Meeting.starts_at, Meeting.id)
    )


def sessions_of(meeting_ids) -> sa.Select:
    """Sessions of several meetings, rooms and people loaded up front."""
    return (
        sa.select(AgendaSession)
        .where(AgendaSession.meeting_id.in_(meeting_ids))
        .options(
            so.selectinload(AgendaSession.room), so.selectinload(AgendaSession.people)
        )
        .order_by(AgendaSession.starts_at, AgendaSession.position, AgendaSession.id)
    )


def user_registrations(user) -> sa.Select:
    """The user's active registrations: by account, or by the account's email."""
    return sa.select(Registration).where(
        sa.or_(
            Registration.user_id == user.id,
            sa.func.lower(Registration.email) == user.email.lower(),
        ),
        Registration.status.in_(ACTIVE_STATUSES),
    )


def user_meeting_ids(user) -> sa.Select:
    """Meetings in a user's private feed: registered, managing or reporting, speaking."""
    registered = user_registrations(user).with_only_columns(Registration.meeting_id)
    roles = sa.select(MeetingRole.meeting_id).where(MeetingRole.user_id == user.id)
    return sa.union(registered, roles, user_sessions_meeting_ids(user))


def user_sessions_meeting_ids(user) -> sa.Select:
    return (
        sa.select(AgendaSession.meeting_id)
        .join(SessionPerson, SessionPerson.session_id == AgendaSession.id)
        .where(SessionPerson.user_id == user.id)
    )


def user_session_ids(user) -> sa.Select:
    return sa.select(SessionPerson.session_id).where(SessionPerson.user_id == user.id)


# ---------------------------------------------------------------- fingerprints
# Each gives one row of aggregates that changes whenever the feed would: read
# with a single query before anything is built, so a 304 costs almost nothing.


def _meeting_aggregates(meeting_ids: sa.Select, *, public_only: bool = True) -> list:
    where = Meeting.id.in_(meeting_ids)
    if public_only:
        where = sa.and_(where, Meeting.status != "draft")
    totals = sa.select(
        sa.func.count(Meeting.id),
        sa.func.max(Meeting.updated_at),
        sa.func.sum(Meeting.sequence),
        sa.func.max(Meeting.id),
    ).where(where)
    return [
        *_one_pass(totals),
        sa.select(sa.func.max(Series.updated_at))
        .join(Meeting, Meeting.series_id == Series.id)
        .where(where)
        .scalar_subquery(),
    ]


def _session_aggregates(session_filter, *, public_only: bool = True) -> list:
    where = session_filter
    if public_only:
        public = sa.select(Meeting.id).where(Meeting.status != "draft")
        where = sa.and_(where, AgendaSession.meeting_id.in_(public))
    totals = sa.select(
        sa.func.count(AgendaSession.id),
        sa.func.max(AgendaSession.updated_at),
        sa.func.sum(AgendaSession.sequence),
        sa.func.max(AgendaSession.id),
    ).where(where)
    return _one_pass(totals)


def _one_pass(aggregates: sa.Select) -> list:
    """The columns of a one-row select of aggregates, read in one pass over its
    rows: a scalar subquery per aggregate scanned them once each (SQLite runs
    that inside the worker: it was most of a feed's 304, issue 25)."""
    # A common table expression read more than once is computed once (SQLite
    # and PostgreSQL 12+ materialise it); each column is then a cheap read.
    row = aggregates.cte()
    return [sa.select(column).scalar_subquery() for column in row.c]


def _room_aggregates(meeting_ids: sa.Select) -> list:
    # Renaming a room touches no session: fingerprint the names themselves.
    names = (
        sa.select(Room.name)
        .where(Room.meeting_id.in_(meeting_ids))
        .order_by(Room.id)
        .subquery()
    )
    return [sa.select(sa.func.aggregate_strings(names.c.name, "|")).scalar_subquery()]


def meeting_fingerprint(slug: str) -> sa.Select:
    """Status and version of one meeting's feed (status tells drafts apart).

    A draft's own meeting and sessions are counted too (the feed of a draft is
    a 404 by its status): the agenda its managers preview and its agenda PDF
    are keyed by this row, and would not follow an edit otherwise. For a
    public meeting the row is the same either way, and SQLite no longer reads
    the status of every meeting to check this one's sessions.

    The last column, latest_release, is the number of the meeting's latest
    agenda release (None before the first): pages read it from this row.
    """
    ids = sa.select(Meeting.id).where(Meeting.slug == slug)
    return sa.select(
        sa.select(Meeting.status)
        .where(Meeting.slug == slug)
        .scalar_subquery()
        .label("status"),
        *_meeting_aggregates(ids, public_only=False),
        *_session_aggregates(AgendaSession.meeting_id.in_(ids), public_only=False),
        *_room_aggregates(ids),
        sa.select(sa.func.max(AgendaRelease.number))
        .where(AgendaRelease.meeting_id.in_(ids))
        .scalar_subquery()
        .label("latest_release"),
    )


# Building these statements costs more than running them (~0.7 of ~1 ms): build
# each once with a :slug parameter and execute it with {"slug": ...}.


@functools.cache
def meeting_fingerprint_by_slug() -> sa.Select:
    return meeting_fingerprint(sa.bindparam("slug", type_=sa.String))


@functools.cache
def series_fingerprint_by_slug() -> sa.Select:
    return series_fingerprint(sa.bindparam("slug", type_=sa.String))


@functools.cache
def agenda_pdf_version_by_slug() -> sa.Select:
    """The meeting's fingerprint, and the languages its documents are printed in.

    All a cached agenda PDF needs, in one statement (pdf/views.py: agenda).
    """
    slug = sa.bindparam("slug", type_=sa.String)
    meeting = sa.select(Meeting).where(Meeting.slug == slug).subquery()
    return meeting_fingerprint(slug).add_columns(
        sa.select(meeting.c.languages).scalar_subquery().label("languages"),
        sa.select(meeting.c.main_language).scalar_subquery().label("main_language"),
    )


def series_fingerprint(slug: str) -> sa.Select:
    series = sa.select(Series.id).where(Series.slug == slug)
    ids = sa.select(Meeting.id).where(Meeting.series_id.in_(series))
    return sa.select(
        sa.select(Series.id)
        .where(Series.slug == slug)
        .scalar_subquery()
        .label("series_id"),
        sa.select(Series.updated_at).where(Series.slug == slug).scalar_subquery(),
        *_meeting_aggregates(ids),
        *_session_aggregates(AgendaSession.meeting_id.in_(ids)),
        *_room_aggregates(ids),
    )


@functools.cache  # one statement object: database.read_row remembers its row by it
def all_fingerprint() -> sa.Select:
    return sa.select(*_meeting_aggregates(sa.select(Meeting.id)))


def _next_moment(now) -> sa.ScalarSelect:
    """The first moment at or after `now` when a public meeting's dates move it
    (between upcoming and past) or its registration opens or closes."""
    public = Meeting.status != "draft"
    moments = sa.union_all(
        *(
            sa.select(column.label("at")).where(public, column >= now)
            for column in (
                Meeting.starts_at,
                Meeting.ends_at,
                Meeting.registration_opens_at,
                Meeting.registration_closes_at,
            )
        )
    ).subquery()
    return sa.select(sa.func.min(moments.c.at)).scalar_subquery()


def _seat_counters(now) -> sa.ScalarSelect:
    """The seat counters of meetings not over yet ("full" depends on them, and a
    registration need not touch the meeting's updated_at)."""
    counters = (
        sa.select(
            (
                sa.cast(Meeting.id, sa.String)
                + ":"
                + sa.cast(Meeting.seats_taken, sa.String)
                + ":"
                + sa.cast(Meeting.in_person_taken, sa.String)
                + ":"
                + sa.cast(Meeting.online_taken, sa.String)
            ).label("counters")
        )
        .where(Meeting.status != "draft", Meeting.ends_at >= now)
        .order_by(Meeting.id)
        .subquery()
    )
    return sa.select(
        sa.func.aggregate_strings(counters.c.counters, "|")
    ).scalar_subquery()


@functools.cache
def listing_fingerprint_at_now() -> sa.Select:
    """Version of the public lists of meetings (home page, /meetings/) at :now.

    The feeds' aggregates of every public meeting, every series (the filters list
    series without meetings too), the seat counters of meetings not over, and the
    next moment a meeting changes list or registration state: once the clock
    passes it, the row (and so any key made from it) changes.
    """
    now = sa.bindparam("now", type_=Meeting.starts_at.type)
    return sa.select(
        *_meeting_aggregates(sa.select(Meeting.id)),
        sa.select(sa.func.count(Series.id)).scalar_subquery(),
        sa.select(sa.func.max(Series.updated_at)).scalar_subquery(),
        _seat_counters(now),
        _next_moment(now),
    )


def private_fingerprint(user) -> sa.Select:
    ids = user_meeting_ids(user)
    mine = user_registrations(user)
    return sa.select(
        sa.select(sa.func.count()).select_from(mine.subquery()).scalar_subquery(),
        sa.select(sa.func.max(Registration.updated_at))
        .where(mine.whereclause)
        .scalar_subquery(),
        sa.select(sa.func.max(Registration.id))
        .where(mine.whereclause)
        .scalar_subquery(),
        sa.select(sa.func.count(MeetingRole.id))
        .where(MeetingRole.user_id == user.id)
        .scalar_subquery(),
        sa.select(sa.func.max(MeetingRole.id))
        .where(MeetingRole.user_id == user.id)
        .scalar_subquery(),
        sa.select(sa.func.count(SessionPerson.id))
        .where(SessionPerson.user_id == user.id)
        .scalar_subquery(),
        sa.select(sa.func.max(SessionPerson.id))
        .where(SessionPerson.user_id == user.id)
        .scalar_subquery(),
        *_meeting_aggregates(ids),
        *_session_aggregates(AgendaSession.id.in_(user_session_ids(user))),
        *_room_aggregates(ids),
    )


# ---------------------------------------------------------------- light rows
# A feed reads sessions only: plain rows are about ten times cheaper to load
# than ORM objects with their room and people (1,000 sessions: ~15 ms vs ~150 ms).


def session_rows(meeting_ids, session_ids=None) -> sa.Select:
    """The columns a feed shows of each session, with its room's name."""
    query = (
        sa.select(
            AgendaSession.id,
            AgendaSession.meeting_id,
            AgendaSession.title,
            AgendaSession.kind,
            AgendaSession.starts_at,
            AgendaSession.ends_at,
            AgendaSession.description,
            AgendaSession.status,
            AgendaSession.sequence,
            AgendaSession.updated_at,
            AgendaSession.floor_language,
            AgendaSession.interpretation,
            Room.name.label("room_name"),
        )  # fmt: skip
        .outerjoin(Room, Room.id == AgendaSession.room_id)
        .where(AgendaSession.meeting_id.in_(meeting_ids))
        .order_by(AgendaSession.starts_at, AgendaSession.position, AgendaSession.id)
    )
    if session_ids is not None:
        query = query.where(AgendaSession.id.in_(session_ids))
    return query


def people_rows(meeting_ids, session_ids=None) -> sa.Select:
    query = (
        sa.select(
            SessionPerson.session_id,
            SessionPerson.name,
            SessionPerson.affiliation,
            SessionPerson.role,
        )
        .join(AgendaSession, AgendaSession.id == SessionPerson.session_id)
        .where(AgendaSession.meeting_id.in_(meeting_ids))
        .order_by(SessionPerson.session_id, SessionPerson.position, SessionPerson.id)
    )
    if session_ids is not None:
        query = query.where(AgendaSession.id.in_(session_ids))
    return query
