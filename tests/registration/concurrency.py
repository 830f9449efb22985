"""Race scenarios shared by the SQLite (file, WAL) and PostgreSQL tests.

Every worker runs in its own thread with its own app context, so its own
session and its own database connection, and all start together at a barrier.
"""

import contextlib
import threading
from types import SimpleNamespace

import sqlalchemy as sa

from eventsys.extensions import db
from eventsys.models import utcnow
from eventsys.registration import seats
from eventsys.registration import service
from eventsys.registration.models import Registration
from tests.factories import make_category
from tests.factories import make_meeting
from tests.registration.helpers import form_data

ENGINE_OPTIONS = {"pool_size": 70, "max_overflow": 10, "pool_timeout": 60}


def file_race_app(tmp_path):
    """An app on a file SQLite database in WAL mode, with room for every thread
    (a fixture's body: `yield from file_race_app(tmp_path)`)."""
    from eventsys import create_app
    from tests.conftest import base_config

    app = create_app(
        base_config(
            tmp_path,
            SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'race.db'}",
            SQLALCHEMY_ENGINE_OPTIONS=ENGINE_OPTIONS,
        )
    )
    with app.app_context():
        db.create_all()
        assert db.session.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
        yield app
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def release_idle_connections() -> None:
    """Close the idle connections other apps of this test process left open to
    this database (engines of earlier tests, held until collected), so that a
    race of 50 threads stays under the server's 100 connections. Every
    PostgreSQL test runs on one worker (tests/conftest.py), and each worker has
    its own database, so nothing else uses them."""
    db.session.execute(
        sa.text(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            " AND state = 'idle'"
        )
    )
    db.session.commit()


def pg_race_app(tmp_path):
    """The same on PostgreSQL (TEST_DATABASE_URL), on a schema made afresh."""
    from eventsys import create_app
    from tests.conftest import _reset_schema
    from tests.conftest import base_config
    from tests.conftest import postgres_url

    app = create_app(
        base_config(
            tmp_path,
            SQLALCHEMY_DATABASE_URI=postgres_url(),
            SQLALCHEMY_ENGINE_OPTIONS=ENGINE_OPTIONS,
        )
    )
    with app.app_context():
        release_idle_connections()
        _reset_schema()
        db.create_all()
        yield app
        db.session.remove()
        _reset_schema()
        db.engine.dispose()


def run_together(app, jobs) -> list:
    """Run each job(app) in its own thread and app context; return the errors."""
    # The test's own session must not hold SQLite's write lock while it waits.
    db.session.remove()
    barrier = threading.Barrier(len(jobs))
    errors = []

    def worker(job):
        with app.app_context():
            try:
                barrier.wait()
                job()
                db.session.commit()
            except Exception as error:  # collected and asserted on by the test
                db.session.rollback()
                errors.append(repr(error))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return errors


def _registering(meeting_id, category_id, n):
    def job():
        meeting = db.session.get(service.Meeting, meeting_id)
        category = db.session.get(seats.ParticipantCategory, category_id)
        service.register(meeting, data=form_data(category, n), now=utcnow())

    return job


def _ids(statement) -> list[int]:
    return list(db.session.scalars(statement))


def registrations(meeting_id) -> list[Registration]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            sa.select(Registration)
            .where(Registration.meeting_id == meeting_id)
            .order_by(Registration.created_at, Registration.id)
        )
    )


def check_invariant(meeting_id) -> None:
    meeting = db.session.get(service.Meeting, meeting_id)
    problems = seats.check_invariant(meeting)
    assert problems == [], problems


def setup(capacities=(10,), meeting_capacity=10, **meeting_values):
    meeting = make_meeting(capacity=meeting_capacity, **meeting_values)
    categories = [make_category(meeting, capacity=c) for c in capacities]
    ids = meeting.id, [c.id for c in categories]
    db.session.commit()
    return ids


