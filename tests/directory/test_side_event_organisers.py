"""A side event's organisers link to the directory's organisations on acceptance:
the organisation's timeline lists the side event, within the reader's meetings,
a merge moves the link, and a new edition carries it."""

from datetime import UTC
from datetime import datetime
from datetime import timedelta
from html import unescape

import sqlalchemy as sa

from eventsys.agenda import service as agenda
from eventsys.agenda.models import AgendaSession
from eventsys.agenda.models import SideEventProposal
from eventsys.audit.models import AuditEvent
from eventsys.directory import service
from eventsys.extensions import db
from eventsys.models import utcnow
from tests.agenda.test_side_events import PROPOSAL
from tests.directory.helpers import partnerships_officer
from tests.factories import PASSWORD
from tests.factories import make_meeting
from tests.factories import make_role
from tests.factories import make_room
from tests.factories import make_session
from tests.factories import make_user
from tests.meetings.helpers import login_manager
from tests.statements import counting


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


# ------------------------------------------------ linked and unlinked by hand


def _organisations_url(side):
    return f"/manage/meetings/idm/agenda/{side.id}/organisations"


def _linked(side) -> list[int]:
    db.session.expire_all()
    return [o.id for o in db.session.get(AgendaSession, side.id).organisations]


def test_a_manager_links_and_unlinks_an_organisation_on_the_session_page(app, client):
    officer = partnerships_officer()
    mfa, meeting, side = _accepted(client, officer)
    atlantis = _ngo(officer, "Atlantis Relief Network")
    db.session.commit()
    manager = login_manager(client, meeting)
    page = client.get(f"/manage/meetings/idm/agenda/{side.id}/edit")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    # The typed name that linked nothing is offered its likely match; the linked one is not.
    assert "Link to Atlantis Relief Network" in text
    assert "Link to Migrant Forum in Asia" not in text
    assert "Unlink Migrant Forum in Asia" in text

    response = client.post(_organisations_url(side),
                           data={"organisation_id": str(atlantis.id), "action": "link"})  # fmt: skip
    assert response.status_code == 303
    assert response.headers["Location"].endswith(
        f"/agenda/{side.id}/edit#organisations"
    )
    assert _linked(side) == [mfa.id, atlantis.id]
    assert db.session.get(AgendaSession, side.id).organisers == [
        "MFA", "Atlantis Relief", "migrant forum in asia"]  # fmt: skip
    event = db.session.scalar(sa.select(AuditEvent).where(
        AuditEvent.action == "session.organisation_link"))  # fmt: skip
    assert (event.actor_id, event.object_id, event.after["organisation_id"]) == (
        manager.id, side.id, atlantis.id)  # fmt: skip
    history = client.get("/manage/meetings/idm/history").get_data(as_text=True)
    assert (
        "Side event “Fair recruitment corridors” linked to the organisation "
        "Atlantis Relief Network" in unescape(history)
    )
    # The manager now sees the organisation, with the side event in its timeline.
    profile = client.get(f"/manage/directory/{atlantis.id}").get_data(as_text=True)
    assert "Organised the side event Fair recruitment corridors" in profile

    response = client.post(_organisations_url(side),
                           data={"organisation_id": str(mfa.id), "action": "unlink"})  # fmt: skip
    assert response.status_code == 303
    assert _linked(side) == [atlantis.id]
    assert db.session.scalar(sa.select(sa.func.count()).where(
        AuditEvent.action == "session.organisation_unlink")) == 1  # fmt: skip
    client.post("/logout")
    _login(client, officer)
    profile = client.get(f"/manage/directory/{mfa.id}").get_data(as_text=True)
    assert "Organised the side event" not in profile


