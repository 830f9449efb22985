"""Selects over agenda sessions, reused by the agenda page, feeds and PDFs."""

import functools

import sqlalchemy as sa
from sqlalchemy import orm as so

from eventsys.agenda import days
from eventsys.agenda.models import ACTIVE_SIGNUP_STATUSES
from eventsys.agenda.models import AgendaSession
from eventsys.agenda.models import SessionSignup
from eventsys.agenda.models import SideEventProposal
from eventsys.agenda.models import SpeakerRequest
from eventsys.agenda.models import session_organisations
from eventsys.calendar.queries import meeting_fingerprint
from eventsys.calendar.queries import meeting_fingerprint_by_slug
from eventsys.directory.models import Organisation
from eventsys.documents import queries as document_queries
from eventsys.extensions import db
from eventsys.meetings.models import Meeting
from eventsys.outcomes import queries as outcome_queries


def agenda_sessions(meeting_id: int, *loading) -> sa.Select:
    """A meeting's sessions in agenda order, rooms and people loaded up front.

    loading: loader options instead of the default (a statement each for the
    rooms and the people).
    """
    loading = loading or (
        so.selectinload(AgendaSession.room),
        so.selectinload(AgendaSession.people),
    )
    return (
        sa.select(AgendaSession)
        .where(AgendaSession.meeting_id == meeting_id)
        .options(*loading)
        .order_by(AgendaSession.starts_at, AgendaSession.position, AgendaSession.id)
    )


def organisations_of_sessions(session_ids) -> sa.Select:
    """(session_id, Organisation) of the directory's organisations linked to these
    sessions (side events' organisers), in the relationship's order."""
    links = session_organisations
    return (
        sa.select(links.c.session_id, Organisation)
        .join(Organisation, Organisation.id == links.c.organisation_id)
        .where(links.c.session_id.in_(list(session_ids)))
        .order_by(links.c.session_id, Organisation.id)
    )


def scheduled_times(meeting_ids) -> sa.Select:
    """(meeting_id, starts_at, ends_at, status) of the scheduled sessions: the
    hours of each day of a meeting (eventsys/agenda/days.py)."""
    return (
        sa.select(
            AgendaSession.meeting_id,
            AgendaSession.starts_at,
            AgendaSession.ends_at,
            AgendaSession.status,
        )
        .where(
            AgendaSession.meeting_id.in_(list(meeting_ids)),
            AgendaSession.status != "cancelled",
        )
        .order_by(AgendaSession.meeting_id, AgendaSession.starts_at)
    )


def meeting_days_of(meetings) -> dict:
    """{meeting id: its days with their hours}, in one query for all the meetings."""
    by_meeting: dict[int, list] = {m.id: [] for m in meetings}
    if by_meeting:
        for row in db.session.execute(scheduled_times(by_meeting)):
            by_meeting[row.meeting_id].append(row)
    return {m.id: days.meeting_days(m, by_meeting[m.id]) for m in meetings}


def signup_sessions(meeting_id: int) -> sa.Select:
    """The scheduled sessions of a meeting that take sign-ups, in agenda order."""
    return (
        sa.select(AgendaSession)
        .where(
            AgendaSession.meeting_id == meeting_id,
            AgendaSession.takes_signups.is_(True),
            AgendaSession.status == "scheduled",
        )
        .options(so.selectinload(AgendaSession.room))
        .order_by(AgendaSession.starts_at, AgendaSession.position, AgendaSession.id)
    )


def session_signups(session_id: int) -> sa.Select:
    """A session's active sign-ups in arrival order (the waiting list's order)."""
    return (
        sa.select(SessionSignup)
        .where(
            SessionSignup.session_id == session_id,
            SessionSignup.status.in_(ACTIVE_SIGNUP_STATUSES),
        )
        .options(so.joinedload(SessionSignup.registration))
        .order_by(SessionSignup.id)
    )


def registration_signups(registration_id: int) -> sa.Select:
    """A participant's active sign-ups."""
    return sa.select(SessionSignup).where(
        SessionSignup.registration_id == registration_id,
        SessionSignup.status.in_(ACTIVE_SIGNUP_STATUSES),
    )


def speaker_sessions(meeting_id: int) -> sa.Select:
    """The scheduled sessions of a meeting that keep a list of speakers."""
    return (
        sa.select(AgendaSession)
        .where(
            AgendaSession.meeting_id == meeting_id,
            AgendaSession.has_speakers_list.is_(True),
            AgendaSession.status == "scheduled",
        )
        .order_by(AgendaSession.starts_at, AgendaSession.position, AgendaSession.id)
    )


def speakers_list(session_id: int, statuses) -> sa.Select:
    """A session's requests for the floor in list order, speakers loaded."""
    return (
        sa.select(SpeakerRequest)
        .where(
            SpeakerRequest.session_id == session_id,
            SpeakerRequest.status.in_(list(statuses)),
        )
        .options(so.joinedload(SpeakerRequest.registration))
        .order_by(SpeakerRequest.position, SpeakerRequest.id)
    )


def requests_of(registration_ids, statuses) -> sa.Select:
    """Requests for the floor of some registrations (a participant, a delegation)."""
    return sa.select(SpeakerRequest).where(
        SpeakerRequest.registration_id.in_(list(registration_ids)),
        SpeakerRequest.status.in_(list(statuses)),
    )


def side_event_proposals(meeting_id: int, status: str = "") -> sa.Select:
    """A meeting's side-event proposals, newest first, optionally of one status."""
    query = sa.select(SideEventProposal).where(
        SideEventProposal.meeting_id == meeting_id
    )
    if status:
        query = query.where(SideEventProposal.status == status)
    return query.order_by(SideEventProposal.created_at.desc(), SideEventProposal.id)


@functools.cache
def agenda_page_version_by_slug() -> sa.Select:
    """All a cached agenda page depends on, in one statement: the meeting's feed
    fingerprint (calendar/queries.py), then its published outcome documents
    (outcomes) and its public session documents (documents), which the
    sessions link to. Split it with split_agenda_version."""
    slug = sa.bindparam("slug", type_=sa.String)
    meeting_id = sa.select(Meeting.id).where(Meeting.slug == slug).scalar_subquery()
    documents = document_queries.public_documents_key_select(meeting_id).subquery()
    return meeting_fingerprint(slug).add_columns(
        outcome_queries.published_key(meeting_id).label("published"),
        *documents.c,
    )


def split_agenda_version(row) -> tuple[tuple, tuple]:
    """(the feed fingerprint's columns, (published key, documents key))."""
    values = tuple(row)
    width = len(meeting_fingerprint_by_slug().selected_columns)
    return values[:width], (values[width], values[width + 1 :])
