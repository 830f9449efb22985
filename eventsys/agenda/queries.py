"""Selects over agenda sessions, reused by the agenda page, feeds and PDFs."""

import sqlalchemy as sa
from sqlalchemy import orm as so

from eventsys.agenda.models import AgendaSession


def agenda_sessions(meeting_id: int) -> sa.Select:
    """A meeting's sessions in agenda order, rooms and people loaded up front."""
    return (
        sa.select(AgendaSession)
        .where(AgendaSession.meeting_id == meeting_id)
        .options(
            so.selectinload(AgendaSession.room),
            so.selectinload(AgendaSession.people),
        )
        .order_by(AgendaSession.starts_at, AgendaSession.position, AgendaSession.id)
    )
