"""The API's JSON export of a meeting runs five statements or fewer at any size.

Counted, not timed: the meeting, its rooms, its sessions with their people (and
side events' organisations), its categories, its questions (issue 25). The body must be the one the default
loading (a statement each for rooms and people) gives.
"""

from datetime import timedelta

from eventsys.agenda.public import public_sessions
from eventsys.api import serializers
from eventsys.directory.models import Organisation
from eventsys.extensions import db
from eventsys.lookup import get_visible_meeting
from eventsys.registration import questions
from eventsys.registration import rules
from eventsys.registration.models import RegistrationQuestion
from tests.factories import choices
from tests.factories import make_category
from tests.factories import make_meeting
from tests.factories import make_person
from tests.factories import make_room
from tests.factories import make_session
from tests.statements import counting

LIMIT = 5


def build(slug: str, sessions: int, rooms: int, categories: int) -> None:
    meeting = make_meeting(slug=slug)
    kinds = [make_category(meeting, position=i) for i in range(categories)]
    places = [make_room(meeting, position=i) for i in range(rooms)]
    for i in range(sessions):
        session = make_session(
            meeting,
            room=places[i % rooms] if i % 4 else None,
            starts_at=meeting.starts_at + timedelta(minutes=30 * i),
        )
        for position in range(i % 3):
            make_person(session, role="speaker", position=position)
        if i % 5 == 0:  # a side event with its organisers in the directory
            session.kind = "side_event"
            session.organisations = [
                Organisation(kind="ngo", name={"en": f"{slug} partner {i}.{n}"})
                for n in range(1 + i % 2)
            ]
    for i in range(categories):
        db.session.add(
            RegistrationQuestion(
                meeting_id=meeting.id,
                category=kinds[i] if i % 2 else None,
                label={"en": f"Question {i}"},
                kind="single_choice",
                choices=choices("Yes", "No"),
                position=i,
            )
        )
    db.session.commit()


TRANSACTION = ("BEGIN", "COMMIT", "ROLLBACK")


def export(client, slug: str) -> tuple[int, dict]:
    """(queries, body): transaction control (SQLite's explicit BEGIN) not counted."""
    db.session.remove()
    with counting() as statements:
        response = client.get(f"/api/v1/meetings/{slug}")
    assert response.status_code == 200
    queries = [s for s in statements if s.strip().upper() not in TRANSACTION]
    return len(queries), response.get_json()


def default_body(app, slug: str) -> dict:
    """The export built with the default loaders, as before the cut."""
    with app.test_request_context():
        db.session.remove()
        meeting = get_visible_meeting(slug, None)
        return serializers.meeting_detail(
            meeting,
            sessions=public_sessions(meeting),
            categories=rules.meeting_categories(meeting),
            questions=questions.questions_for(meeting, all_categories=True),
        )


def test_export_runs_the_same_few_statements_at_any_size(app):
    build("small", sessions=4, rooms=2, categories=2)
    build("large", sessions=120, rooms=9, categories=6)
    client = app.test_client()
    small, small_body = export(client, "small")
    large, large_body = export(client, "large")
    assert small <= LIMIT and large == small, (small, large)
    assert len(large_body["sessions"]) == 120
    assert len(large_body["rooms"]) == 9


def test_export_body_is_unchanged_by_the_loading(app):
    build("large", sessions=30, rooms=4, categories=3)
    _count, body = export(app.test_client(), "large")
    expected = default_body(app, "large")
    assert body["sessions"] == expected["sessions"]
    people = [p["name"] for s in body["sessions"] for p in s.get("people", [])]
    assert len(people) == sum(i % 3 for i in range(30))
    assert any(s.get("room") for s in body["sessions"])
    linked = [o["name"]["en"] for s in body["sessions"] for o in s["organisations"]]
    assert len(linked) == sum(1 + i % 2 for i in range(0, 30, 5))
