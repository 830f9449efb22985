"""Focal points see their nomination deadline; after it, nominations are refused."""

from datetime import timedelta

import pytest

from eventsys.errors import Conflict
from eventsys.extensions import db
from eventsys.models import utcnow
from eventsys.registration import delegations
from eventsys.registration.models import Registration
from tests.factories import make_category
from tests.factories import make_meeting
from tests.factories import make_user
from tests.registration.test_delegations import member


@pytest.fixture
def meeting(app):
    meeting = make_meeting(slug="nominate", contact_email="sec@iom.example")
    make_category(meeting, key="member_state", name={"en": "Member States"})
    db.session.commit()
    return meeting


def _invite(meeting, now, **data):
    delegation, token = delegations.invite_delegation(
        meeting,
        data={"country": "CH", "focal_point_email": "fp@ch.example", **data},
        actor=make_user(is_admin=True),
        now=now,
    )
    db.session.commit()
    return delegation, token


def test_deadline_defaults_to_registration_close(meeting, now):
    delegation, _token = _invite(meeting, now)
    assert delegation.nomination_deadline is None
    assert delegations.nomination_deadline(delegation) == meeting.starts_at
    meeting.registration_closes_at = meeting.starts_at - timedelta(days=10)
    assert delegations.nomination_deadline(delegation) == meeting.registration_closes_at
    delegation.nomination_deadline = meeting.starts_at - timedelta(days=20)
    assert delegations.nomination_deadline(delegation) == delegation.nomination_deadline


def test_focal_point_page_shows_the_deadline(client, meeting):
    now = utcnow()
    delegation, token = _invite(meeting, now)
    delegation.nomination_deadline = now + timedelta(days=3)
    db.session.commit()
    page = client.get(f"/delegations/{token}").get_data(as_text=True)
    assert "Nomination deadline" in page
    assert delegation.nomination_deadline.isoformat() in page
    assert "Register member" in page
    assert "deadline has passed" not in page


def test_nominations_refused_after_the_deadline(client, meeting):
    now = utcnow()
    delegation, token = _invite(meeting, now)
    delegation.nomination_deadline = now - timedelta(minutes=1)
    db.session.commit()
    page = client.get(f"/delegations/{token}").get_data(as_text=True)
    assert "The nomination deadline has passed" in page
    assert "Register member" not in page
    with pytest.raises(Conflict) as refused:
        delegations.add_member(delegation, data=member(1), now=now)
    assert "sec@iom.example" in refused.value.message
    db.session.rollback()
    response = client.post(f"/delegations/{token}/members", data=member(2))
    assert response.status_code == 409
    assert "The nomination deadline" in response.get_data(as_text=True)
    assert db.session.query(Registration).count() == 0
    note = client.post(f"/delegations/{token}/note", data={"note_reference": "NV/1"})
    assert note.status_code == 409
    db.session.expire_all()
    assert delegation.status == "invited" and delegation.note_reference == ""


def test_meeting_page_links_the_delegation_request(client, app, now):
    plain = make_meeting(slug="plain")
    make_category(plain, key="public")
    grcp = make_meeting(slug="grcp")
    make_category(grcp, key="member_state", delegation_size_limit=3)
    db.session.commit()
    link = "/meetings/{}/delegations/request"
    assert link.format("plain") not in client.get("/meetings/plain/").get_data(
        as_text=True
    )
    page = client.get("/meetings/grcp/").get_data(as_text=True)
    assert link.format("grcp") in page and "Ask to send a delegation" in page
    _invite(plain, now)
    assert link.format("plain") in client.get("/meetings/plain/").get_data(as_text=True)
