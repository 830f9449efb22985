from datetime import UTC
from datetime import datetime
from datetime import timedelta

import pytest
import sqlalchemy as sa

from eventsys import caching
from eventsys.agenda.conflicts import find_conflicts
from eventsys.agenda.models import AgendaSession
from eventsys.agenda.models import SessionPerson
from eventsys.audit.models import AuditEvent
from tests.factories import make_meeting
from tests.factories import make_person
from tests.factories import make_room
from tests.factories import make_session
from tests.meetings.helpers import login_manager
from tests.statements import counting

UTC = UTC


def _geneva_meeting(**overrides):
    values = {
        "slug": "geneva",
        "starts_at": datetime(2026, 10, 24, 7, 0, tzinfo=UTC),
        "timezone": "Europe/Zurich",
    }
    values.update(overrides)
    meeting = make_meeting(**values)
    meeting.ends_at = datetime(2026, 10, 26, 17, 0, tzinfo=UTC)
    return meeting


def _text(response) -> str:
    """The page with Babel's narrow no-break spaces (before AM/PM) made plain."""
    return response.get_data(as_text=True).replace("\u202f", " ")


def _session_form(**overrides):
    data = {
        "title": "Panel on skills",
        "title_fr": "Table ronde",
        "kind": "panel",
        "day": "2026-10-24",
        "starts_at": "10:00",
        "ends_at": "11:30",
        "room_id": "0",
        "description": "",
        "people-0-name": "Amina Diallo",
        "people-0-affiliation": "IOM",
        "people-0-role": "chair",
        "people-1-name": "",
        "people-1-affiliation": "",
        "people-1-role": "speaker",
    }
    data.update(overrides)
    return data


def test_times_entered_and_shown_in_the_meeting_zone_across_dst(client, db):
    meeting = _geneva_meeting()
    login_manager(client, meeting)
    for day in ("2026-10-24", "2026-10-26"):  # summer time, then winter time
        response = client.post(
            "/manage/meetings/geneva/agenda/new",
            data=_session_form(day=day, title=f"Session {day}"),
        )
        assert response.status_code == 302
    saturday, monday = db.session.scalars(
        sa.select(AgendaSession).order_by(AgendaSession.starts_at)
    ).all()
    assert saturday.starts_at == datetime(2026, 10, 24, 8, 0, tzinfo=UTC)
    assert monday.starts_at == datetime(2026, 10, 26, 9, 0, tzinfo=UTC)
    assert saturday.title == {"en": "Panel on skills", "fr": "Table ronde"} | {
        "en": "Session 2026-10-24"
    }
    page = _text(client.get("/meetings/geneva/agenda"))
    assert page.count(">10:00</time>") == 2
    assert "Saturday 24 October 2026" in page and "Monday 26 October 2026" in page
    assert "Europe/Zurich" in page
    edit = client.get(f"/manage/meetings/geneva/agenda/{monday.id}/edit").get_data(
        as_text=True
    )
    assert 'value="10:00"' in edit and 'value="2026-10-26"' in edit


def test_agenda_in_another_zone_and_bad_zone(client, db):
    meeting = _geneva_meeting()
    make_session(
        meeting,
        title={"en": "Morning"},
        starts_at=datetime(2026, 10, 24, 8, 0, tzinfo=UTC),
    )
    db.session.commit()
    tokyo = _text(client.get("/meetings/geneva/agenda?tz=Asia/Tokyo"))
    assert ">17:00</time>" in tokyo and "Asia/Tokyo (UTC+09:00)" in tokyo
    response = client.get("/meetings/geneva/agenda?tz=Not/AZone")
    page = _text(response)
    assert response.status_code == 200
    assert "is not a time zone we know" in page and ">10:00</time>" in page
    assert 'id="tz" name="tz" list="tz-zones"' in page and '<label for="tz">' in page


