"""Registration rules on PostgreSQL: seats, promotion, the partial unique index, exports."""

import csv
import io
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import template_rendered

from eventsys.extensions import db
from eventsys.mail.models import OutboxEmail
from eventsys.registration import delegations
from eventsys.registration import exports
from eventsys.registration import service
from eventsys.registration.models import Registration
from tests.conftest import requires_postgres
from tests.factories import make_category
from tests.factories import make_meeting
from tests.factories import make_user
from tests.registration.helpers import assert_invariant
from tests.registration.helpers import form_data

pytestmark = requires_postgres


def test_register_waitlist_cancel_promote(pg_app, now):
    meeting = make_meeting(capacity=2, format="hybrid")
    category = make_category(meeting)
    regs = [
        service.register(
            meeting, data=form_data(category, n), now=now + timedelta(seconds=n)
        )[0]
        for n in range(4)
    ]
    assert [r.status for r in regs] == [
        "confirmed",
        "confirmed",
        "waitlisted",
        "waitlisted",
    ]
    service.cancel(regs[0], by_participant=True, now=now)
    assert regs[2].status == "confirmed" and service.waitlist_position(regs[3]) == 1
    assert_invariant(meeting)
    db.session.commit()


def test_duplicate_email_and_the_partial_unique_index(pg_app, now):
    meeting = make_meeting()
    category = make_category(meeting)
    service.register(meeting, data=form_data(category, 1), now=now)
    with pytest.raises(service.DuplicateRegistration):
        service.register(meeting, data=form_data(category, 1), now=now)
    # the database refuses a second active row even when the service check is skipped
    with pytest.raises(service.DuplicateRegistration):
        service._insert(
            Registration(
                meeting=meeting,
                category=category,
                email="ana1@example.org",
                given_name="A",
                family_name="B",
                status="pending",
            ),
            {},
        )
    admin = make_user(is_admin=True)
    delegation, _ = delegations.invite_delegation(
        meeting,
        data={"country": "CH", "focal_point_email": "fp@ch.example"},
        actor=admin,
        now=now,
    )
    for n in range(2):  # a shared focal point address may serve several members
        delegations.add_member(
            delegation,
            data={**form_data(category, n), "email": "", "function": "member"},
            now=now,
        )
    text = exports.export_registrations(meeting, actor=admin, now=now).body.decode()
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 4
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 3
    db.session.commit()


def _render_while_locked(meeting, data, now) -> tuple[Registration, list]:
    """Register once; the email templates rendered while the meeting's row was locked."""
    locked, during_lock = [], []

    def statement(conn, cursor, sql, parameters, context, executemany):
        if "FOR UPDATE" in sql and "FROM meeting" in sql:
            locked.append(True)

    def rendered(sender, template, context, **extra):
        if locked and template.name.startswith("email/"):
            during_lock.append(template.name)

    sa.event.listen(db.engine, "before_cursor_execute", statement)
    template_rendered.connect(rendered)
    try:
        registration, _link = service.register(meeting, data=data, now=now)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", statement)
        template_rendered.disconnect(rendered)
    assert locked, "the registration took the meeting's lock"
    return registration, during_lock


def test_the_meetings_lock_is_held_for_sql_only(pg_app, now):
    """The confirmation (and its invitation) is rendered before the lock and
    queued in the registration's transaction; only a waitlisted registration,
    whose position needs the lock, renders under it."""
    meeting = make_meeting(capacity=1, format="virtual", online_url="https://v.test/r")
    category = make_category(meeting)
    db.session.commit()
    first, rendered = _render_while_locked(meeting, form_data(category, 1), now)
    assert first.status == "confirmed" and rendered == []
    db.session.rollback()  # the outbox row goes with the registration
    assert db.session.scalar(sa.select(sa.func.count(OutboxEmail.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(Registration.id))) == 0
    first, rendered = _render_while_locked(meeting, form_data(category, 1), now)
    db.session.commit()
    email = db.session.scalars(sa.select(OutboxEmail)).one()
    assert email.kind == "registration_confirmed" and email.calendar_ics
    assert "v.test" in str(email.calendar_ics)  # the online link: rendered as confirmed
    second, rendered = _render_while_locked(meeting, form_data(category, 2), now)
    assert second.status == "waitlisted"
    assert rendered and all("registration_waitlisted" in n for n in rendered)
    db.session.commit()
    assert_invariant(meeting)


def _statements_of(call) -> list[str]:
    """The SQL statements a call sends (SAVEPOINTs included), on one line each."""
    sent = []

    def statement(conn, cursor, sql, parameters, context, executemany):
        sent.append(" ".join(sql.split()))

    sa.event.listen(db.engine, "before_cursor_execute", statement)
    try:
        call()
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", statement)
    return sent


def test_a_registration_is_written_once_with_its_final_status(pg_app, now):
    """The seat is claimed before the row is inserted: one INSERT, no UPDATE of
    the registration, and under the lock only the savepoint, the two seat claims
    and the insert before the audit and outbox rows."""
    meeting = make_meeting(capacity=1, format="hybrid")
    category = make_category(meeting)
    db.session.commit()
    for n, status in ((1, "confirmed"), (2, "waitlisted")):
        sent = _statements_of(
            lambda n=n: service.register(meeting, data=form_data(category, n), now=now)
        )
        locked = sent[next(i for i, s in enumerate(sent) if "FOR UPDATE" in s) :]
        assert not [s for s in sent if s.startswith("UPDATE registration")]
        claims = ["UPDATE meeting", "UPDATE participant_category"]
        if status == "waitlisted":
            claims = claims[:1]  # the meeting is full: nothing to give back
        assert [" ".join(s.split()[:2]) for s in locked[1 : 4 + len(claims)]] == [
            "SAVEPOINT sa_savepoint_1",
            *claims,
            "INSERT INTO",
            "RELEASE SAVEPOINT",
        ]
        db.session.commit()
        stored = db.session.scalars(
            sa.select(Registration).where(Registration.email == f"ana{n}@example.org")
        ).one()
        assert stored.status == status
    assert_invariant(meeting)
