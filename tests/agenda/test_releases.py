"""Agenda releases: the one comparison, the changelog, frozen releases, the setting."""

import re
import subprocess
from datetime import UTC
from datetime import datetime
from datetime import timedelta

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from eventsys import caching
from eventsys.agenda import changes
from eventsys.agenda import releases
from eventsys.agenda import service
from eventsys.agenda import snapshots
from eventsys.agenda.models import AgendaRelease
from eventsys.extensions import db
from tests import factories as f
from tests.meetings.helpers import login_manager

START = datetime(2027, 3, 11, 8, 0, tzinfo=UTC)  # 09:00 in Geneva (winter time)


def _pdf_text(pdf: bytes) -> str:
    out = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout
    return out.decode()


@pytest.fixture
def agenda(app):
    """A two-day meeting in Geneva with three sessions, two rooms and a manager."""
    meeting = f.make_meeting(slug="idm-test", title={"en": "IDM test"},
                             starts_at=START, venue="Room XVII", city="Geneva",
                             languages=["en", "fr", "es"])  # fmt: skip
    meeting.ends_at = START + timedelta(days=1, hours=9)
    manager = f.make_user()
    f.make_role(manager, meeting)
    room_a, room_b = (
        f.make_room(meeting, name="Room A"),
        f.make_room(meeting, name="Room B"),
    )
    opening = f.make_session(meeting, title={"en": "Opening session", "fr": "Séance d'ouverture",
                                             "es": "Sesión de apertura"},
                             starts_at=START + timedelta(hours=1), room=room_a)  # fmt: skip
    panel = f.make_session(meeting, title={"en": "Panel 2: Financing adaptation",
                                           "fr": "Table ronde 2 : financer l'adaptation",
                                           "es": "Panel 2: Financiar la adaptación"},
                           kind="panel", starts_at=START + timedelta(hours=3), room=room_a)  # fmt: skip
    f.make_person(panel, name="Amina Diallo", role="panelist")
    closing = f.make_session(meeting, title={"en": "Closing"},
                             starts_at=START + timedelta(days=1, hours=6))  # fmt: skip
    db.session.commit()
    return {"meeting": meeting, "manager": manager, "opening": opening, "panel": panel,
            "closing": closing, "room_a": room_a, "room_b": room_b}  # fmt: skip


def _data(session, **changed):
    data = {
        "title": dict(session.title),
        "kind": session.kind,
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "room_id": session.room_id,
        "description": dict(session.description or {}),
        "people": [
            {"name": p.name, "affiliation": p.affiliation, "role": p.role}
            for p in session.people
        ],
    }
    data.update(changed)
    return data


def _edit_everything(a, now):
    """One of each kind of change: add, cancel, move, retitle, speaker, room."""
    actor = a["manager"]
    service.create_session(a["meeting"], actor=actor, now=now, data={
        "title": {"en": "Youth dialogue", "fr": "Dialogue des jeunes"},
        "kind": "breakout", "starts_at": START + timedelta(hours=5),
        "ends_at": START + timedelta(hours=6), "people": []})  # fmt: skip
    service.set_session_status(a["panel"], "cancelled", actor=actor, now=now)
    opening = a["opening"]
    service.update_session(opening, actor=actor, now=now, data=_data(
        opening, starts_at=opening.starts_at + timedelta(minutes=30),
        ends_at=opening.ends_at + timedelta(minutes=30),
        room_id=a["room_b"].id))  # fmt: skip
    closing = a["closing"]
    service.update_session(closing, actor=actor, now=now, data=_data(
        closing, title={"en": "Closing plenary"},
        people=[{"name": "Ugochi Daniels", "affiliation": "IOM", "role": "speaker"}]))  # fmt: skip
    db.session.commit()


EXPECTED_EN = [
    "New session: Youth dialogue, 11 March 2027, 14:00\u201315:00",
    "Panel 2: Financing adaptation is cancelled",
    "Opening session now starts at 10:30 (was 10:00)",
    "Opening session: now in Room B (was Room A)",
    "Closing is now called Closing plenary",
    "Closing plenary: Ugochi Daniels joins (Speaker)",
]