def test_public_agenda_shows_people_rooms_and_cancelled_sessions(client, db):
    meeting = _geneva_meeting()
    room = make_room(meeting, name="Salle XVII")
    session = make_session(meeting, title={"en": "Opening"}, room=room)
    make_person(session, name="Antonio Vitorino", affiliation="IOM", role="keynote")
    make_session(
        meeting,
        title={"en": "Dropped panel"},
        status="cancelled",
        starts_at=meeting.starts_at + timedelta(hours=2),
    )
    db.session.commit()
    page = client.get("/meetings/geneva/agenda").get_data(as_text=True)
    assert (
        "Salle XVII" in page
        and "Antonio Vitorino" in page
        and "Keynote speaker" in page
    )
    assert "session--cancelled" in page and "Dropped panel" in page
    assert "badge--cancelled" in page


def _count_queries(db, client, url) -> int:
    with counting() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


@pytest.mark.parametrize("logged_in", [False, True])
def test_agenda_query_count_is_constant(client, db, logged_in):
    small, large = make_meeting(slug="small"), make_meeting(slug="large")
    for meeting, n in ((small, 5), (large, 200)):
        rooms = [make_room(meeting, name=f"Room {i}") for i in range(3)]
        rows = []
        for i in range(n):
            rows.append(
                AgendaSession(
                    meeting=meeting,
                    title={"en": f"S{i}"},
                    kind="panel",
                    room=rooms[i % 3],
                    starts_at=meeting.starts_at + timedelta(minutes=30 * i),
                    ends_at=meeting.starts_at + timedelta(minutes=30 * i + 25),
                    people=[
                        SessionPerson(name=f"P{i}-{j}", role="speaker")
                        for j in range(3)
                    ],
                )
            )
        db.session.add_all(rows)
    db.session.commit()
    if logged_in:
        login_manager(client, large)
    client.get("/meetings/small/agenda")  # warm up: per-process caches are not per page
    # Count the build, not the cached days nor the cached page.
    caching.lru("agenda_fragments").clear()
    caching.lru("pages").clear()
    first = _count_queries(db, client, "/meetings/small/agenda")
    second = _count_queries(db, client, "/meetings/large/agenda")
    assert first == second
    assert first <= 8  # with the session documents' key and list (issue 22)


def test_conflicts_found():
    class S:
        def __init__(self, id, start, end, room=None, people=(), status="scheduled"):
            self.id, self.starts_at, self.ends_at = id, start, end
            self.room_id = room.id if room else None
            self.room, self.status = room, status
            self.people = [type("P", (), {"name": n})() for n in people]

    class M:
        timezone = "Europe/Zurich"
        starts_at = datetime(2026, 10, 24, 7, 0, tzinfo=UTC)
        ends_at = datetime(2026, 10, 25, 16, 0, tzinfo=UTC)

    room = type("R", (), {"id": 1, "name": "Room A"})()
    t = datetime(2026, 10, 24, 8, 0, tzinfo=UTC)
    hour = timedelta(hours=1)
    sessions = [
        S(1, t, t + hour, room, ["Amina Diallo"]),
        S(2, t + hour / 2, t + 2 * hour, room, ["amina  DIALLO"]),
        S(3, t + hour, t + 2 * hour, None, ["Someone"]),  # touches 1, no overlap
        S(4, t + 3 * 24 * hour, t + 3 * 24 * hour + hour),  # after the meeting
        S(5, t, t + hour, room, ["Amina Diallo"], status="cancelled"),  # ignored
    ]
    clashes = find_conflicts(M, sessions)
    assert {(c.kind, c.session_ids) for c in clashes} == {
        ("room", (1, 2)),
        ("person", (1, 2)),
        ("outside", (4,)),
    }
    assert next(c for c in clashes if c.kind == "person").detail == "Amina Diallo"


def test_conflicts_warned_on_save_and_in_editor_but_saved(client, db):
    meeting = _geneva_meeting()
    room = make_room(meeting, name="Salle XVII")
    existing = make_session(
        meeting,
        title={"en": "Existing"},
        room=room,
        starts_at=datetime(2026, 10, 24, 8, 0, tzinfo=UTC),
    )
    make_person(existing, name="Amina Diallo")
    login_manager(client, meeting)
    response = client.post(
        "/manage/meetings/geneva/agenda/new",
        follow_redirects=True,
        data=_session_form(room_id=str(room.id), starts_at="10:30", ends_at="11:00"),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Room Salle XVII is booked twice at once" in page
    assert "Amina Diallo is in two sessions at once" in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AgendaSession)) == 2
    client.post(
        "/manage/meetings/geneva/agenda/new",
        data=_session_form(day="2026-11-02", title="Late"),
    )
    editor = client.get("/manage/meetings/geneva/agenda").get_data(as_text=True)
    assert "Late is outside the meeting&#39;s dates." in editor
    assert "booked twice at once" in editor and "session--clash" in editor


