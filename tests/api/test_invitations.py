"""The invitations API: managers list and create, with the page's rules."""

from eventsys.extensions import db
from eventsys.mail.models import OutboxEmail
from tests.api.helpers import bearer
from tests.api.helpers import token_for
from tests.invitations.helpers import invitations
from tests.invitations.helpers import invite
from tests.invitations.helpers import setup_meeting

BASE = "/api/v1/meetings/inv/invitations"


def test_managers_create_and_list_invitations(client):
    meeting, manager, _closed, _open = setup_meeting(slug="inv")
    token = token_for(manager)
    db.session.commit()
    created = client.post(
        BASE,
        json={"email": "Ana@Example.org", "category": "expert", "send": True},
        headers=bearer(token),
    )
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert body["email"] == "ana@example.org" and body["status"] == "sent"
    assert body["bound"] is True and "token" not in str(body).lower()
    assert db.session.query(OutboxEmail).filter_by(kind="invitation").count() == 1
    again = client.post(
        BASE,
        json={"email": "ana@example.org", "category": "expert"},
        headers=bearer(token),
    )
    assert again.status_code == 409
    assert again.content_type == "application/problem+json"
    bad = client.post(
        BASE,
        json={"email": "x@example.org", "category": "nosuch"},
        headers=bearer(token),
    )
    assert bad.status_code == 422
    assert "category" in str(bad.get_json())
    listed = client.get(BASE + "?status=sent", headers=bearer(token)).get_json()
    assert [i["email"] for i in listed["items"]] == ["ana@example.org"]
    assert (
        client.get(BASE + "?status=accepted", headers=bearer(token)).get_json()["total"]
        == 0
    )
    assert len(invitations(meeting)) == 1


def test_others_may_not_list_or_create(client):
    meeting, manager, _closed, _open = setup_meeting(slug="inv")
    invite(meeting, manager)
    _other, stranger, _c, _o = setup_meeting(slug="elsewhere")
    token = token_for(stranger)
    db.session.commit()
    assert client.get(BASE).status_code == 401
    assert client.get(BASE, headers=bearer(token)).status_code == 403
    response = client.post(
        BASE,
        json={"email": "x@example.org", "category": "expert"},
        headers=bearer(token),
    )
    assert response.status_code == 403
    assert len(invitations(meeting)) == 1
