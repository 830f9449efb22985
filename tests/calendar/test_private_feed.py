"""The private "my meetings" feed: whose meetings, the online link, token rotation."""

import re
from datetime import datetime
from datetime import timezone

import pytest
import sqlalchemy as sa

from eventsys import links
from eventsys.auth.service import rotate_calendar_token
from eventsys.extensions import db
from eventsys.registration.models import Registration
from tests import factories as f
from tests.calendar.ical import events_by_uid
from tests.calendar.ical import parse
from tests.calendar.ical import unfolded
from tests.calendar.ical import vevents_by_uid

SECRET = "https://meet.example/m1-secret"


def UTC(*args):
    return datetime(*args, tzinfo=timezone.utc)


@pytest.fixture
def world(app):
    alice = f.make_user(email="alice@example.org")
    bob = f.make_user(email="bob@example.org")
    hybrid = f.make_meeting(slug="hybrid", title={"en": "Hybrid forum"}, format="hybrid", online_url=SECRET,
                            online_access_note={"en": "Public webcast"}, starts_at=UTC(2027, 3, 1, 8))  # fmt: skip
    other = f.make_meeting(
        slug="other", title={"en": "Other meeting"}, starts_at=UTC(2027, 4, 1, 8)
    )
    draft = f.make_meeting(slug="draft", title={"en": "Draft meeting"}, status="draft")
    managed = f.make_meeting(
        slug="managed", title={"en": "Managed meeting"}, starts_at=UTC(2027, 5, 1, 8)
    )
    f.make_role(alice, draft, "manager")
    f.make_role(alice, managed, "manager")
    speaking = f.make_session(other, title={"en": "Alice speaks"})
    f.make_person(speaking, name="Alice", role="speaker", user_id=alice.id)
    f.make_session(
        other, title={"en": "Someone else speaks"}, starts_at=UTC(2027, 4, 1, 10)
    )
    f.make_registration(
        hybrid,
        user=alice,
        email="alice@example.org",
        status="confirmed",
        attendance="online",
    )
    f.make_registration(
        hybrid, email="bob@example.org", status="confirmed", attendance="in_person"
    )
    f.make_registration(
        other, email="Bob@Example.org", status="pending", attendance="online"
    )
    db.session.commit()
    tokens = {"alice": rotate_calendar_token(alice), "bob": rotate_calendar_token(bob)}
    db.session.commit()
    return {"alice": alice, "bob": bob, "hybrid": hybrid, "other": other, "draft": draft,
            "managed": managed, "tokens": tokens, "speaking": speaking}  # fmt: skip


def private(client, token):
    response = client.get(f"/calendar/{token}.ics")
    assert response.status_code == 200
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cache-Control"].startswith("private")
    return response


def summaries(calendar) -> set:
    return {str(e["SUMMARY"]) for e in calendar.walk("VEVENT")}


def test_alice_sees_her_meetings_roles_and_sessions_only(client, world):
    calendar, vcal = parse(private(client, world["tokens"]["alice"]).data)
    assert summaries(calendar) == {
        "Hybrid forum",
        "Managed meeting",
        "Other meeting",
        "Alice speaks",
    }
    assert calendar["NAME"] == "My meetings"
    assert len(vcal.contents["vevent"]) == 4


def test_bob_sees_his_registrations_by_email_and_nothing_of_alice(client, world):
    body = private(client, world["tokens"]["bob"]).data
    calendar, _ = parse(body)
    assert summaries(calendar) == {"Hybrid forum", "Other meeting"}
    assert (
        b"Managed meeting" not in body
        and b"Alice speaks" not in body
        and b"Draft" not in body
    )


def test_online_link_only_for_confirmed_online_participant(client, world):
    alice_body = private(client, world["tokens"]["alice"]).data
    calendar, vcal = parse(alice_body)
    hybrid = events_by_uid(calendar)[f"meeting-{world['hybrid'].id}@events.test"]
    assert str(hybrid["CONFERENCE"]) == SECRET
    assert SECRET in hybrid["DESCRIPTION"]
    assert (
        vevents_by_uid(vcal)[
            f"meeting-{world['hybrid'].id}@events.test"
        ].conference.value
        == SECRET
    )
    bob_body = unfolded(
        private(client, world["tokens"]["bob"]).data
    )  # confirmed in person; pending online
    assert b"m1-secret" not in bob_body and b"CONFERENCE" not in bob_body
    assert b"Public webcast" in bob_body


def test_virtual_meeting_link_for_any_confirmed_participant(client, world):
    world["hybrid"].format = "virtual"
    db.session.commit()
    assert b"m1-secret" in unfolded(private(client, world["tokens"]["bob"]).data)


def test_unknown_token_is_404(client, world):
    response = client.get("/calendar/not-a-real-token.ics")
    assert response.status_code == 404
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_registration_change_changes_the_etag(client, world):
    first = private(client, world["tokens"]["bob"])
    again = client.get(
        f"/calendar/{world['tokens']['bob']}.ics",
        headers={"If-None-Match": first.headers["ETag"]},
    )
    assert again.status_code == 304
    row = db.session.scalar(
        sa.select(Registration).where(Registration.email == "Bob@Example.org")
    )
    row.status = "cancelled"
    db.session.commit()
    changed = client.get(
        f"/calendar/{world['tokens']['bob']}.ics",
        headers={"If-None-Match": first.headers["ETag"]},
    )
    assert changed.status_code == 200 and b"Other meeting" not in changed.data


def test_account_page_regenerates_the_token_and_kills_the_old_one(client, auth, world):
    old = world["tokens"]["alice"]
    auth.login("alice@example.org", f.PASSWORD)
    page = client.get("/account")
    assert b'action="/account/calendar-token"' in page.data
    response = client.post("/account/calendar-token")
    assert response.status_code == 201
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    new = re.search(
        rf"http://events\.test/calendar/({links.LINK_TEXT})\.ics", html
    ).group(1)
    assert f"webcal://events.test/calendar/{new}.ics" in html
    stale = client.get(f"/calendar/{old}.ics")
    assert stale.status_code == 410 and "account page" in stale.get_data(as_text=True)
    assert client.get(f"/calendar/{new}.ics").status_code == 200
    # Nothing secret is stored, so the account page shows the current address again.
    assert f"/calendar/{new}.ics" in client.get("/account").get_data(as_text=True)
    assert client.get(f"/calendar/{old[:-2]}AA.ics").status_code == 404


def test_regenerating_needs_login(client, world):
    response = client.post("/account/calendar-token")
    assert response.status_code in (302, 401)
