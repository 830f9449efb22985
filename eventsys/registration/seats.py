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
        .where(
            Registration.meeting_id == meeting.id, Registration.status == "confirmed"
        )
        .group_by(Registration.category_id, Registration.attendance)
    ).all()
    categories = db.session.scalars(
        sa.select(ParticipantCategory).where(
            ParticipantCategory.meeting_id == meeting.id
        )
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


# --- claiming and releasing, one registration at a time ---------------------
#
# Each pool is a (table, row id, counter, capacity) quadruple. A claim is a
# conditional UPDATE that succeeds only while the pool has room, so two
# transactions can never both take the last seat (docs/seats.md).
# Pools are always visited in the same order (meeting, then category) so two
# transactions never wait on each other's rows in opposite orders.

_CAPACITY_OF = {
    "seats_taken": "capacity",
    "in_person_taken": "in_person_capacity",
    "online_taken": "online_capacity",
}


def pools(registration: Registration) -> list[tuple[sa.Table, int, str]]:
    """The pools a registration holds a seat in when confirmed."""
    attendance = attendance_column(registration.attendance)
    meeting_table = Meeting.__table__
    category_table = ParticipantCategory.__table__
    return [
        (meeting_table, registration.meeting_id, "seats_taken"),
        (meeting_table, registration.meeting_id, attendance),
        (category_table, registration.category_id, "seats_taken"),
        (category_table, registration.category_id, attendance),
    ]


def _by_row(registration: Registration) -> list[tuple[sa.Table, int, list[str]]]:
    """The pools grouped by row: one UPDATE per row, fewer round trips under the lock."""
    rows: list[tuple[sa.Table, int, list[str]]] = []
    for table, row_id, counter in pools(registration):
        if rows and rows[-1][0] is table and rows[-1][1] == row_id:
            rows[-1][2].append(counter)
        else:
            rows.append((table, row_id, [counter]))
    return rows


def _claim_row(table: sa.Table, row_id: int, counters: list[str]) -> bool:
    """Take a seat in every counter of the row, or in none (all in one UPDATE)."""
    room = [
        sa.or_(
            table.c[_CAPACITY_OF[c]].is_(None), table.c[c] < table.c[_CAPACITY_OF[c]]
        )
        for c in counters
    ]
    statement = (
        sa.update(table)
        .where(table.c.id == row_id, *room)
        .values({c: table.c[c] + 1 for c in counters})
    )
    return db.session.execute(statement).rowcount == 1


def _release_row(table: sa.Table, row_id: int, counters: list[str]) -> None:
    # Each counter on its own floor at 0, as before: never below zero.
    values = {
        c: sa.case((table.c[c] > 0, table.c[c] - 1), else_=table.c[c]) for c in counters
    }
    db.session.execute(sa.update(table).where(table.c.id == row_id).values(values))


def claim(registration: Registration) -> bool:
    """Take a seat in every pool of the registration, or in none of them.

    Returns True when every pool had room. On a full pool the claims already
    made in this call are given back, so the counters stay exact.
    """
    db.session.flush()
    taken = []
    for row in _by_row(registration):
        if not _claim_row(*row):
            for done in reversed(taken):
                _release_row(*done)
            _expire_counters(registration)
            return False
        taken.append(row)
    _expire_counters(registration)
    return True


def release(registration: Registration) -> None:
    """Give back the seats a confirmed registration holds (before it changes)."""
    db.session.flush()
    for row in _by_row(registration):
        _release_row(*row)
    _expire_counters(registration)


def _expire_counters(registration: Registration) -> None:
    """Counters changed behind the ORM's back: reload them on next access."""
    counters = list(_CAPACITY_OF)
    for obj in (registration.meeting, registration.category):
        if obj is not None and sa.inspect(obj).persistent:
            db.session.expire(obj, counters)


def has_room(pool_owner, counter: str) -> bool:
    capacity = getattr(pool_owner, _CAPACITY_OF[counter])
    return capacity is None or getattr(pool_owner, counter) < capacity


def no_seat_left(meeting: Meeting) -> bool:
    """Nobody can have a seat: the meeting's pool, or every attendance pool its
    format offers, is full."""
    if not has_room(meeting, "seats_taken"):
        return True
    offered = [
        counter
        for counter, formats in (
            ("in_person_taken", ("in_person", "hybrid")),
            ("online_taken", ("virtual", "hybrid")),
        )
        if meeting.format in formats
    ]
    return bool(offered) and not any(has_room(meeting, c) for c in offered)


def check_invariant(meeting: Meeting) -> list[str]:
    """Differences between the counters and the confirmed registrations (empty: all good)."""
    db.session.expire_all()
    counted = {}
    rows = db.session.execute(
        sa.select(Registration.category_id, Registration.attendance, sa.func.count())
        .where(
            Registration.meeting_id == meeting.id, Registration.status == "confirmed"
        )
        .group_by(Registration.category_id, Registration.attendance)
    ).all()
    categories = db.session.scalars(
        sa.select(ParticipantCategory).where(
            ParticipantCategory.meeting_id == meeting.id
        )
    ).all()
    for owner in [meeting, *categories]:
        counted[owner] = {"seats_taken": 0, "in_person_taken": 0, "online_taken": 0}
    by_id = {c.id: c for c in categories}
    for category_id, attendance, count in rows:
        for owner in (meeting, by_id[category_id]):
            counted[owner]["seats_taken"] += count
            counted[owner][attendance_column(attendance)] += count
    problems = []
    for owner, expected in counted.items():
        for counter, value in expected.items():
            stored = getattr(owner, counter)
            capacity = getattr(owner, _CAPACITY_OF[counter])
            if stored != value:
                problems.append(
                    f"{owner!r} {counter}: stored {stored}, confirmed {value}"
                )
            if capacity is not None and stored > capacity:
                problems.append(
                    f"{owner!r} {counter}: {stored} over capacity {capacity}"
                )
    return problems
