"""The public list of speakers in the API: what the public page shows, nothing more."""

import schemathesis

from eventsys.agenda import speakers
from eventsys.extensions import db
from eventsys.models import utcnow
from tests.api.helpers import make_world
from tests.factories import make_category
from tests.factories import make_registration
from tests.factories import make_session
from tests.factories import make_user


def _plenary():
    world = make_world()
    meeting = world["geneva"]
    session = make_session(meeting, has_speakers_list=True, speaking_time=240,
                           title={"en": "General debate"})  # fmt: skip
    category = make_category(meeting, key="member_state")
    people = {
        name: make_registration(
            meeting,
            category=category,
            status="confirmed",
            represents=name,
            consent_to_list=consent,
            given_name=f"Speaker of {name}",
            gender="woman",
        )  # fmt: skip
        for name, consent in (("Chile", False), ("Nepal", True), ("Peru", True))
    }
    admin = make_user(is_admin=True)
    for name in ("Chile", "Nepal", "Peru"):
        speakers.request_floor(session, people[name], data={"level": "minister"},
                               now=utcnow())  # fmt: skip
    db.session.commit()
    return meeting, session, people, admin


def test_nothing_until_published_then_the_public_pages_list(client, app):
    meeting, session, people, admin = _plenary()
    url = f"/api/v1/meetings/{meeting.slug}/sessions/{session.id}/speakers"
    before = client.get(url)
    assert before.status_code == 200
    assert (
        before.get_json()["items"] == [] and before.get_json()["published_at"] is None
    )
    first = speakers.list_of(session)[0]
    speakers.act(first, "spoken", actor=admin)
    speakers.publish(session, published=True, actor=admin, now=utcnow())
    db.session.commit()
    body = client.get(url).get_json()
    assert [i["speaking_for"] for i in body["items"]] == ["Chile", "Nepal", "Peru"]
    assert [i["name"] for i in body["items"]] == [
        None, people["Nepal"].display_name, people["Peru"].display_name
    ]  # fmt: skip
    assert [i["spoken"] for i in body["items"]] == [True, False, False]
    assert (
        body["items"][0]["time_limit"] == 240
        and body["items"][0]["level"] == "minister"
    )
    text = client.get(url).get_data(as_text=True)
    assert "woman" not in text and "gender" not in text and "@" not in text
    # The same selection as the public page, in the same order.
    page = client.get(f"/meetings/{meeting.slug}/agenda/{session.id}/speakers").text
    shown = [i["name"] or i["speaking_for"] for i in body["items"]]
    assert [page.index(n) for n in shown] == sorted(page.index(n) for n in shown)
    assert people["Chile"].display_name not in page
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    schema["/api/v1/meetings/{slug}/sessions/{session_id}/speakers"][
        "GET"
    ].validate_response(client.get(url))


def test_unknown_sessions_and_sessions_without_a_list_are_404(client, app):
    meeting, session, _people, _admin = _plenary()
    plain = make_session(meeting)
    db.session.commit()
    base = f"/api/v1/meetings/{meeting.slug}/sessions"
    assert client.get(f"{base}/{plain.id}/speakers").status_code == 404
    assert client.get(f"{base}/{2**40}/speakers").status_code == 404
    draft = client.get(f"/api/v1/meetings/csc-draft/sessions/{session.id}/speakers")
    assert draft.status_code == 404
    other = client.get(f"/api/v1/meetings/idm-ny/sessions/{session.id}/speakers")
    assert other.status_code == 404
    assert other.content_type == "application/problem+json"
