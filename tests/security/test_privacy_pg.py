"""Erasure and purge on PostgreSQL (JSON columns, the partial unique email index)."""

from datetime import UTC
from datetime import datetime
from datetime import timedelta

import sqlalchemy as sa

from eventsys.audit.models import AuditEvent
from eventsys.audit.service import record
from eventsys.extensions import db
from eventsys.privacy import service
from eventsys.registration.models import Registration
from tests.factories import make_meeting
from tests.factories import make_registration

NOW = datetime(2026, 11, 27, 12, tzinfo=UTC)


def test_erase_and_purge_on_postgresql(pg_app):
    old = make_meeting(starts_at=datetime(2019, 2, 28, 14, tzinfo=UTC))
    upcoming = make_meeting()
    first = make_registration(upcoming, status="pending")
    record(
        "registration.created",
        obj=first,
        after={"email": first.email, "given_name": "A"},
    )
    purged = [make_registration(old, status="confirmed") for _ in range(3)]
    db.session.commit()
    assert service.erase_registration(first, now=NOW)
    assert service.purge_older_than(NOW - timedelta(days=730), now=NOW) == 3
    db.session.commit()
    db.session.expire_all()
    names = db.session.scalars(
        sa.select(Registration.family_name).order_by(Registration.id)
    ).all()
    assert names == ["Erased"] * 4
    assert {r.status for r in purged} == {"confirmed"}
    created = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "registration.created")
    ).one()
    assert created.after == {"email": "[erased]", "given_name": "[erased]"}
