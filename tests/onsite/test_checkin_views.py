"""The door: manifest contents, session + CSRF header, refusals per item, the
check-in page (search, tap) and attendance on the meeting's overview."""

import hashlib
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import g

from eventsys import create_app
from eventsys.extensions import db
from eventsys.onsite.models import Checkin
from tests.conftest import base_config
from tests.factories import PASSWORD
from tests.onsite import helpers


@pytest.fixture
def world(app):
    return helpers.door_world(people=3)


def bearer(world) -> dict:
    return {"Authorization": f"Bearer {world['token']}"}


def test_manifest_holds_only_the_listed_fields(client, world):
    response = client.get(
        "/api/v1/meetings/door/checkin-manifest", headers=bearer(world)
    )
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    items = response.get_json()["items"]
    assert len(items) == 3  # confirmed only: the cancelled one is not there
    assert all(
        set(item) == {"code_sha256", "name", "represents", "category", "attendance"}
        for item in items
    )
    digests = {
        hashlib.sha256(r.checkin_code.encode()).hexdigest()
        for r in world["registrations"]
    }
    assert {item["code_sha256"] for item in items} == digests
    body = response.get_data(as_text=True)
    for registration in world["registrations"]:
        assert registration.checkin_code not in body
        assert registration.email not in body
    assert response.get_json()["first_day"] == "2027-06-01"


def test_items_refused_one_by_one(client, world):
    person, cancelled = world["registrations"][0], world["cancelled"]
    start = helpers.START
    batch = [
        {
            "nonce": "n-outside-1",
            "code": person.checkin_code,
            "at": (start + timedelta(days=5)).isoformat(),
            "device": world["devices"][0],
        },
        {
            "nonce": "n-unknown-1",
            "code": "nobody-has-this-code",
            "at": start.isoformat(),
            "device": world["devices"][0],
        },
        {
            "nonce": "n-device-01",
            "code": person.checkin_code,
            "at": start.isoformat(),
            "device": "not-a-device",
        },
        {
            "nonce": "n-naive-001",
            "code": person.checkin_code,
            "at": "2027-06-01T09:00:00",
            "device": world["devices"][0],
        },
        {
            "nonce": "n-cancel-01",
            "code": cancelled.checkin_code,
            "at": start.isoformat(),
            "device": world["devices"][1],
        },
        {
            "nonce": "n-first-001",
            "code": person.checkin_code,
            "at": (start + timedelta(minutes=12)).isoformat(),
            "device": world["devices"][1],
        },
        {
            "nonce": "n-second-01",
            "code": person.checkin_code,
            "at": (start + timedelta(hours=2)).isoformat(),
            "device": world["devices"][0],
        },
        {
            "nonce": "n-dayone-01",
            "code": person.checkin_code,
            "at": (start + timedelta(days=1)).isoformat(),
            "device": world["devices"][0],
        },
    ]
    response = client.post(
        "/api/v1/meetings/door/checkins", json=batch, headers=bearer(world)
    )
    assert response.status_code == 200
    results = {r["nonce"]: r for r in response.get_json()["results"]}
    assert results["n-outside-1"]["reason"] == "outside_dates"
    assert results["n-unknown-1"]["reason"] == "unknown_code"
    assert results["n-device-01"]["reason"] == "unknown_device"
    assert results["n-naive-001"]["reason"] == "invalid_time"
    assert results["n-cancel-01"]["status"] == "not_confirmed"
    assert results["n-cancel-01"]["registration_status"] == "cancelled"
    assert results["n-first-001"]["status"] == "checked_in"
    assert results["n-second-01"]["status"] == "already_checked_in"
    # 07:12 UTC is 09:12 in Geneva; device B scanned first.
    assert (
        results["n-second-01"]["message"] == "Already checked in at 09:12 by device B."
    )
    assert results["n-dayone-01"]["status"] == "checked_in"
    assert results["n-dayone-01"]["day"] == "2027-06-02"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Checkin)) == 2


def test_bad_batches_are_422(client, world):
    for body in (
        [],
        {},
        [{"nonce": "x"}],
        [{"nonce": "abcdefgh", "code": "c", "at": "t", "device": "d", "more": 1}],
    ):
        response = client.post(
            "/api/v1/meetings/door/checkins", json=body, headers=bearer(world)
        )
        assert response.status_code == 422


def test_no_credentials_is_401(client, world):
    assert client.get("/api/v1/meetings/door/checkin-manifest").status_code == 401
    assert client.post("/api/v1/meetings/door/checkins", json=[]).status_code == 401


@pytest.fixture
def csrf_client(tmp_path):
    app = create_app(base_config(tmp_path, WTF_CSRF_ENABLED=True))
    with app.app_context():
        db.create_all()
        world = helpers.door_world(people=2)
        client = app.test_client()
        page = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        client.post(
            "/login",
            data={
                "email": "door-manager@example.org",
                "password": PASSWORD,
                "csrf_token": token,
            },
        )
        yield client, world
        db.session.remove()
        db.drop_all()


def test_the_pages_session_posts_with_the_csrf_header(csrf_client):
    client, world = csrf_client
    g.pop("csrf_token", None)  # the fixture's app context outlives each request
    page = client.get("/manage/meetings/door/checkin").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    scan = [
        {
            "nonce": "session-001",
            "code": world["registrations"][0].checkin_code,
            "at": helpers.START.isoformat(),
            "device": world["devices"][0],
        }
    ]
    refused = client.post("/api/v1/meetings/door/checkins", json=scan)
    assert refused.status_code == 400
    accepted = client.post(
        "/api/v1/meetings/door/checkins", json=scan, headers={"X-CSRFToken": token}
    )
    assert accepted.status_code == 200
    assert accepted.get_json()["checked_in"] == 1
    assert client.get("/api/v1/meetings/door/checkin-manifest").status_code == 200
    device = client.post(
        "/api/v1/meetings/door/checkin-devices",
        json={"label": "C"},
        headers={"X-CSRFToken": token},
    )
    assert device.status_code == 201 and device.get_json()["label"] == "C"


def test_search_and_tap_to_check_in(client, world):
    client.post(
        "/login", data={"email": "door-manager@example.org", "password": PASSWORD}
    )
    person = world["registrations"][1]
    page = client.get(f"/manage/meetings/door/checkin?q={person.family_name}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert person.display_name in text
    assert "Check in" in text
    done = client.post(
        f"/manage/meetings/door/checkin/{person.id}", data={"q": person.family_name}
    )
    assert done.status_code == 303
    again = client.post(f"/manage/meetings/door/checkin/{person.id}", data={})
    assert again.status_code == 303
    rows = db.session.scalars(sa.select(Checkin)).all()
    assert [(r.registration_id, r.source) for r in rows] == [(person.id, "manual")]
    after = client.get(
        f"/manage/meetings/door/checkin?q={person.family_name}"
    ).get_data(as_text=True)
    assert "Checked in at" in after
    cancelled = world["cancelled"]
    refused = client.post(
        f"/manage/meetings/door/checkin/{cancelled.id}", data={}, follow_redirects=True
    )
    assert "Only confirmed participants can be checked in." in refused.get_data(
        as_text=True
    )
    overview = client.get("/manage/meetings/door/").get_data(as_text=True)
    assert "Checked in, by day and category" in overview
    assert re.search(r"Delegates</th>\s*<td>1</td>", overview)
