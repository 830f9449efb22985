"""Sign-up for sessions with limited places (breakouts, workshops, side events).

Places are claimed the way meeting seats are (registration/seats.py,
docs/seats.md): a conditional UPDATE of the session's counter in the same
transaction as the sign-up's insert, so two participants can never both take
the last place. The participant's row is locked first and the session's row
second, always in that order, so a participant's sign-ups are serialised (no
two overlapping sessions) and arrival order is queue order. On SQLite the
write transaction already holds the database lock (BEGIN IMMEDIATE).
"""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy import orm as so

from eventsys.agenda.models import ACTIVE_SIGNUP_STATUSES
from eventsys.agenda.models import AgendaSession
from eventsys.agenda.models import SessionSignup
from eventsys.audit.service import record
from eventsys.auth.permissions import can_manage_meeting
from eventsys.auth.permissions import require
from eventsys.errors import Conflict
from eventsys.errors import NotFound
from eventsys.extensions import db
from eventsys.lookup import plausible_id
from eventsys.meetings.models import Room
from eventsys.registration import notify
from eventsys.registration.models import Registration


def capacity_of(session: AgendaSession) -> int | None:
    """Places of a session: its sign-up capacity, else its room's (None: unlimited)."""
    if session.signup_capacity is not None:
        return session.signup_capacity
    return session.room.capacity if session.room is not None else None


def places_left(session: AgendaSession) -> int | None:
    capacity = capacity_of(session)
    return None if capacity is None else max(capacity - session.signups_taken, 0)


def sign_up(
    session: AgendaSession, registration: Registration, *, now: datetime
) -> SessionSignup:
    """Take a place in the session, or a place on its waiting list.

    Raises: NotFound (another meeting's session), Conflict (not open to
    sign-up, registration not confirmed, already signed up, overlapping).
    """
    if session.meeting_id != registration.meeting_id:
        raise NotFound(_("No such session at this meeting."))
    _lock(Registration, registration.id)
    _lock(AgendaSession, session.id)
    _check_can_sign_up(session, registration)
    signup = SessionSignup(
        session=session,
        registration=registration,
        status="confirmed" if _claim(session) else "waitlisted",
        created_at=now,
        status_changed_at=now,
    )
    db.session.add(signup)
    db.session.flush()
    _record("session.signup", signup, actor=None, now=now)
    return signup


def _record(action: str, signup: SessionSignup, *, actor, now: datetime) -> None:
    """One audit event per sign-up change, told about the participant's registration."""
    session = signup.session
    record(action, actor=actor, obj=signup.registration, meeting=session.meeting,
           now=now, after={"session": session.title, "session_id": session.id,
                           "status": signup.status})  # fmt: skip


def remove_signup(
    signup: SessionSignup, *, actor, now: datetime
) -> list[SessionSignup]:
    """The secretariat takes a participant off a session (or its waiting list).

    Returns the sign-ups promoted. Raises: PermissionDenied, Conflict.
    """
    require(can_manage_meeting(actor, signup.session.meeting))
    return cancel_signup(signup, now=now, actor=actor)


def cancel_signup(
    signup: SessionSignup, *, now: datetime, actor=None
) -> list[SessionSignup]:
    """Give up a place (or a place in the queue); the place goes to the first waiting.

    Returns the sign-ups promoted. Raises: Conflict (already cancelled).
    """
    _lock(Registration, signup.registration_id)
    _lock(AgendaSession, signup.session_id)
    db.session.refresh(signup)
    if signup.status not in ACTIVE_SIGNUP_STATUSES:
        raise Conflict(_("This sign-up is already cancelled."))
    was_confirmed = signup.status == "confirmed"
    _set_status(signup, "cancelled", now)
    action = "session.signup_cancel" if actor is None else "session.signup_remove"
    _record(action, signup, actor=actor, now=now)
    if was_confirmed:
        _release(signup.session)
    return promote(signup.session, now=now)


def cancel_all_of(registration: Registration, *, now: datetime) -> None:
    """A registration that ends gives up every place it holds, in session order."""
    for signup in sorted(active_signups_of(registration), key=lambda s: s.session_id):
        cancel_signup(signup, now=now)


def promote(session: AgendaSession, *, now: datetime) -> list[SessionSignup]:
    """Seat the waiting list in arrival order while the session has places."""
    promoted = []
    for signup in _waiting(session.id):
        if not _claim(session):
            break
        _set_status(signup, "confirmed", now)
        _record("session.signup_promote", signup, actor=None, now=now)
        notify.send(signup.registration, "session_promoted", now=now, session=session)
        promoted.append(signup)
    return promoted


def get_signup(registration: Registration, session_id: int) -> SessionSignup:
    """The registration's active sign-up for a session.

    Raises: NotFound.
    """
    signup = None
    if plausible_id(session_id):
        signup = db.session.scalar(
            sa.select(SessionSignup).where(
                SessionSignup.registration_id == registration.id,
                SessionSignup.session_id == session_id,
                SessionSignup.status.in_(ACTIVE_SIGNUP_STATUSES),
            )
        )
    if signup is None:
        raise NotFound(_("You are not signed up for this session."))
    return signup


