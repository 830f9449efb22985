"""Sending every certificate as one message: the audience "participants with
recorded attendance" and the {certificate_link} placeholder, through the outbox."""

import re
from datetime import UTC
from datetime import date
from datetime import datetime

import pytest
import sqlalchemy as sa

from eventsys.comms.models import Message
from eventsys.extensions import db
from eventsys.mail import sender
from eventsys.onsite.models import Checkin
from tests.factories import PASSWORD
from tests.factories import make_category
from tests.factories import make_meeting
from tests.factories import make_registration
from tests.factories import make_role
from tests.factories import make_user
from tests.pdf.conftest import pdf_pages

BODY = "Dear {given_name},\n\nYour certificate: {certificate_link}"


@pytest.fixture
def past(app, smtp_server):
    smtp_server.configure(app)
    app.config["MAIL_DEFAULT_SENDER"] = "IOM Dialogue <no-reply@events.test>"
    app.config["MAIL_RATE_PER_MINUTE"] = 1000
    meeting = make_meeting(
        slug="hybrid",
        starts_at=datetime(2025, 6, 2, 7, tzinfo=UTC),
        ends_at=datetime(2025, 6, 3, 16, tzinfo=UTC),
    )
    manager = make_user(email="manager@example.org")
    make_role(manager, meeting)
    category = make_category(meeting)
    people = {
        name: make_registration(
            meeting,
            category=category,
            status="confirmed",
            email=f"{name}@example.org",
            given_name={"door": "Dana", "online": "Olga", "absent": "Abel"}[name],
            attendance="online" if name == "online" else "in_person",
        )
        for name in ("door", "online", "absent")
    }
    db.session.add_all(
        [
            Checkin(
                registration_id=people["door"].id, day=date(2025, 6, 2), source="scan"
            ),
            Checkin(
                registration_id=people["online"].id,
                day=date(2025, 6, 3),
                source="import",
            ),
        ]
    )
    db.session.commit()
    return meeting, people


def _send(client, meeting, *, attended: bool, action="send"):
    data = {
        "kind": "registrations",
        "statuses": ["confirmed"],
        "action": action,
        "subject_en": "Your certificate of attendance",
        "body_en": BODY,
    }
    if attended:
        data["attended"] = "y"
    return client.post(f"/manage/meetings/{meeting.slug}/messages", data=data)


def test_certificates_go_to_everyone_with_recorded_attendance(
    past, client, smtp_server
):
    meeting, people = past
    client.post("/login", data={"email": "manager@example.org", "password": PASSWORD})
    page = _send(client, meeting, attended=True, action="count")
    assert "This message reaches 2 people." in page.get_data(as_text=True)
    assert _send(client, meeting, attended=True).status_code == 302
    message = db.session.scalar(sa.select(Message))
    assert message.recipients == 2 and message.audience["attended"] is True
    sender.send_due()
    received = {m["To"].addresses[0].addr_spec: m for m in smtp_server.messages}
    assert sorted(received) == ["door@example.org", "online@example.org"]
    text = received["online@example.org"].get_body(("plain",)).get_content()
    link = re.search(r"http://events\.test(/registrations/\S+/certificate\.pdf)", text)
    assert link, text
    client.post("/logout")
    certificate = client.get(link.group(1))
    assert certificate.status_code == 200
    pdf = pdf_pages(certificate.data)[0]
    assert people["online"].display_name in pdf
    assert "online" in pdf and "in person" not in pdf  # imported: attended online


def test_certificate_link_needs_the_attended_audience(past, client):
    meeting, _people = past
    client.post("/login", data={"email": "manager@example.org", "password": PASSWORD})
    response = _send(client, meeting, attended=False)
    assert response.status_code == 422
    assert "recorded attendance" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Message.id))) == 0
