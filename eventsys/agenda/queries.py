"""Selects over agenda sessions, reused by the agenda page, feeds and PDFs."""

import sqlalchemy as sa
from sqlalchemy import orm as so

from eventsys.agenda import days
from eventsys.agenda.models import AgendaSession
from eventsys.extensions import db


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
