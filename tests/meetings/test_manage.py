from datetime import UTC
from datetime import datetime

import sqlalchemy as sa

from eventsys.audit.models import AuditEvent
from eventsys.auth.models import SeriesRole
from eventsys.extensions import db
from eventsys.meetings.models import Meeting
from eventsys.meetings.models import Room
from eventsys.meetings.models import Series
from eventsys.registration.models import ParticipantCategory
from tests.factories import make_meeting
from tests.factories import make_room
from tests.factories import make_series
from tests.factories import make_user
from tests.meetings.helpers import login_manager
from tests.meetings.helpers import meeting_form

UTC = UTC


def _count(db, model):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_manage_needs_login(client):
    response = client.get("/manage/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_manage_index_lists_only_own_meetings(client, db):
    mine = make_meeting(title={"en": "Mine"})
    make_meeting(title={"en": "Someone else's"})
    login_manager(client, mine)
    page = client.get("/manage/").get_data(as_text=True)
    assert "Mine" in page and "Someone else" not in page


def test_admin_sees_all_meetings(client, db):
    make_meeting(title={"en": "Alpha"})
    make_meeting(title={"en": "Beta"})
    login_manager(client, is_admin=True)
    page = client.get("/manage/").get_data(as_text=True)
    assert "Alpha" in page and "Beta" in page


def test_create_meeting_through_the_form(client, db):
    series = make_series(
        default_categories=[{"key": "states", "name": {"en": "States"}}]
    )
    login_manager(client, is_admin=True)
    assert client.get("/manage/meetings/new").status_code == 200
    response = client.post("/manage/meetings/new", data=meeting_form(series))
    assert response.status_code == 302
    meeting = db.session.scalar(
        sa.select(Meeting).where(Meeting.slug == "idm-2027-geneva")
    )
    assert meeting.status == "draft"
    assert meeting.title == {"en": "IDM 2027 Geneva", "fr": "DIM 2027 Genève"}
    assert meeting.starts_at == datetime(2027, 10, 12, 8, 0, tzinfo=UTC)  # CEST
    assert meeting.languages == ["en", "fr"]
    # capacity belongs to the registration settings page, not to this form
    assert meeting.capacity is None
    assert meeting.online_capacity is None and not meeting.requires_approval
    assert meeting.registration_closes_at is None
    assert [c.key for c in db.session.scalars(sa.select(ParticipantCategory))] == [
        "states"
    ]
    assert (
        client.get("/meetings/idm-2027-geneva/").status_code == 200
    )  # its manager sees the draft


def test_invalid_meeting_form_gives_422_with_field_errors_and_stores_nothing(
    client, db
):
    series = make_series()
    login_manager(client, is_admin=True)
    bad = meeting_form(
        series,
        slug="Not OK",
        ends_at="2027-10-11T10:00",
        online_url="javascript:alert(1)",
        timezone="Nowhere/City",
    )
    response = client.post("/manage/meetings/new", data=bad)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="slug-error"' in page and 'id="ends_at-error"' in page
    assert 'id="online_url-error"' in page and 'id="timezone-error"' in page
    assert _count(db, Meeting) == 0
    assert (
        client.post(
            "/manage/meetings/new", data=meeting_form(series, starts_at="soon")
        ).status_code
        == 422
    )
    assert _count(db, Meeting) == 0
    # a series number past any id (an overflow on SQLite) is a field error
    past = client.post(
        "/manage/meetings/new", data={**meeting_form(series), "series_id": "9" * 20}
    )
    assert past.status_code == 422 and 'id="series_id-error"' in past.get_data(
        as_text=True
    )
    assert _count(db, Meeting) == 0


def test_edit_shows_local_times_and_audits(client, db):
    series = make_series()
    login_manager(client, is_admin=True)
    client.post("/manage/meetings/new", data=meeting_form(series))
    page = client.get("/manage/meetings/idm-2027-geneva/edit").get_data(as_text=True)
    assert 'value="2027-10-12T10:00"' in page
    response = client.post(
        "/manage/meetings/idm-2027-geneva/edit",
        data=meeting_form(series, venue="CICG", title_es="DIM 2027"),
    )
    assert response.status_code == 302
    meeting = db.session.scalar(sa.select(Meeting))
    assert meeting.venue == "CICG" and meeting.title["es"] == "DIM 2027"
    assert meeting.sequence == 1 and meeting.invites_due_at is not None
    history = client.get("/manage/meetings/idm-2027-geneva/history").get_data(
        as_text=True
    )
    assert (
        "Meeting details changed" in history
        and "CICG" in history
        and "Palais des Nations" in history
    )


def test_non_managers_cannot_manage(client, db):
    meeting = make_meeting(slug="theirs")
    draft = make_meeting(slug="their-draft", status="draft")
    login_manager(client, make_meeting())
    assert client.get("/manage/meetings/theirs/edit").status_code == 403
    assert (
        client.post("/manage/meetings/theirs/cancel", data={"reason": "x"}).status_code
        == 403
    )
    assert client.get("/manage/meetings/their-draft/").status_code == 404
    assert meeting.status == "published" and draft.status == "draft"


def test_publish_cancel_and_delete(client, db):
    series = make_series()
    login_manager(client, is_admin=True)
    client.post("/manage/meetings/new", data=meeting_form(series))
    assert client.get("/meetings/idm-2027-geneva/").status_code == 200
    client.post("/manage/meetings/idm-2027-geneva/publish")
    meeting = db.session.scalar(sa.select(Meeting))
    assert meeting.status == "published"
    assert client.post("/manage/meetings/idm-2027-geneva/delete").status_code == 302
    assert _count(db, Meeting) == 1  # published: cannot be deleted
    assert (
        client.post(
            "/manage/meetings/idm-2027-geneva/cancel", data={"reason": ""}
        ).status_code
        == 422
    )
    client.post(
        "/manage/meetings/idm-2027-geneva/cancel", data={"reason": "Postponed to 2028."}
    )
    client.post("/logout")
    page = client.get("/meetings/idm-2027-geneva/").get_data(as_text=True)
    assert "Postponed to 2028." in page
    make_meeting(slug="to-delete", status="draft", series=series)
    login_manager(client, is_admin=True)
    client.post("/manage/meetings/to-delete/delete")
    assert (
        db.session.scalar(sa.select(Meeting).where(Meeting.slug == "to-delete")) is None
    )


def test_series_create_and_edit(client, db):
    login_manager(client, is_admin=True)
    data = {
        "slug": "bali",
        "acronym": "Bali",
        "name": "Bali Process",
        "name_fr": "Processus de Bali",
        "kind": "rcp",
        "description": "",
    }
    assert (
        client.post("/manage/series/new", data={**data, "slug": "Bad slug"}).status_code
        == 422
    )
    assert client.post("/manage/series/new", data=data).status_code == 302
    series = db.session.scalar(sa.select(Series))
    assert series.name == {"en": "Bali Process", "fr": "Processus de Bali"}
    assert (
        client.post(
            "/manage/series/bali/edit", data={**data, "acronym": "BP"}
        ).status_code
        == 302
    )
    assert series.acronym == "BP"


def test_ordinary_users_cannot_create(client, db):
    login_manager(client)
    assert client.get("/manage/meetings/new").status_code == 403
    assert client.post("/manage/series/new", data={"slug": "x"}).status_code == 403


def test_roles_by_email(client, db):
    meeting = make_meeting(slug="m")
    make_user(email="rapporteur@example.org")
    login_manager(client, meeting)
    response = client.post(
        "/manage/meetings/m/people",
        data={"email": "nobody@example.org", "role": "manager", "language": "en"},
    )
    assert response.status_code == 302  # no account: an invitation instead
    pending = client.get("/manage/meetings/m/people").get_data(as_text=True)
    assert "nobody@example.org" in pending and "Pending invitations" in pending
    client.post(
        "/manage/meetings/m/people",
        data={
            "email": "rapporteur@example.org",
            "role": "rapporteur",
            "language": "en",
        },
    )
    page = client.get("/manage/meetings/m/people").get_data(as_text=True)
    assert "rapporteur@example.org" in page


def test_rooms_crud_and_tampered_ids(client, db):
    meeting = make_meeting(slug="m")
    other_room = make_room(make_meeting(), name="Elsewhere")
    login_manager(client, meeting)
    assert (
        client.post(
            "/manage/meetings/m/rooms", data={"name": "", "capacity": "10"}
        ).status_code
        == 422
    )
    assert (
        client.post(
            "/manage/meetings/m/rooms", data={"name": "Room XX", "capacity": "-1"}
        ).status_code
        == 422
    )
    client.post("/manage/meetings/m/rooms", data={"name": "Room XX", "capacity": "120"})
    room = db.session.scalar(sa.select(Room).where(Room.meeting_id == meeting.id))
    assert (room.name, room.capacity) == ("Room XX", 120)
    client.post(
        f"/manage/meetings/m/rooms/{room.id}/edit",
        data={"name": "Room XIX", "capacity": ""},
    )
    assert (room.name, room.capacity) == ("Room XIX", None)
    assert (
        client.get(f"/manage/meetings/m/rooms/{other_room.id}/edit").status_code == 404
    )
    assert (
        client.post(f"/manage/meetings/m/rooms/{other_room.id}/delete").status_code
        == 404
    )
    client.post(f"/manage/meetings/m/rooms/{room.id}/delete")
    assert _count(db, Room) == 1


def _series_manager(user, meeting):
    """New editions are created by the series' managers (and admins)."""
    db.session.add(SeriesRole(user=user, series=meeting.series))
    db.session.commit()


def test_new_edition_through_the_form(client, db):
    meeting = make_meeting(slug="idm-2026")
    make_room(meeting, name="Salle XVII")
    _series_manager(login_manager(client, meeting), meeting)
    response = client.post(
        "/manage/meetings/idm-2026/edition",
        data={"slug": "idm-2027", "title": "IDM 2027", "start_date": "2027-06-01"},
    )
    assert response.status_code == 302
    copy = db.session.scalar(sa.select(Meeting).where(Meeting.slug == "idm-2027"))
    assert copy.status == "draft" and [r.name for r in copy.rooms] == ["Salle XVII"]
    events = db.session.scalars(
        sa.select(AuditEvent.action).where(AuditEvent.meeting_id == copy.id)
    ).all()
    assert "meeting.edition" in events


def test_new_edition_form_suggests_next_year(client, db):
    meeting = make_meeting(
        slug="idm-2026-geneva",
        title={"en": "IDM 2026 Geneva"},
        starts_at=datetime(2026, 10, 14, 7, tzinfo=UTC),
    )
    _series_manager(login_manager(client, meeting), meeting)
    page = client.get("/manage/meetings/idm-2026-geneva/edition").get_data(as_text=True)
    assert 'value="idm-2027-geneva"' in page and 'value="IDM 2027 Geneva"' in page
    assert 'value="2027-10-14"' in page
