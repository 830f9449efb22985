"""The History tab reads as a secretariat's log (eventsys/audit/describe.py)."""

import re
from datetime import UTC
from datetime import datetime
from html import unescape
from pathlib import Path

from eventsys.agenda import service as agenda_service
from eventsys.audit.describe import SENTENCES
from eventsys.extensions import db
from eventsys.registration import seats
from eventsys.registration import service as registration_service
from tests.factories import make_category
from tests.factories import make_meeting
from tests.factories import make_registration
from tests.factories import make_room
from tests.factories import make_user
from tests.meetings.helpers import login_manager

NOW = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[2]


def _meeting_with_history():
    """A full meeting where cancelling one registration promotes Ms. Rojas Arce,
    and a session that moved room and time."""
    meeting = make_meeting(capacity=1, timezone="Europe/Zurich")
    category = make_category(
        meeting, name={"en": "Civil society", "fr": "Société civile"}
    )
    staff = make_user(is_admin=True, name="Carla Secretariat")
    first = make_registration(meeting, category=category, status="confirmed")
    waiting = make_registration(
        meeting,
        category=category,
        status="waitlisted",
        title="Ms.",
        given_name="Valentina",
        family_name="Rojas Arce",
    )
    seats.recount(meeting)
    registration_service.cancel(first, actor=staff, now=NOW)
    old_room, new_room = (
        make_room(meeting, name="Room XVII"),
        make_room(meeting, name="Room XX"),
    )
    data = {
        "title": {"en": "Panel 1: Youth voices", "fr": "Panel 1 : la voix des jeunes"},
        "kind": "panel",
        "starts_at": datetime(2027, 6, 1, 10, 0),
        "ends_at": datetime(2027, 6, 1, 11, 0),
        "room_id": old_room.id,
        "people": [{"name": "Amina Diallo", "affiliation": "IOM", "role": "chair"}],
    }
    session = agenda_service.create_session(meeting, actor=staff, now=NOW, data=data)
    agenda_service.update_session(
        session,
        actor=staff,
        now=NOW,
        data={
            **data,
            "room_id": new_room.id,
            "starts_at": datetime(2027, 6, 1, 15, 0),
            "ends_at": datetime(2027, 6, 1, 16, 0),
        },
    )
    db.session.commit()
    assert waiting.status == "confirmed"
    return meeting


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def test_history_tells_what_happened_in_words(client, db):
    meeting = _meeting_with_history()
    login_manager(client, meeting)
    html = client.get(f"/manage/meetings/{meeting.slug}/history?lang=en").get_data(
        as_text=True
    )
    text = _text(html)
    assert (
        "Registration of Ms. Valentina ROJAS ARCE confirmed from the waiting list"
        in text
    )
    assert "Carla Secretariat" in text
    assert "Session “Panel 1: Youth voices” changed" in text
    assert "Room Room XVII → Room XX" in text
    # Times in the meeting's zone, the zone named; the session moved from 10:00 to 15:00 local.
    assert "When (Europe/Zurich)" in text
    assert "1 June 2027, 10:00 (Europe/Zurich)" in text
    assert "(Europe/Zurich)" in text and "Amina Diallo (Chair)" in text
    # No codes, no record numbers, no Python reprs for a manager.
    for raw in (
        "registration.promote",
        "AgendaSession",
        "room_id",
        "{'name'",
        "waitlisted",
    ):
        assert raw not in html, raw


def test_history_in_french(client, db):
    meeting = _meeting_with_history()
    login_manager(client, meeting)
    text = _text(
        client.get(f"/manage/meetings/{meeting.slug}/history?lang=fr").get_data(
            as_text=True
        )
    )
    assert (
        "Inscription de Ms. Valentina ROJAS ARCE confirmée depuis la liste d'attente"
        in text
    )
    assert "Séance « Panel 1 : la voix des jeunes » modifiée" in text
    assert "Salle Room XVII → Room XX" in text
    assert "juin 2027" in text


def test_administrators_can_open_the_raw_record(client, db):
    meeting = _meeting_with_history()
    login_manager(client, is_admin=True)
    html = client.get(f"/manage/meetings/{meeting.slug}/history").get_data(as_text=True)
    assert "<details" in html and "registration.promote" in html and "room_id" in html
    log = client.get("/manage/audit").get_data(as_text=True)
    assert "confirmed from the waiting list" in _text(log)


def _recorded_actions() -> set[str]:
    """Every action name the code writes: record("x.y", ...) and action="x.y"."""
    pattern = re.compile(
        r"""record\(\s*f?["']([a-z_]+(?:\.[a-z_{}' =]+)?)["']|action\s*[=:]\s*["']([a-z_]+\.[a-z_]+)["']"""
    )
    found = set()
    for path in (ROOT / "eventsys").rglob("*.py"):
        for match in pattern.finditer(path.read_text(encoding="utf-8")):
            name = match.group(1) or match.group(2)
            if "{" in name:  # f"registration.{'reject' if ... else 'cancel'}"
                found |= {"registration.reject", "registration.cancel"}
            else:
                found.add(name)
    return found


def test_every_recorded_action_has_a_sentence():
    actions = _recorded_actions()
    assert {
        "registration.promote",
        "session.update",
        "login",
        "privacy.purged",
    } <= actions
    assert actions - set(SENTENCES) == set()
