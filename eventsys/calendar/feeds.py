"""The four feeds: a cheap version (ETag, Last-Modified) first, then the bytes.

Plain functions over the database session, no request: the views call
`*_version` with one query and answer 304 from it, and build only on a miss.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from eventsys.agenda.public import public_days_of
from eventsys.agenda.public import public_sessions_by_meeting
from eventsys.agenda.snapshots import PersonView
from eventsys.agenda.snapshots import RoomView
from eventsys.agenda.snapshots import SessionView
from eventsys.calendar import ics
from eventsys.calendar import queries
from eventsys.calendar.invitations import may_see_online_link
from eventsys.database import read_row
from eventsys.extensions import db
from eventsys.meetings.models import Meeting
from eventsys.meetings.models import Series

# Raise when the builders change what they write, so old ETags stop matching.
FEED_FORMAT = "2"  # 2: meetings of several days recur daily


@dataclass
class FeedVersion:
    etag: str
    last_modified: datetime | None
    exists: bool = True


def feed_context(language: str) -> ics.Context:
    config = current_app.config
    return ics.Context(
        uid_domain=config["EVENTSYS_UID_DOMAIN"],
        base_url=config["EVENTSYS_BASE_URL"],
        contact_email=config["EVENTSYS_CONTACT_EMAIL"],
        language=language,
    )


def _version(row, *extra, exists: bool = True) -> FeedVersion:
    config = current_app.config
    key = (FEED_FORMAT, tuple(row), extra, config["EVENTSYS_UID_DOMAIN"],
           config["EVENTSYS_BASE_URL"], config["EVENTSYS_CONTACT_EMAIL"])  # fmt: skip
    etag = hashlib.sha256(repr(key).encode("utf-8")).hexdigest()[:40]
    moments = [ics.as_utc(value) for value in row if isinstance(value, datetime)]
    return FeedVersion(
        etag=etag, last_modified=max(moments) if moments else None, exists=exists
    )


# ---------------------------------------------------------------- one meeting


def meeting_version(slug: str, language: str) -> FeedVersion:
    row = read_row(queries.meeting_fingerprint_by_slug(), {"slug": slug})
    return _version(row, slug, language, exists=row.status not in (None, "draft"))


def build_meeting_feed(meeting: Meeting, language: str) -> bytes:
    ctx = feed_context(language)
    released = public_sessions_by_meeting([meeting])
    if meeting.id in released:
        sessions = released[meeting.id]
    else:
        sessions = load_sessions([meeting.id])
    theme = ctx.text(meeting.theme, meeting)
    return ics.build_feed(
        _with_days([ics.FeedEntry(meeting, sessions, transparent=True)]),
        uid=f"feed-meeting-{meeting.id}@{ctx.uid_domain}",
        name=ctx.text(meeting.title, meeting),
        description=theme or ctx.text(meeting.series.name, meeting),
        ctx=ctx,
    )


# ---------------------------------------------------------------- a series


def series_version(slug: str, language: str) -> FeedVersion:
    row = read_row(queries.series_fingerprint_by_slug(), {"slug": slug})
    return _version(row, slug, language, exists=row.series_id is not None)


def build_series_feed(series: Series, language: str) -> bytes:
    ctx = feed_context(language)
    meetings = db.session.scalars(
        queries.public_meetings().where(Meeting.series_id == series.id)
    ).all()
    entries = _with_sessions(meetings)
    name = series.name.get(language) or next(iter(series.name.values()), series.acronym)
    with force_locale(language):
        description = _("Meetings and agendas of %(series)s", series=name)
    return ics.build_feed(
        entries,
        uid=f"feed-series-{series.id}@{ctx.uid_domain}",
        name=name,
        description=description,
        ctx=ctx,
    )


def _with_sessions(
    meetings, *, online_ids=frozenset(), session_ids=None
) -> list[ics.FeedEntry]:
    """Feed entries with their sessions, read as light rows for all meetings at once."""
    complete = session_ids is None  # every session of each meeting is in the feed
    by_meeting = {
        m.id: ics.FeedEntry(m, online=m.id in online_ids, transparent=complete)
        for m in meetings
    }
    # Meetings that use releases show their latest release (agenda/public.py).
    released = public_sessions_by_meeting(meetings)
    live = [meeting_id for meeting_id in by_meeting if meeting_id not in released]
    if live:
        for session in load_sessions(live, session_ids):
            by_meeting[session.meeting_id].sessions.append(session)
    if released:
        wanted = None if complete else set(db.session.scalars(session_ids))
        for meeting_id, sessions in released.items():
            by_meeting[meeting_id].sessions.extend(
                s for s in sessions if wanted is None or s.id in wanted
            )
    return _with_days(list(by_meeting.values()))


def _with_days(entries: list[ics.FeedEntry]) -> list[ics.FeedEntry]:
    """Each meeting's days and their hours (one query for all the entries)."""
    found = public_days_of([entry.meeting for entry in entries])
    for entry in entries:
        entry.days = found[entry.meeting.id]
    return entries


def load_sessions(meeting_ids, session_ids=None) -> list[SessionView]:
    """Sessions of the meetings (optionally only some), in agenda order, with room and people."""
    sessions, by_id = [], {}
    for row in db.session.execute(queries.session_rows(meeting_ids, session_ids)):
        values = row._asdict()
        room = values.pop("room_name")
        session = SessionView(**values, room=RoomView(room) if room else None)
        sessions.append(session)
        by_id[session.id] = session
    for row in db.session.execute(queries.people_rows(meeting_ids, session_ids)):
        by_id[row.session_id].people.append(
            PersonView(row.name, row.affiliation or "", row.role)
        )
    return sessions


# ---------------------------------------------------------------- all meetings


def all_version(language: str) -> FeedVersion:
    row = read_row(queries.all_fingerprint())
    return _version(row, language)


def build_all_feed(language: str) -> bytes:
    ctx = feed_context(language)
    meetings = db.session.scalars(queries.public_meetings()).all()
    with force_locale(language):
        name, description = (
            _("All meetings"),
            _("Every public meeting, with its dates and place"),
        )
    entries = _with_days([ics.FeedEntry(m) for m in meetings])
    return ics.build_feed(
        entries,
        uid=f"feed-all@{ctx.uid_domain}",
        name=name,
        description=description,
        ctx=ctx,
    )


# ---------------------------------------------------------------- one person


def private_version(user) -> FeedVersion:
    row = db.session.execute(queries.private_fingerprint(user)).one()
    return _version(row, user.id, user.language, user.calendar_alarm_minutes)


def build_private_feed(user) -> bytes:
    """A user's meetings (registered, managing, reporting) and their own sessions.

    The online link shows only where the user's registration allows it.
    """
    language = user.language or "en"
    ctx = feed_context(language)
    meetings = db.session.scalars(
        queries.public_meetings().where(Meeting.id.in_(queries.user_meeting_ids(user)))
    ).all()
    registrations = db.session.scalars(queries.user_registrations(user)).all()
    online_ids = {r.meeting_id for r in registrations if may_see_online_link(r)}
    entries = _with_sessions(
        meetings, online_ids=online_ids, session_ids=queries.user_session_ids(user)
    )
    with force_locale(language):
        name, description = (
            _("My meetings"),
            _("Meetings I take part in, and my sessions"),
        )
    return ics.build_feed(
        entries,
        uid=f"feed-user-{user.id}@{ctx.uid_domain}",
        name=name,
        description=description,
        ctx=ctx,
        alarm_minutes=user.calendar_alarm_minutes,
    )
