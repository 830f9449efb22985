"""A side event's organisers link to the directory's organisations on acceptance:
the organisation's timeline lists the side event, within the reader's meetings,
a merge moves the link, and a new edition carries it."""

from datetime import UTC
from datetime import datetime
from datetime import timedelta

import sqlalchemy as sa

from eventsys.agenda import service as agenda
from eventsys.agenda.models import AgendaSession
from eventsys.agenda.models import SideEventProposal
from eventsys.directory import service
from eventsys.extensions import db
from eventsys.models import utcnow
from tests.agenda.test_side_events import PROPOSAL
from tests.directory.helpers import partnerships_officer
from tests.factories import PASSWORD
from tests.factories import make_meeting
from tests.factories import make_role
from tests.factories import make_room
from tests.factories import make_user
from tests.meetings.helpers import login_manager


def _login(client, user):
    db.session.commit()
    client.post("/login", data={"email": user.email, "password": PASSWORD})


def _ngo(officer, name, **extra):
    return service.create_organisation(
        {"kind": "ngo", "name_en": name, **extra}, actor=officer
    )


def _accepted(client, officer):
    """A proposal by two organisers, one known to the directory by its acronym."""
    mfa = _ngo(officer, "Migrant Forum in Asia", acronym_en="MFA")
    starts = datetime(2027, 6, 1, 7, 0, tzinfo=UTC)
    meeting = make_meeting(slug="idm", side_events_open=True,
                           side_events_deadline=utcnow() + timedelta(days=5),
                           starts_at=starts, ends_at=starts + timedelta(days=2, hours=9),
                           title={"en": "Dialogue on Labour Mobility"})  # fmt: skip
    room = make_room(meeting, name="Room XXI")
    db.session.commit()
    data = dict(PROPOSAL, organisers="MFA\nAtlantis Relief\nmigrant forum in asia")
    assert client.post("/meetings/idm/side-events/propose", data=data).status_code in (
        200, 302, 303)  # fmt: skip
    proposal = db.session.scalar(sa.select(SideEventProposal))
    login_manager(client, meeting)
    response = client.post(f"/manage/meetings/idm/side-events/{proposal.id}", data={
        "decision": "accept", "room_id": str(room.id), "day": "2027-06-01",
        "starts_at": "13:15", "ends_at": "14:30", "comment": ""})  # fmt: skip
    assert response.status_code in (302, 303)
    client.post("/logout")
    side = db.session.scalar(
        sa.select(AgendaSession).where(AgendaSession.kind == "side_event")
    )
    return mfa, meeting, side


def test_acceptance_links_the_organisers_the_directory_knows(app, client):
    officer = partnerships_officer()
    mfa, _meeting, side = _accepted(client, officer)
    # Shown as typed; linked once, by acronym and by name; the unknown name links nothing.
    assert side.organisers == ["MFA", "Atlantis Relief", "migrant forum in asia"]
    assert [o.id for o in side.organisations] == [mfa.id]
    _login(client, officer)
    page = client.get(f"/manage/directory/{mfa.id}").get_data(as_text=True)
    assert "Organised the side event Fair recruitment corridors" in page


def test_the_timeline_keeps_to_the_readers_meetings(app, client):
    officer = partnerships_officer()
    mfa, meeting, _side = _accepted(client, officer)
    own = make_user()
    make_role(own, meeting)
    other_manager = make_user()
    make_role(other_manager, make_meeting(slug="gfmd"))
    db.session.commit()
    _login(client, own)
    page = client.get(f"/manage/directory/{mfa.id}")
    assert page.status_code == 200
    assert "Organised the side event" in page.get_data(as_text=True)
    client.post("/logout")
    _login(client, other_manager)
    other = client.get(f"/manage/directory/{mfa.id}")
    assert "Organised the side event" not in other.get_data(as_text=True)


def test_a_merge_moves_the_side_event(app, client):
    officer = partnerships_officer()
    mfa, _meeting, side = _accepted(client, officer)
    target = _ngo(officer, "Migrant Forum Asia Network")
    db.session.commit()
    counts = service.merge(mfa, target, actor=officer, now=utcnow())
    db.session.commit()
    assert counts["side_events"] == 1
    assert [o.id for o in db.session.get(AgendaSession, side.id).organisations] == [
        target.id
    ]
    _login(client, officer)
    page = client.get(f"/manage/directory/{target.id}").get_data(as_text=True)
    assert "Organised the side event Fair recruitment corridors" in page


def test_a_new_edition_carries_the_links(app, client):
    officer = partnerships_officer()
    mfa, meeting, _side = _accepted(client, officer)
    target = make_meeting(slug="idm-next", starts_at=meeting.starts_at + timedelta(days=365),
                          ends_at=meeting.ends_at + timedelta(days=365))  # fmt: skip
    db.session.commit()
    agenda.copy_agenda(meeting, target, {}, timedelta(days=365))
    db.session.commit()
    copied = db.session.scalar(sa.select(AgendaSession).where(
        AgendaSession.meeting_id == target.id, AgendaSession.kind == "side_event"))  # fmt: skip
    assert [o.id for o in copied.organisations] == [mfa.id]