def scenario_fifty_registrations(app, people=60):
    meeting_id, (category_id,) = setup(capacities=(None,))
    errors = run_together(
        app, [_registering(meeting_id, category_id, n) for n in range(people)]
    )
    assert errors == [], errors[:3]
    rows = registrations(meeting_id)
    assert len(rows) == people
    assert len({r.email for r in rows}) == people
    confirmed = [r for r in rows if r.status == "confirmed"]
    waiting = [r for r in rows if r.status == "waitlisted"]
    assert len(confirmed) == 10 and len(waiting) == people - 10
    assert [service.waitlist_position(r) for r in waiting] == list(range(1, people - 9))
    # Seats went in the order the database accepted the registrations.
    assert max(r.id for r in confirmed) < min(r.id for r in waiting)
    check_invariant(meeting_id)
    return meeting_id


def scenario_cancellations_promote(app, meeting_id, cancels=8):
    rows = registrations(meeting_id)
    confirmed = [r.id for r in rows if r.status == "confirmed"][:cancels]
    first_waiting = [r.id for r in rows if r.status == "waitlisted"][:cancels]

    def cancelling(registration_id):
        def job():
            registration = db.session.get(Registration, registration_id)
            service.cancel(registration, by_participant=True, now=utcnow())

        return job

    newcomers = [
        _registering(meeting_id, rows[0].category_id, 1000 + n) for n in range(5)
    ]
    errors = run_together(app, [cancelling(i) for i in confirmed] + newcomers)
    assert errors == [], errors[:3]
    after = {r.id: r for r in registrations(meeting_id)}
    assert all(after[i].status == "cancelled" for i in confirmed)
    assert all(after[i].status == "confirmed" for i in first_waiting)
    assert sum(r.status == "confirmed" for r in after.values()) == 10
    assert len(after) == len(rows) + 5
    check_invariant(meeting_id)


def scenario_two_categories(app, per_category=30):
    meeting_id, (a, b) = setup(capacities=(4, 7), meeting_capacity=10)
    jobs = [_registering(meeting_id, a, n) for n in range(per_category)]
    jobs += [_registering(meeting_id, b, 100 + n) for n in range(per_category)]
    errors = run_together(app, jobs)
    assert errors == [], errors[:3]
    rows = registrations(meeting_id)
    assert len(rows) == 2 * per_category
    in_a = [r for r in rows if r.category_id == a and r.status == "confirmed"]
    in_b = [r for r in rows if r.category_id == b and r.status == "confirmed"]
    assert len(in_a) <= 4 and len(in_b) <= 7 and len(in_a) + len(in_b) == 10
    assert all(r.status in ("confirmed", "waitlisted") for r in rows)
    check_invariant(meeting_id)


def scenario_hybrid_pools(app, per_pool=25):
    """In-person and online seats of a hybrid meeting filling at once."""
    meeting = make_meeting(
        capacity=None, format="hybrid", in_person_capacity=5, online_capacity=6
    )
    category = make_category(meeting, capacity=None, online_capacity=4)
    meeting_id, category_id = meeting.id, category.id
    db.session.commit()

    def registering(n, attendance):
        def job():
            m = db.session.get(service.Meeting, meeting_id)
            c = db.session.get(seats.ParticipantCategory, category_id)
            service.register(
                m, data=form_data(c, n, attendance=attendance), now=utcnow()
            )

        return job

    jobs = [registering(n, "in_person") for n in range(per_pool)]
    jobs += [registering(100 + n, "online") for n in range(per_pool)]
    errors = run_together(app, jobs)
    assert errors == [], errors[:3]
    rows = registrations(meeting_id)
    seated = [r for r in rows if r.status == "confirmed"]
    assert sum(r.attendance == "in_person" for r in seated) == 5
    assert (
        sum(r.attendance == "online" for r in seated) == 4
    )  # the category's online cap binds
    check_invariant(meeting_id)