def test_unknown_merged_or_already_linked_organisations_are_form_messages(app, client):
    officer = partnerships_officer()
    mfa, meeting, side = _accepted(client, officer)
    merged = _ngo(officer, "Asian Migrant Forum")
    db.session.commit()
    service.merge(merged, mfa, actor=officer, now=utcnow())
    db.session.commit()
    login_manager(client, meeting)
    url = _organisations_url(side)
    cases = [
        ({"organisation_id": "999999", "action": "link"},
         422, "No organisation in the directory has this number."),
        ({"organisation_id": str(merged.id), "action": "link"},
         422, f"Organisation {merged.id} was merged into number {mfa.id}: link that one."),
        ({"organisation_id": "", "action": "link"},
         422, "Give the number of an organisation in the directory."),
        ({"organisation_id": "twelve", "action": "link"}, 422, "Organisation number"),
        ({"organisation_id": str(mfa.id), "action": "link"},
         409, "This organisation is already linked."),
        ({"organisation_id": "999999", "action": "unlink"},
         422, "This organisation is not linked to the side event."),
    ]  # fmt: skip
    for data, status, message in cases:
        response = client.post(url, data=data)
        assert response.status_code == status, data
        text = unescape(response.get_data(as_text=True))
        assert message in text, data
        assert 'id="error-summary"' in text
    assert _linked(side) == [mfa.id]
    assert not db.session.scalar(sa.select(sa.func.count()).where(
        AuditEvent.action.like("session.organisation_%")))  # fmt: skip


def test_only_the_meetings_managers_link_and_only_side_events(app, client):
    officer = partnerships_officer()
    mfa, meeting, side = _accepted(client, officer)
    atlantis = _ngo(officer, "Atlantis Relief Network")
    plenary = make_session(meeting, kind="plenary")
    outsider = make_user()
    make_role(outsider, make_meeting(slug="gfmd"))
    db.session.commit()
    _login(client, outsider)
    data = {"organisation_id": str(atlantis.id), "action": "link"}
    assert client.post(_organisations_url(side), data=data).status_code == 403
    assert client.post(_organisations_url(side),
                       data={"organisation_id": str(mfa.id), "action": "unlink"}
                       ).status_code == 403  # fmt: skip
    assert _linked(side) == [mfa.id]
    client.post("/logout")
    login_manager(client, meeting)
    response = client.post(f"/manage/meetings/idm/agenda/{plenary.id}/organisations",
                           data=data)  # fmt: skip
    assert response.status_code == 409
    assert "Only side events are linked to their organisers." in unescape(
        response.get_data(as_text=True)
    )
    assert _linked(plenary) == []
    # The plenary's page has no such section; another meeting's session is 404.
    page = client.get(f"/manage/meetings/idm/agenda/{plenary.id}/edit")
    assert 'id="organisations"' not in page.get_data(as_text=True)
    other = make_session(make_meeting(slug="other"), kind="side_event")
    db.session.commit()
    assert client.post(f"/manage/meetings/idm/agenda/{other.id}/organisations",
                       data=data).status_code == 404  # fmt: skip


def test_the_session_page_reads_its_organisations_in_constant_statements(app, client):
    """One or three organisers linked and suggested: the same statements."""
    officer = partnerships_officer()
    meeting = make_meeting(slug="idm")
    sides = []
    for names in (["Kenya Migrant Alliance"],
                  ["Caritas Internationalis", "Atlantis Relief",
                   "Pacific Islands Mobility Forum"]):  # fmt: skip
        organisations = [_ngo(officer, name) for name in names]
        for name in names:
            _ngo(officer, name + " Network")  # a likely match, not linked
        side = make_session(meeting, kind="side_event", organisers=names)
        side.organisations = organisations
        sides.append(side)
    login_manager(client, meeting)
    counts = []
    for side in sides:
        client.get(f"/manage/meetings/idm/agenda/{side.id}/edit")  # warm caches
        with counting() as statements:
            page = client.get(f"/manage/meetings/idm/agenda/{side.id}/edit")
        assert page.status_code == 200
        text = page.get_data(as_text=True)
        assert text.count(">Unlink ") == len(side.organisers)
        assert text.count(" Network</button>") == len(side.organisers)
        counts.append(len(statements))
    assert counts[0] == counts[1]