def test_compare_finds_each_kind_and_says_it_in_three_languages(agenda, now):
    before = snapshots.working_snapshot(agenda["meeting"])
    _edit_everything(agenda, now)
    after = snapshots.working_snapshot(agenda["meeting"])
    found = changes.compare(before, after)
    assert sorted(c.kind for c in found) == sorted([
        "session_added", "session_cancelled", "session_moved", "session_room",
        "session_retitled", "speaker_added"])  # fmt: skip
    english = changes.describe_all(found, "en", "Europe/Zurich")
    assert sorted(english) == sorted(EXPECTED_EN)
    french = changes.describe_all(found, "fr", "Europe/Zurich")
    assert "Table ronde 2 : financer l'adaptation : séance annulée" in french
    assert any(
        "10:30" in s and "10:00" in s and "Séance d'ouverture" in s for s in french
    )
    spanish = changes.describe_all(found, "es", "Europe/Zurich")
    assert "Panel 2: Financiar la adaptación: sesión cancelada" in spanish
    assert changes.compare(after, after) == []


def test_removed_session_venue_and_speaker_removed(agenda, now):
    meeting = agenda["meeting"]
    before = snapshots.working_snapshot(meeting)
    service.delete_session(agenda["closing"], actor=agenda["manager"], now=now)
    panel = agenda["panel"]
    service.update_session(panel, actor=agenda["manager"], now=now,
                           data=_data(panel, people=[]))  # fmt: skip
    meeting.venue = "Room XVIII"
    db.session.flush()
    found = changes.compare(before, snapshots.working_snapshot(meeting))
    assert changes.describe_all(found, "en", meeting.timezone) == [
        "Venue: Room XVIII, Geneva (was Room XVII, Geneva)",
        "Panel 2: Financing adaptation: Amina Diallo no longer takes part (Panellist)",
        "Closing is removed from the agenda",
    ]


def _release(client, label, note=""):
    response = client.post(
        "/manage/meetings/idm-test/agenda/releases", data={"label": label, "note": note}
    )
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]


def test_changelog_lists_exactly_the_differences(client, agenda, now):
    login_manager(client, agenda["meeting"])
    _release(client, "Provisional programme", "Subject to change.")
    preview = client.get("/manage/meetings/idm-test/agenda/releases").get_data(
        as_text=True
    )
    assert "No change since the last release." in preview
    _edit_everything(agenda, now)
    preview = client.get("/manage/meetings/idm-test/agenda/releases").get_data(
        as_text=True
    )
    assert all(line.replace("'", "&#39;") in preview for line in EXPECTED_EN)
    _release(client, "Final programme")
    page = client.get("/meetings/idm-test/agenda/changes").get_data(as_text=True)
    assert page.index("Final programme") < page.index("Provisional programme")
    final = page[page.index('id="v2"') : page.index('id="v1"')]
    assert final.count("<li>") == len(EXPECTED_EN)
    assert all(line in final for line in EXPECTED_EN)
    assert "The first release of the agenda." in page[page.index('id="v1"') :]
    french = client.get("/meetings/idm-test/agenda/changes?lang=fr").get_data(
        as_text=True
    )
    assert "séance annulée" in french


