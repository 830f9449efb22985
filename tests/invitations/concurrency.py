"""Race scenarios of invitations, shared by SQLite (file, WAL) and PostgreSQL tests."""

import sqlalchemy as sa

from eventsys.extensions import db
from eventsys.invitations import service
from eventsys.invitations.models import Invitation
from eventsys.models import utcnow
from eventsys.registration.models import Registration
from tests.factories import make_category
from tests.factories import make_meeting
from tests.factories import make_role
from tests.factories import make_user
from tests.invitations.helpers import person
from tests.registration.concurrency import check_invariant
from tests.registration.concurrency import run_together


def _setup(people: int, capacity: int, **invitation):
    meeting = make_meeting()
    manager = make_user()
    make_role(manager, meeting)
    category = make_category(
        meeting, key="expert", access="invitation", capacity=capacity
    )
    db.session.flush()
    ids = [
        service.create_invitation(
            meeting,
            data={"email": f"p{n}@example.org", "category": "expert", **invitation},
            actor=manager,
            now=utcnow(),
            send=True,
        ).id
        for n in range(people)
    ]
    db.session.commit()
    return meeting.id, category.id, ids


def _accepting(invitation_id, n, **data):
    def job():
        invitation = db.session.get(Invitation, invitation_id)
        service.accept(invitation, data=person(n, **data), now=utcnow())

    return job


def _registrations(meeting_id) -> list[Registration]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            sa.select(Registration).where(Registration.meeting_id == meeting_id)
        )
    )


def scenario_acceptances_respect_capacity(app, people=20, capacity=5):
    meeting_id, _category_id, ids = _setup(people, capacity)
    errors = run_together(app, [_accepting(i, n) for n, i in enumerate(ids)])
    assert errors == [], errors[:3]
    rows = _registrations(meeting_id)
    assert len(rows) == people
    assert sum(r.status == "confirmed" for r in rows) == capacity
    assert sum(r.status == "waitlisted" for r in rows) == people - capacity
    statuses = db.session.scalars(
        sa.select(Invitation.status).where(Invitation.meeting_id == meeting_id)
    ).all()
    assert set(statuses) == {"accepted"}
    check_invariant(meeting_id)


def scenario_one_registration_per_invitation(app, people=10):
    meeting_id, _category_id, (invitation_id,) = _setup(1, None, bound="n")
    jobs = [
        _accepting(invitation_id, n, email=f"holder{n}@example.org")
        for n in range(people)
    ]
    errors = run_together(app, jobs)
    assert len(errors) == people - 1, errors
    assert all("InvitationClosed" in e for e in errors), errors[:3]
    (registration,) = _registrations(meeting_id)
    invitation = db.session.get(Invitation, invitation_id)
    assert invitation.registration_id == registration.id
    assert invitation.used_by_email == registration.email
