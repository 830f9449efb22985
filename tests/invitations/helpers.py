"""Shared helpers of the invitation tests."""

import re

import sqlalchemy as sa

from eventsys.extensions import db
from eventsys.invitations import service
from eventsys.invitations.models import Invitation
from eventsys.mail.models import OutboxEmail
from eventsys.models import utcnow
from tests.factories import PASSWORD
from tests.factories import make_category
from tests.factories import make_meeting
from tests.factories import make_role
from tests.factories import make_user

LINK = re.compile(r"/invitations/([A-Za-z0-9_\-]+)")


def setup_meeting(**values):
    """A published meeting, its manager, and an invitation-only category."""
    capacity = values.pop("category_capacity", None)
    meeting = make_meeting(**values)
    manager = make_user(email=f"manager-{meeting.slug}@example.org")
    make_role(manager, meeting)
    closed = make_category(
        meeting,
        key="expert",
        name={"en": "Invited experts"},
        access="invitation",
        capacity=capacity,
    )
    open_category = make_category(meeting, key="public", name={"en": "Public"})
    db.session.commit()
    return meeting, manager, closed, open_category


def invite(meeting, manager, email="ana@example.org", *, category="expert", **data):
    """An invitation created and sent; returns (invitation, token)."""
    invitation = service.create_invitation(
        meeting,
        data={"email": email, "category": category, "given_name": "Ana", **data},
        actor=manager,
        now=utcnow(),
    )
    token = service.send_invitation(invitation, actor=manager, now=utcnow())
    db.session.commit()
    return invitation, token


def person(n=1, **overrides) -> dict:
    data = {
        "title": "Dr",
        "given_name": f"Ana{n}",
        "family_name": f"Pérez{n}",
        "organisation": "University of Geneva",
        "country": "CH",
        "attendance": "in_person",
        "privacy_accepted": "y",
    }
    data.update(overrides)
    return data


def login(client, user):
    client.post("/login", data={"email": user.email, "password": PASSWORD})


def invitations(meeting) -> list[Invitation]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            sa.select(Invitation)
            .where(Invitation.meeting_id == meeting.id)
            .order_by(Invitation.id)
        )
    )


def outbox(kind: str) -> list[OutboxEmail]:
    return list(
        db.session.scalars(
            sa.select(OutboxEmail)
            .where(OutboxEmail.kind == kind)
            .order_by(OutboxEmail.id)
        )
    )