def scenario_decisions_race(app, people=30):
    """Managers approving the same pending registrations twice at once, while others cancel."""
    from tests.factories import make_user

    meeting = make_meeting(capacity=10, requires_approval=True)
    category = make_category(meeting)
    admin = make_user(is_admin=True)
    meeting_id, admin_id = meeting.id, admin.id
    for n in range(people):
        service.register(meeting, data=form_data(category, n), now=utcnow())
    db.session.commit()
    ids = [r.id for r in registrations(meeting_id)]

    def approving(chunk):
        def job():
            m = db.session.get(service.Meeting, meeting_id)
            user = db.session.get(type(admin), admin_id)
            service.bulk_approve(m, chunk, actor=user, now=utcnow())

        return job

    def cancelling(registration_id):
        def job():
            registration = db.session.get(Registration, registration_id)
            with contextlib.suppress(service.Conflict):
                service.cancel(registration, by_participant=True, now=utcnow())

        return job

    jobs = [approving(ids) for _ in range(3)] + [approving(ids[::-1]) for _ in range(2)]
    jobs += [cancelling(i) for i in ids[:5]]
    errors = run_together(app, jobs)
    assert errors == [], errors[:3]
    rows = registrations(meeting_id)
    assert sum(r.status == "confirmed" for r in rows) == 10
    assert sum(r.status == "cancelled" for r in rows) == 5
    assert all(r.status in ("confirmed", "waitlisted", "cancelled") for r in rows)
    check_invariant(meeting_id)


def scenario_delegation_limit(app, attempts=12, limit=3):
    """A focal point's members submitted at once never exceed the delegation's size limit."""
    from eventsys.registration import delegations
    from eventsys.registration.models import Delegation
    from tests.factories import make_user

    meeting = make_meeting()
    make_category(meeting, key="member_state")
    delegation, _ = delegations.invite_delegation(
        meeting,
        data={
            "country": "NP",
            "focal_point_email": "fp@np.example",
            "size_limit": str(limit),
        },
        actor=make_user(is_admin=True),
        now=utcnow(),
    )
    delegation_id = delegation.id
    db.session.commit()

    def adding(n):
        def job():
            d = db.session.get(Delegation, delegation_id)
            data = {
                **form_data(SimpleNamespace(key="member_state"), n),
                "function": "member",
                "email": "",
            }
            with contextlib.suppress(service.Conflict):
                delegations.add_member(d, data=data, now=utcnow())

        return job

    errors = run_together(app, [adding(n) for n in range(attempts)])
    assert errors == [], errors[:3]
    count = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Registration)
        .where(Registration.delegation_id == delegation_id)
    )
    assert count == limit


def scenario_capacity_raised_during_traffic(app, waiting=10, newcomers=6):
    """The secretariat raises capacity while people register and cancel: seats
    freed by the raise go to the waiting list first, in arrival order."""
    from eventsys.auth.models import User
    from eventsys.meetings import service as meetings_service
    from tests.factories import make_user

    meeting_id, (category_id,) = setup(capacities=(None,), meeting_capacity=10)
    admin_id = make_user(is_admin=True).id
    db.session.commit()
    for n in range(10 + waiting):
        _registering(meeting_id, category_id, n)()
        db.session.commit()
    before = registrations(meeting_id)
    first_waiting = [r.id for r in before if r.status == "waitlisted"][:5]

    def raising():
        meeting = db.session.get(service.Meeting, meeting_id)
        user = db.session.get(User, admin_id)
        data = {
            name: getattr(meeting, name) for name in meetings_service.MEETING_FIELDS
        }
        meetings_service.update_meeting(
            meeting, actor=user, data={**data, "capacity": 15}, now=utcnow()
        )

    jobs = [raising] + [
        _registering(meeting_id, category_id, 500 + n) for n in range(newcomers)
    ]
    errors = run_together(app, jobs)
    assert errors == [], errors[:3]
    after = {r.id: r for r in registrations(meeting_id)}
    assert sum(r.status == "confirmed" for r in after.values()) == 15
    assert all(after[i].status == "confirmed" for i in first_waiting)
    check_invariant(meeting_id)
