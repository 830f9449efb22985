"""The agenda as a secretariat and the public read it (issue 16, findings 6, 7, 13, 15)."""

import re
from datetime import UTC
from datetime import datetime

import sqlalchemy as sa

from eventsys.agenda.models import AgendaSession
from eventsys.outcomes import service
from tests.factories import make_meeting
from tests.factories import make_role
from tests.factories import make_room
from tests.factories import make_session
from tests.factories import make_user
from tests.meetings.helpers import login_manager
from tests.pdf.conftest import pdf_pages


def _meeting(**overrides):
    meeting = make_meeting(
        slug="geneva", starts_at=datetime(2026, 10, 24, 7, 0, tzinfo=UTC), **overrides
    )
    meeting.ends_at = datetime(2026, 10, 26, 17, 0, tzinfo=UTC)
    return meeting


def _publish_summary(meeting, session, *, covers=None):
    manager = make_user()
    make_role(manager, meeting, "manager")
    document = service.create_document(
        meeting,
        actor=manager,
        data={
            "title": {"en": "Red Book"},
            "also_covers": [covers.slug] if covers else [],
        },
    )
    service.add_section(
        document,
        actor=manager,
        data={"heading": "Background", "kind": "background", "body": "Why."},
    )
    service.add_section(
        document,
        actor=manager,
        data={
            "heading": "What the panel said",
            "kind": "summary",
            "body": "The panel agreed on skills partnerships.",
            "session_id": session.id,
        },
    )
    return document, manager


def test_agenda_links_each_session_to_its_published_summary(client, db):
    meeting = _meeting()
    panel = make_session(meeting, title={"en": "Panel 1"})
    other = make_session(meeting, title={"en": "Panel 2"})
    document, manager = _publish_summary(meeting, panel)
    db.session.commit()
    url = f"/meetings/{meeting.slug}/outcomes/{document.slug}"
    # A draft summary is not linked (the agenda fragment is cached: the
    # publication below must show anyway).
    assert url not in client.get("/meetings/geneva/agenda").get_data(as_text=True)

    service.publish_document(document, actor=manager)
    db.session.commit()
    page = client.get("/meetings/geneva/agenda").get_data(as_text=True)
    links = re.findall(rf'href="{re.escape(url)}#([\w-]+)"', page)
    assert len(links) == 1
    panel_block = page[page.index(f'id="session-{panel.id}"') :]
    panel_block = panel_block[: panel_block.index("</article>")]
    assert "Summary of this session" in panel_block and url in panel_block
    assert url not in page[page.index(f'id="session-{other.id}"') :]
    # The link lands on that summary.
    target = client.get(url).get_data(as_text=True)
    anchor = target[target.index(f'id="{links[0]}"') :]
    assert anchor.index("The panel agreed") < anchor.index("</section>")


def test_a_covered_meeting_links_to_the_summary_in_the_host_document(client, db):
    first = make_meeting(slug="new-york")
    panel = make_session(first, title={"en": "New York panel"})
    host = _meeting()
    document, manager = _publish_summary(host, panel, covers=first)
    service.publish_document(document, actor=manager)
    db.session.commit()
    page = client.get("/meetings/new-york/agenda").get_data(as_text=True)
    assert f"/meetings/geneva/outcomes/{document.slug}#section-" in page


def test_the_room_is_named_once_in_the_agenda_pdf(client, db):
    meeting = _meeting()
    make_session(meeting, kind="panel", room=make_room(meeting, name="Room XVII"))
    db.session.commit()
    text = "\n".join(pdf_pages(client.get("/meetings/geneva/agenda.pdf").data))
    assert "Room XVII" in text and "Room: Room" not in text


def test_editor_says_what_clashes_and_does_not_call_dates_a_clash(client, db):
    meeting = _meeting()
    room = make_room(meeting, name="Salle XVII")
    make_session(
        meeting,
        title={"en": "Late"},
        starts_at=datetime(2026, 11, 2, 8, 0, tzinfo=UTC),
    )
    login_manager(client, meeting)
    page = client.get("/manage/meetings/geneva/agenda").get_data(as_text=True)
    assert "Outside the meeting&#39;s dates." in page
    assert "Clash" not in page and "clashes to check" not in page

    for title in ("Panel A", "Panel B"):
        make_session(
            meeting,
            title={"en": title},
            room=room,
            starts_at=datetime(2026, 10, 24, 8, 0, tzinfo=UTC),
        )
    db.session.commit()
    page = client.get("/manage/meetings/geneva/agenda").get_data(as_text=True)
    assert "Clash: Salle XVII is also booked for Panel B." in page
    assert "Clash: Salle XVII is also booked for Panel A." in page
    assert "1 clash to check:" in page
    assert "Clash: see the warnings above." not in page


def test_session_form_offers_more_people_rows_without_scripts(client, db):
    meeting = _meeting()
    login_manager(client, meeting)
    page = client.get("/manage/meetings/geneva/agenda/new").get_data(as_text=True)
    assert len(re.findall(r'name="people-\d+-name"', page)) == 5
    data = {
        "title": "Panel",
        "kind": "panel",
        "day": "2026-10-24",
        "starts_at": "10:00",
        "ends_at": "11:00",
        "room_id": "0",
        **{f"people-{n}-name": "" for n in range(5)},
        **{f"people-{n}-role": "speaker" for n in range(5)},
        "people-0-name": "Amina Diallo",
        "more_people": "1",
    }
    response = client.post("/manage/meetings/geneva/agenda/new", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert len(re.findall(r'name="people-\d+-name"', page)) == 10
    assert 'value="Amina Diallo"' in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AgendaSession)) == 0
