"""Shared helpers of the registration tests."""

import sqlalchemy as sa

from eventsys.extensions import db
from eventsys.mail.models import OutboxEmail
from eventsys.registration import seats


def form_data(cat, n=1, **overrides) -> dict:
    data = {
        "category": cat.key,
        "title": "Ms.",
        "given_name": f"Ana{n}",
        "family_name": f"Pérez{n}",
        "email": f"ana{n}@example.org",
        "organisation": "Migrant Rights Network",
        "represents": "",
        "nationality": "CO",
        "country": "CH",
        "position": "Coordinator",
        "attendance": "in_person",
        "needs": "",
        "consent_to_list": "y",
        "privacy_accepted": "y",
    }
    data.update(overrides)
    return data


def outbox(kind=None, to=None) -> list[OutboxEmail]:
    query = sa.select(OutboxEmail).order_by(OutboxEmail.id)
    if kind:
        query = query.where(OutboxEmail.kind == f"registration_{kind}")
    if to:
        query = query.where(OutboxEmail.to_addr == to)
    return list(db.session.scalars(query))


def assert_invariant(meeting) -> None:
    problems = seats.check_invariant(meeting)
    assert problems == [], problems
