"""The public agenda's sessions are rendered once per version and never served stale."""

from eventsys.agenda import service as agenda
from eventsys.extensions import db
from eventsys.meetings import service as meetings
from tests.factories import make_meeting
from tests.factories import make_person
from tests.factories import make_room
from tests.factories import make_session
from tests.factories import make_user


def test_agenda_follows_every_change(client, app, now):
    admin = make_user(is_admin=True)
    meeting = make_meeting()
    room = make_room(meeting, name="Salle A")
    session = make_session(meeting, title={"en": "Opening"}, room=room)
    make_person(session, name="Amina Diallo")
    db.session.commit()
    url = f"/meetings/{meeting.slug}/agenda"
    assert "Opening" in client.get(url).text
    assert "Opening" in client.get(url).text  # from the cache

    agenda.update_session(session, actor=admin, now=now, data={
        "title": {"en": "Welcome"}, "kind": "plenary", "starts_at": session.starts_at, "ends_at": session.ends_at,
        "room_id": room.id, "people": [{"name": "Jorge Ramos", "affiliation": "", "role": "chair"}],
    })
    db.session.commit()
    page = client.get(url).text
    assert "Welcome" in page and "Jorge Ramos" in page and "Amina Diallo" not in page

    room.name = "Salle B"
    db.session.commit()
    assert "Salle B" in client.get(url).text

    make_session(meeting, title={"en": "Closing"})
    db.session.commit()
    assert "Closing" in client.get(url).text
    assert "Closing" in client.get(url + "?tz=America/New_York").text