def test_release_survives_later_edits(client, agenda, now):
    login_manager(client, agenda["meeting"])
    _release(client, "Provisional programme")
    _edit_everything(agenda, now)
    page = client.get("/meetings/idm-test/agenda/v1").get_data(as_text=True)
    assert "Provisional programme" in page and "Youth dialogue" not in page
    assert "Panel 2: Financing adaptation" in page and "session--cancelled" not in page
    pdf = client.get("/meetings/idm-test/agenda/v1.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = _pdf_text(pdf.data)
    assert "Provisional programme" in text and "Youth dialogue" not in text
    assert "Closing" in text and "Closing plenary" not in text
    assert len(PdfReader(__import__("io").BytesIO(pdf.data)).pages) >= 1
    release = db.session.scalar(sa.select(AgendaRelease))
    release.label = "Changed"
    with pytest.raises(ValueError, match="never changed"):
        db.session.flush()
    db.session.rollback()
    assert client.get("/meetings/idm-test/agenda/v2").status_code == 404
    assert client.get("/meetings/idm-test/agenda/v2.pdf").status_code == 404


def _public_views(client):
    caching.lru("agenda_fragments").clear()
    page = client.get("/meetings/idm-test/agenda").get_data(as_text=True)
    pdf = _pdf_text(client.get("/meetings/idm-test/agenda.pdf").data)
    feed = client.get("/meetings/idm-test/calendar.ics").get_data(as_text=True)
    api = client.get("/api/v1/meetings/idm-test").get_json()
    titles = [s["title"]["en"] for s in api["sessions"]]
    return page, pdf, feed.replace("\r\n ", ""), titles


def test_with_released_an_edit_is_invisible_until_the_next_release(client, agenda, now):
    meeting = agenda["meeting"]
    login_manager(client, meeting)
    response = client.post("/manage/meetings/idm-test/agenda/visibility",
                           data={"agenda_visibility": "released"})  # fmt: skip
    assert response.status_code == 303
    assert meeting.agenda_visibility == "released"
    page, pdf, feed, titles = _public_views(client)
    assert "The agenda has not been released yet." in page
    assert "Opening session" not in page and "Opening session" not in feed
    assert titles == []
    _release(client, "Provisional programme")
    page, pdf, feed, titles = _public_views(client)
    assert "Opening session" in page and "Opening session" in pdf
    assert "Opening session" in feed and titles[0] == "Opening session"
    sequences = re.findall(r"SEQUENCE:(\d+)", feed)
    _edit_everything(agenda, now)
    page, pdf, feed, titles = _public_views(client)
    for text in (page, pdf, feed):
        assert "Youth dialogue" not in text and "Closing plenary" not in text
    assert "Youth dialogue" not in titles and "Closing" in titles
    assert "Cancelled" not in feed
    assert re.findall(r"SEQUENCE:(\d+)", feed) == sequences  # edits move no SEQUENCE
    working = client.get("/manage/meetings/idm-test/agenda").get_data(as_text=True)
    assert "Youth dialogue" in working  # managers see the working agenda
    _release(client, "Final programme")
    page, pdf, feed, titles = _public_views(client)
    for text in (page, pdf, feed):
        assert "Youth dialogue" in text and "Closing plenary" in text
    assert "Youth dialogue" in titles
    assert "Cancelled: Panel 2" in feed
    after = [int(n) for n in re.findall(r"SEQUENCE:(\d+)", feed)]
    assert min(after) > max(int(n) for n in sequences)  # the release raised them all
    listed = client.get("/api/v1/meetings/idm-test/agenda/releases").get_json()
    assert listed["agenda_visibility"] == "released"
    assert [r["number"] for r in listed["items"]] == [2, 1]
    assert listed["items"][1]["label"] == "Provisional programme"
    assert "Youth dialogue" not in [
        s["title"]["en"] for s in listed["items"][1]["sessions"]
    ]
    assert listed["items"][0]["pdf_url"].endswith("/meetings/idm-test/agenda/v2.pdf")


def test_bad_release_and_setting_change_nothing(client, agenda):
    login_manager(client, agenda["meeting"])
    response = client.post("/manage/meetings/idm-test/agenda/releases",
                           data={"label": "  ", "note": "x"})  # fmt: skip
    assert response.status_code == 422
    assert db.session.scalar(sa.select(sa.func.count(AgendaRelease.id))) == 0
    response = client.post("/manage/meetings/idm-test/agenda/releases",
                           data={"label": "x" * 201})  # fmt: skip
    assert response.status_code == 422
    response = client.post("/manage/meetings/idm-test/agenda/visibility",
                           data={"agenda_visibility": "sometimes"})  # fmt: skip
    assert response.status_code == 303
    db.session.expire_all()
    assert agenda["meeting"].agenda_visibility == "always"
    with pytest.raises(Exception, match="correct"):
        releases.set_visibility(agenda["meeting"], "never", actor=agenda["manager"])


def test_settings_page_shows_the_agenda_setting(client, agenda):
    login_manager(client, agenda["meeting"])
    page = client.get("/manage/meetings/idm-test/registration-settings").get_data(
        as_text=True
    )
    assert 'id="settings-agenda"' in page
    assert "/manage/meetings/idm-test/agenda/visibility" in page
