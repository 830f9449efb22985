"""The invitations API: managers list and create, with the page's rules."""

from eventsys.extensions import db
from eventsys.mail.models import OutboxEmail
from eventsys.registration.models import Delegation
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


def test_import_through_the_api_with_its_status(app, client):
    meeting, manager, _closed, _open = setup_meeting(slug="inv")
    invite(meeting, manager, "already@example.org")
    token = token_for(manager)
    db.session.commit()
    rows = [
        {"email": "new@example.org", "category": "expert", "bound": False},
        {"email": "already@example.org", "category": "expert"},
        {"email": "broken", "category": "expert"},
        {"kind": "delegation", "email": "fp@mission.example", "represents": "Senegal"},
    ]
    created = client.post(BASE + "/imports", json={"rows": rows}, headers=bearer(token))
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert body["status"] == "previewed"
    assert (body["rows"], body["good"], body["duplicates"], body["invalid"]) == (
        4,
        2,
        1,
        1,
    )
    assert body["errors"] == [
        {"line": 3, "fields": {"email": "Please enter a valid email address."}}
    ]
    assert body["duplicate_rows"] == [{"line": 2, "value": "already@example.org"}]
    assert len(invitations(meeting)) == 1  # nothing stored before confirmation
    status = client.get(f"{BASE}/imports/{body['id']}", headers=bearer(token))
    assert status.status_code == 200 and status.get_json()["status"] == "previewed"
    done = client.post(f"{BASE}/imports/{body['id']}/confirm", headers=bearer(token))
    assert done.status_code == 200, done.get_json()
    assert done.get_json()["status"] == "confirmed" and done.get_json()["created"] == 2
    assert {i.email for i in invitations(meeting)} == {
        "already@example.org",
        "new@example.org",
    }
    assert db.session.query(Delegation).filter_by(represents="Senegal").one()
    twice = client.post(f"{BASE}/imports/{body['id']}/confirm", headers=bearer(token))
    assert twice.status_code == 409
    assert (
        client.post(
            f"{BASE}/imports/{body['id']}/cancel", headers=bearer(token)
        ).status_code
        == 409
    )
    assert client.get(f"{BASE}/imports/99999", headers=bearer(token)).status_code == 404
    assert (
        client.get(f"{BASE}/imports/{2**40}", headers=bearer(token)).status_code == 404
    )


def test_api_import_refusals_and_other_managers(client):
    meeting, manager, _closed, _open = setup_meeting(slug="inv")
    _other, stranger, _c, _o = setup_meeting(slug="elsewhere")
    token, strange = token_for(manager), token_for(stranger)
    db.session.commit()
    rows = {"rows": [{"email": "a@example.org", "category": "expert"}]}
    assert (
        client.post(
            BASE + "/imports", json={"rows": []}, headers=bearer(token)
        ).status_code
        == 422
    )
    unknown = {"rows": [{"email": "a@example.org", "nosuch": "x"}]}
    assert (
        client.post(BASE + "/imports", json=unknown, headers=bearer(token)).status_code
        == 422
    )
    assert client.post(BASE + "/imports", json=rows).status_code == 401
    assert (
        client.post(BASE + "/imports", json=rows, headers=bearer(strange)).status_code
        == 403
    )
    job = client.post(BASE + "/imports", json=rows, headers=bearer(token)).get_json()
    mine = f"{BASE}/imports/{job['id']}"
    assert client.get(mine, headers=bearer(strange)).status_code == 403
    cancelled = client.post(mine + "/cancel", headers=bearer(token))
    assert cancelled.get_json()["status"] == "cancelled"
    assert client.post(mine + "/confirm", headers=bearer(token)).status_code == 409
    assert invitations(meeting) == []
