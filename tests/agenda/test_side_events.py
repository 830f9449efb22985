"""Side events: the call, a proposal's whole life by real SMTP, acceptance onto the agenda."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from eventsys.agenda.models import AgendaSession
from eventsys.agenda.models import SideEventProposal
from eventsys.extensions import db
from eventsys.models import utcnow
from tests.factories import make_meeting
from tests.factories import make_room
from tests.factories import make_session
from tests.meetings.helpers import login_manager

PROPOSAL = {
    "organisers": "Migrant Forum in Asia\nCaritas Internationalis",
    "contact_name": "Ana Pérez",
    "contact_email": "ana@mfa.example",
    "title": "Fair recruitment corridors",
    "description": "Practitioners compare recruitment corridors.",
    "language": "en",
    "format": "hybrid",
    "wished_slot": "Day 1, lunchtime",
    "expected_attendance": "60",
}


@pytest.fixture
def meeting(db):
    meeting = make_meeting(slug="idm", side_events_open=True,
                           side_events_deadline=utcnow() + timedelta(days=5))  # fmt: skip
    db.session.commit()
    return meeting


def _send(runner):
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output


def _link(message) -> str:
    body = message.get_body(("plain",)).get_content()
    return re.search(r"http://\S+/side-events/(\S+)", body).group(1)


def test_proposal_received_followed_and_withdrawn_by_smtp(
    app, client, runner, smtp_server, meeting
):
    smtp_server.configure(app)
    response = client.post("/meetings/idm/side-events/propose", data=PROPOSAL)
    assert response.status_code == 303
    _send(runner)
    (received,) = smtp_server.messages
    assert received["To"].addresses[0].addr_spec == "ana@mfa.example"
    assert (
        received["Subject"]
        == "Side event proposal received: Fair recruitment corridors"
    )
    token = _link(received)
    page = client.get(f"/side-events/{token}")
    assert page.status_code == 200 and "Caritas Internationalis" in page.text
    assert "no-store" in page.headers["Cache-Control"]
    assert client.post(f"/side-events/{token}/withdraw").status_code == 303
    _send(runner)
    assert smtp_server.messages[1]["Subject"].startswith(
        "Side event proposal withdrawn"
    )
    again = client.post(f"/side-events/{token}/withdraw")
    assert again.status_code == 303  # refused with a message
    assert db.session.scalar(sa.select(SideEventProposal.status)) == "withdrawn"
    assert client.get("/side-events/nope").status_code == 404


def test_accepted_with_conflict_warning_onto_the_agenda_by_smtp(
    app, client, runner, smtp_server, meeting
):
    smtp_server.configure(app)
    room = make_room(meeting, name="Room XXI")
    make_session(meeting, title={"en": "Plenary"}, room=room)  # 09:00–10:00 Zurich
    db.session.commit()
    client.post("/meetings/idm/side-events/propose", data=PROPOSAL)
    proposal = db.session.scalar(sa.select(SideEventProposal))
    login_manager(client, meeting)
    listing = client.get("/manage/meetings/idm/side-events?status=submitted")
    assert "Fair recruitment corridors" in listing.text
    url = f"/manage/meetings/idm/side-events/{proposal.id}"
    missing = client.post(url, data={"decision": "accept", "room_id": str(room.id)})
    assert missing.status_code == 422 and "Give the start time." in missing.text
    assert db.session.scalar(sa.select(sa.func.count(AgendaSession.id))) == 1
    response = client.post(url, data={
        "decision": "accept", "room_id": str(room.id), "day": "2027-06-01",
        "starts_at": "09:30", "ends_at": "10:30", "comment": "Welcome aboard.",
    }, follow_redirects=True)  # fmt: skip
    assert "Room Room XXI is booked twice at once" in response.text
    side = db.session.scalar(sa.select(AgendaSession).where(
        AgendaSession.kind == "side_event"))  # fmt: skip
    assert side.organisers == ["Migrant Forum in Asia", "Caritas Internationalis"]
    agenda = client.get("/meetings/idm/agenda").text
    assert "Organised by: Migrant Forum in Asia, Caritas Internationalis" in agenda
    _send(runner)
    accepted = smtp_server.messages[-1]
    assert accepted["Subject"] == "Side event accepted: Fair recruitment corridors"
    assert "Welcome aboard." in accepted.get_body(("plain",)).get_content()
    decided = client.post(url, data={"decision": "decline"})
    assert decided.status_code == 409


def test_declined_with_comment_by_smtp(app, client, runner, smtp_server, meeting):
    smtp_server.configure(app)
    client.post("/meetings/idm/side-events/propose", data=PROPOSAL)
    proposal = db.session.scalar(sa.select(SideEventProposal))
    login_manager(client, meeting)
    response = client.post(
        f"/manage/meetings/idm/side-events/{proposal.id}",
        data={"decision": "decline", "comment": "The programme is full."},
    )
    assert response.status_code == 303
    _send(runner)
    declined = smtp_server.messages[-1]
    assert declined["Subject"].startswith("Side event proposal not accepted")
    assert "The programme is full." in declined.get_body(("plain",)).get_content()


def test_call_closed_or_past_deadline_refuses(client, meeting):
    meeting.side_events_deadline = utcnow() - timedelta(minutes=1)
    db.session.commit()
    page = client.get("/meetings/idm/side-events/propose")
    assert "The call for side events is closed." in page.text
    response = client.post("/meetings/idm/side-events/propose", data=PROPOSAL)
    assert response.status_code == 409
    assert db.session.scalar(sa.select(sa.func.count(SideEventProposal.id))) == 0


def test_invalid_proposal_is_422_and_stores_nothing(client, meeting):
    bad = {**PROPOSAL, "contact_email": "not-an-email", "format": "zeppelin"}
    response = client.post("/meetings/idm/side-events/propose", data=bad)
    assert response.status_code == 422
    assert db.session.scalar(sa.select(sa.func.count(SideEventProposal.id))) == 0


def test_manager_opens_the_call_with_a_deadline(client, db):
    meeting = make_meeting(slug="closed")
    db.session.commit()
    login_manager(client, meeting)
    response = client.post("/manage/meetings/closed/side-events/call",
                           data={"side_events_open": "y",
                                 "side_events_deadline": "2027-05-01"})  # fmt: skip
    assert response.status_code == 303
    db.session.expire_all()
    assert meeting.side_events_open
    assert meeting.side_events_deadline.isoformat().startswith("2027-05-01T21:59")
