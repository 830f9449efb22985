"""Side events: the call, a proposal's whole life by real SMTP, acceptance onto the agenda."""

import re
from datetime import UTC
from datetime import datetime
from datetime import time
from datetime import timedelta
from html import unescape

import pytest
import sqlalchemy as sa

from eventsys.agenda.models import AgendaSession
from eventsys.agenda.models import SideEventProposal
from eventsys.extensions import db
from eventsys.models import utcnow
from tests.factories import PASSWORD
from tests.factories import make_meeting
from tests.factories import make_room
from tests.factories import make_session
from tests.meetings.helpers import login_manager

PROPOSAL = {
    "organisers": "Migrant Forum in Asia\nCaritas Internationalis",
    "contact_name": "Ana Pérez",
    "contact_email": "ana@mfa.example",
    "title_en": "Fair recruitment corridors",
    "description_en": "Practitioners compare recruitment corridors.",
    "language": "en",
    "format": "hybrid",
    "wished_day": "2027-06-02",
    "wished_start": "13:15",
    "wished_minutes": "75",
    "wished_slot": "Lunchtime, with sandwiches",
    "expected_attendance": "60",
}


@pytest.fixture
def meeting(db):
    starts = datetime(2027, 6, 1, 7, 0, tzinfo=UTC)
    meeting = make_meeting(slug="idm", side_events_open=True,
                           side_events_deadline=utcnow() + timedelta(days=5),
                           starts_at=starts, ends_at=starts + timedelta(days=2, hours=9),
                           languages=["en", "fr", "es"])  # fmt: skip
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
    exported = client.get("/api/v1/meetings/idm").get_json()["sessions"]
    (api_side,) = [s for s in exported if s["kind"] == "side_event"]
    assert api_side["organisers"] == side.organisers
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


def test_title_and_description_in_the_languages_the_proposer_chooses(client, meeting):
    form = client.get("/meetings/idm/side-events/propose").text
    assert 'name="title_fr"' in form and 'name="description_es"' in form
    assert "Wednesday 2 June 2027" in form  # the meeting's days to choose from
    data = {**PROPOSAL, "title_en": "", "description_en": "",
            "title_fr": "Couloirs de recrutement équitable",
            "description_fr": "Des praticiens comparent les couloirs.",
            "title_es": "Corredores de contratación equitativa",
            "description_es": "Profesionales comparan corredores."}  # fmt: skip
    assert (
        client.post("/meetings/idm/side-events/propose", data=data).status_code == 303
    )
    proposal = db.session.scalar(sa.select(SideEventProposal))
    assert set(proposal.title) == {"fr", "es"} and set(proposal.description) == {
        "fr",
        "es",
    }
    login_manager(client, meeting, language="es")
    url = f"/manage/meetings/idm/side-events/{proposal.id}"
    assert "Corredores de contratación equitativa" in client.get(url + "?lang=es").text
    # No English text: the English page shows the main language's fallback, marked.
    page = client.get(url + "?lang=en").text
    assert 'lang="fr"' in page and "Couloirs de recrutement équitable" in page


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"title_en": "", "description_en": ""}, "title_en",
         "Give the title in at least one language."),
        ({"title_en": ""}, "title_en", "Give the title in this language too."),
        ({"title_en": "", "description_en": "", "description_fr": "Texte."},
         "title_fr", "Give the title in this language too."),
        ({"description_en": ""}, "description_en", "Describe the side event."),
        ({"wished_day": "2027-06-09"}, "wished_day", "Choose one of the meeting&#39;s days."),
        ({"wished_minutes": "5"}, "wished_minutes", "Give a length from 15 to 600 minutes."),
    ],
)  # fmt: skip
def test_missing_title_or_wish_outside_the_meeting_is_a_form_message(
    client, meeting, change, field, message
):
    response = client.post("/meetings/idm/side-events/propose",
                           data={**PROPOSAL, **change})  # fmt: skip
    assert response.status_code == 422
    assert message in response.text
    assert db.session.scalar(sa.select(sa.func.count(SideEventProposal.id))) == 0


def test_wish_is_stored_and_prefills_the_acceptance(client, meeting):
    client.post("/meetings/idm/side-events/propose", data=PROPOSAL)
    proposal = db.session.scalar(sa.select(SideEventProposal))
    assert proposal.wished_day.isoformat() == "2027-06-02"
    assert proposal.wished_start == time(13, 15) and proposal.wished_minutes == 75
    assert proposal.wished_slot == "Lunchtime, with sandwiches"
    login_manager(client, meeting)
    listing = client.get("/manage/meetings/idm/side-events").text
    assert "Wednesday 2 June 2027, 13:15 (75 minutes)" in listing
    review = client.get(f"/manage/meetings/idm/side-events/{proposal.id}").text
    assert 'name="day" type="date" value="2027-06-02"' in review
    assert 'value="13:15"' in review and 'value="14:30"' in review