def test_invalid_session_gives_422_and_stores_nothing(client, db):
    meeting = _geneva_meeting()
    login_manager(client, meeting)
    cases = [
        _session_form(ends_at="09:00"),
        _session_form(title=""),
        _session_form(day="not a day"),
        _session_form(kind="party"),
        _session_form(**{"people-0-role": "emperor"}),
        _session_form(**{"people-0-name": "", "people-0-affiliation": "IOM"}),
        _session_form(**{"people-0-name": "x" * 201}),
    ]
    for data in cases:
        assert (
            client.post("/manage/meetings/geneva/agenda/new", data=data).status_code
            == 422
        )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AgendaSession)) == 0
    response = client.post(
        "/manage/meetings/geneva/agenda/new", data=_session_form(ends_at="09:00")
    )
    assert 'id="ends_at-error"' in response.get_data(as_text=True)


def test_tampered_ids_are_404(client, db):
    meeting = _geneva_meeting()
    other = make_meeting(slug="other")
    foreign_session = make_session(other)
    foreign_room = make_room(other)
    login_manager(client, meeting)
    base = f"/manage/meetings/geneva/agenda/{foreign_session.id}"
    assert client.get(base + "/edit").status_code == 404
    for action in ("cancel", "reinstate", "delete"):
        assert client.post(f"{base}/{action}").status_code == 404
    assert client.post(base + "/move", data={"direction": "up"}).status_code == 404
    response = client.post(
        "/manage/meetings/geneva/agenda/new",
        data=_session_form(room_id=str(foreign_room.id)),
    )
    assert response.status_code in (404, 422)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AgendaSession)) == 1
    assert (
        client.get(
            f"/manage/meetings/other/agenda/{foreign_session.id}/edit"
        ).status_code
        == 403
    )


def test_edit_cancel_reorder_delete(client, db):
    meeting = _geneva_meeting()
    first = make_session(meeting, title={"en": "A"}, position=0)
    second = make_session(meeting, title={"en": "B"}, position=1)
    person = make_person(first, name="Old Name")
    login_manager(client, meeting)
    edit = client.get(f"/manage/meetings/geneva/agenda/{first.id}/edit").get_data(
        as_text=True
    )
    assert 'value="Old Name"' in edit
    client.post(
        f"/manage/meetings/geneva/agenda/{first.id}/edit",
        data=_session_form(
            title="A2",
            day="2026-10-24",
            starts_at="09:00",
            ends_at="10:00",
            **{"people-0-name": "New Name", "people-0-role": "moderator"},
        ),
    )
    db.session.refresh(first)
    assert first.title["en"] == "A2" and first.sequence == 1
    assert [(p.name, p.role) for p in first.people] == [("New Name", "moderator")]
    assert person.id not in [p.id for p in first.people]
    client.post(
        f"/manage/meetings/geneva/agenda/{second.id}/move", data={"direction": "up"}
    )
    db.session.refresh(first), db.session.refresh(second)
    assert second.position < first.position
    client.post(f"/manage/meetings/geneva/agenda/{first.id}/cancel")
    assert first.status == "cancelled"
    client.post(f"/manage/meetings/geneva/agenda/{first.id}/reinstate")
    assert first.status == "scheduled"
    client.post(f"/manage/meetings/geneva/agenda/{second.id}/delete")
    assert db.session.get(AgendaSession, second.id) is None
    actions = set(db.session.scalars(sa.select(AuditEvent.action)))
    assert {
        "session.update",
        "session.reorder",
        "session.cancel",
        "session.reinstate",
        "session.delete",
    } <= actions