def active_signups_of(registration: Registration) -> list[SessionSignup]:
    return list(
        db.session.scalars(
            sa.select(SessionSignup).where(
                SessionSignup.registration_id == registration.id,
                SessionSignup.status.in_(ACTIVE_SIGNUP_STATUSES),
            )
        )
    )


def waitlist_position(signup: SessionSignup) -> int | None:
    """1 for the first in the queue; None when not waiting."""
    if signup.status != "waitlisted":
        return None
    ahead = sa.select(sa.func.count()).where(
        SessionSignup.session_id == signup.session_id,
        SessionSignup.status == "waitlisted",
        SessionSignup.id < signup.id,
    )
    return db.session.scalar(ahead) + 1


def queue_positions(registration: Registration) -> dict[int, int]:
    """Session id -> the registration's place in its waiting list, in one query."""
    ahead = so.aliased(SessionSignup)
    count_ahead = (
        sa.select(sa.func.count(ahead.id))
        .where(
            ahead.session_id == SessionSignup.session_id,
            ahead.status == "waitlisted",
            ahead.id < SessionSignup.id,
        )
        .scalar_subquery()
    )
    rows = db.session.execute(
        sa.select(SessionSignup.session_id, count_ahead).where(
            SessionSignup.registration_id == registration.id,
            SessionSignup.status == "waitlisted",
        )
    )
    return {session_id: n + 1 for session_id, n in rows}


# ---------------------------------------------------------------- rules


def _check_can_sign_up(session: AgendaSession, registration: Registration) -> None:
    if not session.takes_signups or session.status != "scheduled":
        raise Conflict(_("This session does not take sign-ups."))
    if registration.status != "confirmed":
        raise Conflict(_("Only confirmed participants can sign up for sessions."))
    held = active_signups_of(registration)
    if any(s.session_id == session.id for s in held):
        raise Conflict(_("You are already signed up for this session."))
    for other in held:
        if _overlap(other.session, session):
            raise Conflict(
                _("This session overlaps with another you are signed up for.")
            )


def _overlap(a: AgendaSession, b: AgendaSession) -> bool:
    return a.starts_at < b.ends_at and b.starts_at < a.ends_at


# ---------------------------------------------------------------- counters


def _capacity_expression():
    """The session's places in SQL: signup_capacity, else its room's capacity."""
    table = AgendaSession.__table__
    room_capacity = (
        sa.select(Room.capacity).where(Room.id == table.c.room_id).scalar_subquery()
    )
    return sa.func.coalesce(table.c.signup_capacity, room_capacity)


def _claim(session: AgendaSession) -> bool:
    """One place, if there is one: a conditional UPDATE (docs/seats.md)."""
    table = AgendaSession.__table__
    capacity = _capacity_expression()
    statement = (
        sa.update(table)
        .where(
            table.c.id == session.id,
            sa.or_(capacity.is_(None), table.c.signups_taken < capacity),
        )
        .values(signups_taken=table.c.signups_taken + 1)
    )
    taken = db.session.execute(statement).rowcount == 1
    db.session.expire(session, ["signups_taken"])
    return taken


def _release(session: AgendaSession) -> None:
    table = AgendaSession.__table__
    taken = table.c.signups_taken
    db.session.execute(
        sa.update(table)
        .where(table.c.id == session.id)
        .values(signups_taken=sa.case((taken > 0, taken - 1), else_=taken))
    )
    db.session.expire(session, ["signups_taken"])


def _lock(model, row_id: int) -> None:
    """PostgreSQL: lock the row; SQLite holds the database lock already."""
    db.session.flush()
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(
            sa.select(model.id).where(model.id == row_id).with_for_update()
        )


def _waiting(session_id: int) -> list[SessionSignup]:
    db.session.flush()
    return list(
        db.session.scalars(
            sa.select(SessionSignup)
            .where(
                SessionSignup.session_id == session_id,
                SessionSignup.status == "waitlisted",
            )
            .order_by(SessionSignup.id)
            .execution_options(populate_existing=True)
        )
    )


def _set_status(signup: SessionSignup, status: str, now: datetime) -> None:
    signup.status = status
    signup.status_changed_at = now


def recount(session: AgendaSession) -> None:
    """Set the counter from the confirmed sign-ups (demo loader, repair)."""
    signups_taken = db.session.scalar(
        sa.select(sa.func.count()).where(
            SessionSignup.session_id == session.id,
            SessionSignup.status == "confirmed",
        )
    )
    session.signups_taken = signups_taken
    db.session.flush()


def check_invariant(session: AgendaSession) -> list[str]:
    """Differences between the counter and the confirmed sign-ups (empty: all good)."""
    db.session.expire_all()
    confirmed = db.session.scalar(
        sa.select(sa.func.count()).where(
            SessionSignup.session_id == session.id,
            SessionSignup.status == "confirmed",
        )
    )
    problems = []
    if session.signups_taken != confirmed:
        problems.append(f"taken {session.signups_taken}, confirmed {confirmed}")
    capacity = capacity_of(session)
    if capacity is not None and session.signups_taken > capacity:
        problems.append(f"taken {session.signups_taken} over capacity {capacity}")
    return problems