def test_managers_hear_of_each_proposal_now_or_in_their_digest(
    app, client, runner, smtp_server, meeting
):
    from eventsys.comms import notifications
    from eventsys.comms.models import PendingNotification
    from tests.factories import make_role
    from tests.factories import make_user

    smtp_server.configure(app)
    now_user = make_user(email="sec@iom.example")
    make_role(now_user, meeting, "manager")
    digest_user = make_user(email="digest@iom.example")
    make_role(digest_user, meeting, "manager")
    notifications.set_mode(digest_user, "digest", now=utcnow())
    db.session.commit()
    client.post("/meetings/idm/side-events/propose", data=PROPOSAL)
    _send(runner)
    told = [m for m in smtp_server.messages
            if m["To"].addresses[0].addr_spec == "sec@iom.example"]  # fmt: skip
    assert len(told) == 1 and len(smtp_server.messages) == 2
    assert told[0]["Subject"] == "Side event proposed: Fair recruitment corridors"
    body = told[0].get_body(("plain",)).get_content()
    assert (
        "“Fair recruitment corridors”, by Migrant Forum in Asia, Caritas Internationalis."
        in body
    )
    proposal = db.session.scalar(sa.select(SideEventProposal))
    assert f"/manage/meetings/idm/side-events/{proposal.id}" in body
    kept = db.session.scalars(sa.select(PendingNotification)).all()
    assert [(k.user_id, k.kind) for k in kept] == [
        (digest_user.id, "side_event_proposed")
    ]


def test_meeting_page_links_to_the_call_while_it_is_open(client, meeting):
    link = 'href="/meetings/idm/side-events/propose"'
    assert link in client.get("/meetings/idm/").text
    meeting.side_events_deadline = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert link not in client.get("/meetings/idm/").text


# ------------------------------------------------ the proposer's personal link


def test_a_link_sent_before_the_new_links_still_opens_the_proposal(client, meeting):
    """A proposal migrated from a stored token hash: that token still opens it, and
    so does a link of the new kind, until the link is renewed."""
    from eventsys import links
    from eventsys.agenda import side_events
    from eventsys.tokens import hash_token

    proposal, link = side_events.propose(meeting, data=PROPOSAL, now=utcnow())
    old = "a-token-sent-before-hmac-links-0123456789"
    proposal.legacy_token_hash = hash_token(old)  # as proposallinks copies it
    db.session.commit()
    assert re.fullmatch(links.LINK_TEXT, link) and link == links.link_for(proposal)
    for token in (old, link):
        page = client.get(f"/side-events/{token}")
        assert page.status_code == 200 and "Caritas Internationalis" in page.text
    links.renew(proposal)
    db.session.commit()
    current = links.link_for(proposal)
    assert client.get(f"/side-events/{current}").status_code == 200
    assert client.get(f"/side-events/{old}").status_code == 404  # renewal clears it
    stale = client.get(f"/side-events/{link}")
    assert stale.status_code == 410
    assert f'action="/side-events/{link}/resend"' in stale.text
    assert "Caritas" not in stale.text  # nothing about the proposal
    assert client.post(f"/side-events/{link}/withdraw").status_code == 410
    assert db.session.get(SideEventProposal, proposal.id).status == "submitted"


def test_a_replaced_link_sends_the_current_one_by_smtp(
    app, client, runner, smtp_server, meeting
):
    from eventsys import links
    from eventsys.agenda import side_events

    smtp_server.configure(app)
    proposal, first = side_events.propose(meeting, data=PROPOSAL, now=utcnow())
    links.renew(proposal)
    db.session.commit()
    _send(runner)
    smtp_server.messages.clear()
    sent = client.post(f"/side-events/{first}/resend")
    assert sent.status_code == 200
    _send(runner)
    (message,) = smtp_server.messages
    assert message["To"].addresses[0].addr_spec == "ana@mfa.example"
    # (long enough to be folded: the parsed header keeps the folding space)
    assert message["Subject"].strip() == (
        "Your personal link to the side event proposal: Fair recruitment corridors"
    )
    current = _link(message)
    assert current != first and current == links.link_for(
        db.session.get(SideEventProposal, proposal.id)
    )
    assert client.get(f"/side-events/{current}").status_code == 200
    assert client.post(f"/side-events/{current}/withdraw").status_code == 303
    assert db.session.get(SideEventProposal, proposal.id).status == "withdrawn"
    unknown = f"{links.new_public_id()}.{'A' * 22}"
    assert client.post(f"/side-events/{unknown}/resend").status_code == 404


