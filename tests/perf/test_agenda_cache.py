"""The public agenda's sessions are rendered once per version and never served stale."""

from eventsys.agenda import service as agenda
from eventsys.extensions import db
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

    agenda.update_session(
        session,
        actor=admin,
        now=now,
        data={
            "title": {"en": "Welcome"},
            "kind": "plenary",
            "starts_at": session.starts_at,
            "ends_at": session.ends_at,
            "room_id": room.id,
            "people": [{"name": "Jorge Ramos", "affiliation": "", "role": "chair"}],
        },
    )
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


def test_agenda_pdf_key_follows_the_agenda(client, app, now, tmp_path):
    admin = make_user(is_admin=True)
    meeting = make_meeting()
    session = make_session(meeting, title={"en": "Opening"})
    db.session.commit()
    url = f"/meetings/{meeting.slug}/agenda.pdf"
    first = client.get(url)
    again = client.get(url)  # the key remembered for this version of the agenda
    assert first.status_code == again.status_code == 200
    assert first.headers["ETag"] == again.headers["ETag"] and again.data == first.data

    agenda.update_session(
        session,
        actor=admin,
        now=now,
        data={
            "title": {"en": "Welcome"},
            "kind": "plenary",
            "starts_at": session.starts_at,
            "ends_at": session.ends_at,
            "people": [],
        },
    )
    db.session.commit()
    changed = client.get(url)
    assert (
        changed.status_code == 200 and changed.headers["ETag"] != first.headers["ETag"]
    )

    for path in (tmp_path / "pdf-cache").rglob("*.pdf"):
        path.unlink()  # a cache emptied under a remembered key: rendered again
    assert client.get(url).headers["ETag"] == changed.headers["ETag"]


def test_a_draft_agenda_previewed_by_its_managers_follows_an_edit(client, auth, now):
    """The fragment's key (the feed fingerprint) counts a draft's own sessions:
    the preview once stayed on the first version it rendered."""
    from tests.factories import PASSWORD

    admin = make_user(is_admin=True, email="admin@example.org")
    meeting = make_meeting(status="draft")
    session = make_session(meeting, title={"en": "Opening"})
    db.session.commit()
    assert auth.login(password=PASSWORD).status_code in (302, 303)
    url = f"/meetings/{meeting.slug}/agenda"
    assert "Opening" in client.get(url).text
    agenda.update_session(
        session,
        actor=admin,
        now=now,
        data={
            "title": {"en": "Welcome"},
            "kind": "plenary",
            "starts_at": session.starts_at,
            "ends_at": session.ends_at,
            "room_id": None,
            "people": [],
        },
    )
    db.session.commit()
    page = client.get(url).text
    assert "Welcome" in page and "Opening" not in page
    auth.logout()
    assert client.get(url).status_code == 404  # still hidden from the public
    assert client.get(f"/meetings/{meeting.slug}/calendar.ics").status_code == 404
