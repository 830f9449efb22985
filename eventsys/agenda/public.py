"""What the public sees of an agenda: the working one, or the latest release.

Read by the agenda page, its PDF, the feeds, the API and the change emails
(agenda/notices.py); the releases themselves are made by agenda/releases.py.
"""

import sqlalchemy as sa
from flask_babel import gettext as _

from eventsys.agenda import days
from eventsys.agenda import snapshots
from eventsys.agenda.models import AgendaRelease
from eventsys.agenda.queries import agenda_sessions
from eventsys.agenda.queries import meeting_days_of
from eventsys.agenda.queries import organisations_of_sessions
from eventsys.errors import NotFound
from eventsys.extensions import db
from eventsys.lookup import plausible_id


def releases_query(meeting_id: int) -> sa.Select:
    """A meeting's releases, newest first."""
    return (
        sa.select(AgendaRelease)
        .where(AgendaRelease.meeting_id == meeting_id)
        .order_by(AgendaRelease.number.desc())
    )


def releases_of(meeting) -> list[AgendaRelease]:
    return list(db.session.scalars(releases_query(meeting.id)))


def latest_release(meeting) -> AgendaRelease | None:
    return db.session.scalars(releases_query(meeting.id).limit(1)).first()


def get_release(meeting, number: int) -> AgendaRelease:
    """Release number `number` of this meeting.

    Raises: NotFound.
    """
    release = None
    if plausible_id(number):  # numbered from 1, like ids
        release = db.session.scalars(
            sa.select(AgendaRelease).where(
                AgendaRelease.meeting_id == meeting.id, AgendaRelease.number == number
            )
        ).first()
    if release is None:
        raise NotFound(_("No such release of the agenda."))
    return release


def release_sessions(release: AgendaRelease) -> list:
    return snapshots.sessions_of(release.snapshot, release.meeting_id)


def with_links(sessions: list) -> list:
    """Released sessions (snapshots.SessionView) with the directory's organisations
    linked to them now, in one statement for all; the sessions, for chaining."""
    views = [s for s in sessions if isinstance(s, snapshots.SessionView)]
    if views:
        linked: dict[int, list] = {}
        for session_id, organisation in db.session.execute(
            organisations_of_sessions({v.id for v in views})
        ):
            linked.setdefault(session_id, []).append(organisation)
        for view in views:
            view.organisations = linked.get(view.id, [])
    return sessions


def public_sessions(meeting, *loading) -> list:
    """The sessions the public sees: the working agenda, or the latest release.

    loading: loader options instead of agenda_sessions' own for the working
    agenda (the API's export loads the people in the sessions' statement).
    """
    if not meeting.uses_releases:
        query = agenda_sessions(meeting.id, *loading)
        return db.session.scalars(query).unique().all()
    release = latest_release(meeting)
    return release_sessions(release) if release else []


def public_sessions_by_meeting(meetings) -> dict:
    """{meeting id: released sessions} for the meetings that use releases (one query)."""
    ids = [m.id for m in meetings if m.uses_releases]
    if not ids:
        return {}
    newest = (
        sa.select(
            AgendaRelease.meeting_id, sa.func.max(AgendaRelease.number).label("n")
        )
        .where(AgendaRelease.meeting_id.in_(ids))
        .group_by(AgendaRelease.meeting_id)
        .subquery()
    )
    rows = db.session.scalars(
        sa.select(AgendaRelease).join(
            newest,
            sa.and_(
                AgendaRelease.meeting_id == newest.c.meeting_id,
                AgendaRelease.number == newest.c.n,
            ),
        )  # fmt: skip
    )
    found = {meeting_id: [] for meeting_id in ids}
    for release in rows:
        found[release.meeting_id] = release_sessions(release)
    return found


def public_snapshot(meeting) -> dict:
    """What the public is shown now: the meeting's details and its public sessions."""
    if not meeting.uses_releases:
        return snapshots.working_snapshot(meeting)
    release = latest_release(meeting)
    return {
        "meeting": snapshots.meeting_part(meeting),
        "sessions": list(release.snapshot.get("sessions", [])) if release else [],
    }


def public_days_of(meetings, released: dict | None = None) -> dict:
    """{meeting id: its days with their hours} as the public agenda gives them.

    A meeting that uses releases takes its hours from its latest release
    (`released`: public_sessions_by_meeting, if already loaded), so its
    calendar entry changes with a release, not with an edit.
    """
    if released is None:
        released = public_sessions_by_meeting(meetings)
    found = meeting_days_of([m for m in meetings if m.id not in released])
    for meeting in meetings:
        if meeting.id in released:
            found[meeting.id] = days.meeting_days(meeting, released[meeting.id])
    return found
