"""Seat pools and their counters.

A confirmed registration holds one seat in every pool that applies to it: the
meeting, the meeting's attendance pool, its category and the category's
attendance pool. Counters live on Meeting and ParticipantCategory.
"""

import sqlalchemy as sa

from eventsys.extensions import db
from eventsys.meetings.models import Meeting
from eventsys.registration.models import ParticipantCategory
from eventsys.registration.models import Registration


def attendance_column(attendance: str) -> str:
    return "online_taken" if attendance == "online" else "in_person_taken"


def recount(meeting: Meeting) -> None:
    """Set every counter of a meeting from its confirmed registrations.

    Used by the demo loader and as a repair tool; the live path claims and
    releases seats one at a time.
    """
    rows = db.session.execute(
        sa.select(Registration.category_id, Registration.attendance, sa.func.count())
        .where(Registration.meeting_id == meeting.id, Registration.status == "confirmed")
        .group_by(Registration.category_id, Registration.attendance)
    ).all()
    categories = db.session.scalars(
        sa.select(ParticipantCategory).where(ParticipantCategory.meeting_id == meeting.id)
    ).all()
    for pool in [meeting, *categories]:
        pool.seats_taken = pool.in_person_taken = pool.online_taken = 0
    by_id = {c.id: c for c in categories}
    for category_id, attendance, count in rows:
        for pool in (meeting, by_id[category_id]):
            pool.seats_taken += count
            column = attendance_column(attendance)
            setattr(pool, column, getattr(pool, column) + count)
    db.session.flush()
