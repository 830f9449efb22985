"""Sign-up races shared by the SQLite (file, WAL) and PostgreSQL tests."""

from datetime import timedelta

import sqlalchemy as sa

from eventsys.agenda import signups
from eventsys.agenda.models import AgendaSession
from eventsys.agenda.models import SessionSignup
from eventsys.extensions import db
from eventsys.models import utcnow
from eventsys.registration.models import Registration
from tests.factories import make_category
from tests.factories import make_meeting
from tests.factories import make_registration
from tests.factories import make_room
from tests.factories import make_session
from tests.registration.concurrency import run_together


def _world(people: int, places: int | None, room_capacity=None):
    meeting = make_meeting()
    category = make_category(meeting)
    room = make_room(meeting, capacity=room_capacity)
    session = make_session(
        meeting, kind="breakout", room=room, takes_signups=True,
        signup_capacity=places,
    )  # fmt: skip
    registrations = [
        make_registration(meeting, category=category, status="confirmed")
        for _ in range(people)
    ]
    db.session.commit()
    return session.id, [r.id for r in registrations]


def _signing_up(session_id, registration_id):
    def job():
        session = db.session.get(AgendaSession, session_id)
        registration = db.session.get(Registration, registration_id)
        signups.sign_up(session, registration, now=utcnow())

    return job


def _rows(session_id) -> list[SessionSignup]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            sa.select(SessionSignup)
            .where(SessionSignup.session_id == session_id)
            .order_by(SessionSignup.id)
        )
    )


def scenario_thirty_for_ten(app, people=30, places=10, room_capacity=None):
    session_id, ids = _world(people, places, room_capacity)
    errors = run_together(app, [_signing_up(session_id, i) for i in ids])
    assert errors == [], errors[:3]
    rows = _rows(session_id)
    assert len(rows) == people
    confirmed = [r for r in rows if r.status == "confirmed"]
    waiting = [r for r in rows if r.status == "waitlisted"]
    assert len(confirmed) == 10 and len(waiting) == people - 10
    # Arrival order is queue order: every confirmed place came before the queue.
    assert max(r.id for r in confirmed) < min(r.id for r in waiting)
    assert [signups.waitlist_position(r) for r in waiting] == list(range(1, people - 9))
    session = db.session.get(AgendaSession, session_id)
    assert signups.check_invariant(session) == []
    return session_id


def scenario_cancellations_promote_in_order(app, session_id, cancels=4):
    rows = _rows(session_id)
    leaving = [r.id for r in rows if r.status == "confirmed"][:cancels]
    first_waiting = [r.registration_id for r in rows if r.status == "waitlisted"]
    newcomers_session = db.session.get(AgendaSession, session_id)
    meeting = newcomers_session.meeting
    newcomers = [
        make_registration(meeting, category=rows[0].registration.category,
                          status="confirmed").id
        for _ in range(3)
    ]  # fmt: skip
    db.session.commit()

    def cancelling(signup_id):
        def job():
            signups.cancel_signup(
                db.session.get(SessionSignup, signup_id), now=utcnow()
            )

        return job

    jobs = [cancelling(i) for i in leaving]
    jobs += [_signing_up(session_id, i) for i in newcomers]
    errors = run_together(app, jobs)
    assert errors == [], errors[:3]
    after = _rows(session_id)
    confirmed = {r.registration_id for r in after if r.status == "confirmed"}
    assert len(confirmed) == 10
    # The first four waiting were promoted, in order; newcomers queue behind.
    assert set(first_waiting[:cancels]) <= confirmed
    assert not confirmed & set(newcomers)
    session = db.session.get(AgendaSession, session_id)
    assert signups.check_invariant(session) == []


def scenario_room_capacity(app):
    """No signup_capacity: the room's capacity counts."""
    session_id, ids = _world(15, None, room_capacity=10)
    errors = run_together(app, [_signing_up(session_id, i) for i in ids])
    assert errors == [], errors[:3]
    rows = _rows(session_id)
    assert sum(r.status == "confirmed" for r in rows) == 10


def scenario_overlapping_at_once(app, attempts=6):
    """One participant signing up for overlapping sessions at once holds one."""
    meeting = make_meeting()
    category = make_category(meeting)
    sessions = [
        make_session(meeting, starts_at=meeting.starts_at + timedelta(minutes=10 * n),
                     takes_signups=True, signup_capacity=5)
        for n in range(attempts)
    ]  # fmt: skip
    registration = make_registration(meeting, category=category, status="confirmed")
    db.session.commit()
    ids = [s.id for s in sessions]
    registration_id = registration.id
    errors = run_together(app, [_signing_up(i, registration_id) for i in ids])
    assert len(errors) == attempts - 1
    assert all("overlaps" in e for e in errors)
    db.session.expire_all()
    held = db.session.scalar(
        sa.select(sa.func.count()).where(
            SessionSignup.registration_id == registration_id
        )
    )
    assert held == 1