# ------------------------------------------- a new link, sent by the secretariat


def _history(client, lang: str) -> str:
    html = client.get(f"/manage/meetings/idm/history?lang={lang}").text
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def test_a_manager_sends_the_proposer_a_new_link_by_smtp(
    app, client, runner, smtp_server, meeting
):
    smtp_server.configure(app)
    client.post("/meetings/idm/side-events/propose", data=PROPOSAL)
    _send(runner)
    old = _link(smtp_server.messages[0])
    smtp_server.messages.clear()
    proposal = db.session.scalar(sa.select(SideEventProposal))
    login_manager(client, meeting, email="sec@iom.example")
    url = f"/manage/meetings/idm/side-events/{proposal.id}"
    review = client.get(url).text
    assert f'action="{url}/link"' in review and "Send a new link" in review
    sent = client.post(f"{url}/link")
    assert sent.status_code == 303 and sent.headers["Location"] == url
    assert "the old one no longer works" in client.get(url).text
    _send(runner)
    (message,) = smtp_server.messages
    assert message["To"].addresses[0].addr_spec == "ana@mfa.example"
    assert message["Subject"].strip() == (
        "Your personal link to the side event proposal: Fair recruitment corridors"
    )
    assert "links sent before it no longer open it" in " ".join(
        message.get_body(("plain",)).get_content().split()
    )
    new = _link(message)
    assert new != old
    assert "A new personal link was sent to the proposer of the side event " \
           "“Fair recruitment corridors”" in _history(client, "en")  # fmt: skip
    assert "Un nouveau lien personnel a été envoyé à l'auteur de la proposition de " \
           "manifestation parallèle « Fair recruitment corridors »" in _history(
               client, "fr")  # fmt: skip
    assert "Se envió un nuevo enlace personal a quien presentó el evento paralelo " \
           "«Fair recruitment corridors»" in _history(client, "es")  # fmt: skip
    client.post("/logout")
    stale = client.get(f"/side-events/{old}")
    assert stale.status_code == 410
    assert f'action="/side-events/{old}/resend"' in stale.text
    assert client.post(f"/side-events/{old}/withdraw").status_code == 410
    page = client.get(f"/side-events/{new}")
    assert page.status_code == 200 and "Caritas Internationalis" in page.text
    assert client.post(f"/side-events/{new}/withdraw").status_code == 303
    assert db.session.get(SideEventProposal, proposal.id).status == "withdrawn"


def test_only_the_meetings_managers_send_a_new_link(client, runner, meeting):
    from eventsys import links
    from eventsys.agenda import side_events
    from eventsys.mail.models import OutboxEmail
    from tests.factories import make_role
    from tests.factories import make_user

    proposal, link = side_events.propose(meeting, data=PROPOSAL, now=utcnow())
    other = make_meeting(slug="other", side_events_open=True)
    theirs, _theirs = side_events.propose(
        other, data={**PROPOSAL, "wished_day": ""}, now=utcnow()
    )
    make_role(make_user(email="rapporteur@iom.example"), meeting, "rapporteur")
    db.session.commit()
    path = f"/manage/meetings/idm/side-events/{proposal.id}/link"
    mails = db.session.scalar(sa.select(sa.func.count(OutboxEmail.id)))
    anonymous = client.post(path)
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    login_manager(client, other, email="elsewhere@iom.example")
    assert client.post(path).status_code == 403
    client.post("/logout")
    login_manager(client, email="nobody@iom.example")
    assert client.post(path).status_code == 403
    client.post("/logout")
    client.post("/login", data={"email": "rapporteur@iom.example",
                                "password": PASSWORD})  # fmt: skip
    assert client.post(path).status_code == 403
    client.post("/logout")
    login_manager(client, meeting, email="sec@iom.example")
    for bad in (theirs.id, 999999, 2**31):  # another meeting's proposal, none at all
        assert (
            client.post(f"/manage/meetings/idm/side-events/{bad}/link").status_code
            == 404
        )
    assert client.post("/manage/meetings/nope/side-events/1/link").status_code == 404
    assert client.get(path).status_code == 405
    db.session.expire_all()
    assert links.link_for(db.session.get(SideEventProposal, proposal.id)) == link
    assert db.session.scalar(sa.select(sa.func.count(OutboxEmail.id))) == mails
