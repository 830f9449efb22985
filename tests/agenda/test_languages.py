"""The languages of sessions on the agenda, in its filter, in the PDF and in the feed."""

import pytest
from icalendar import Calendar

from tests.factories import make_meeting
from tests.factories import make_session
from tests.pdf.conftest import pdf_pages


@pytest.fixture
def sessions(db):
    meeting = make_meeting(slug="idm", languages=["en", "fr"])
    plenary = make_session(meeting, title={"en": "Plenary on remittances"},
                           floor_language="en", interpretation=["fr", "es", "sgn"])  # fmt: skip
    breakout = make_session(meeting, title={"en": "Atelier francophone"},
                            floor_language="fr", kind="breakout")  # fmt: skip
    db.session.commit()
    return meeting, plenary, breakout


LINE = "Floor language: English · Interpretation: French, Spanish, International Sign"


def test_agenda_shows_languages_and_filters_by_them(client, sessions):
    page = client.get("/meetings/idm/agenda").text
    assert LINE in page and "Floor language: French" in page
    in_spanish = client.get("/meetings/idm/agenda?language=es").text
    assert "Plenary on remittances" in in_spanish
    assert "Atelier francophone" not in in_spanish
    in_french = client.get("/meetings/idm/agenda?language=fr").text
    assert "Plenary on remittances" in in_french and "Atelier francophone" in in_french
    anything = client.get("/meetings/idm/agenda?language=<script>")
    assert anything.status_code == 200 and "Atelier francophone" in anything.text


def test_agenda_in_french_names_languages_in_french(client, sessions):
    page = client.get("/meetings/idm/agenda", headers={"Accept-Language": "fr"}).text
    assert "Langue de travail" in page and "Langue des signes internationale" in page


def test_pdf_shows_languages(client, sessions):
    pdf = client.get("/meetings/idm/agenda.pdf").data
    text = " ".join(" ".join(pdf_pages(pdf)).split())
    assert "Interpretation: French, Spanish, International Sign" in text


def test_feed_description_names_languages(client, sessions):
    meeting, plenary, _breakout = sessions
    calendar = Calendar.from_ical(client.get("/meetings/idm/calendar.ics").data)
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    description = str(events[f"session-{plenary.id}@events.test"]["DESCRIPTION"])
    assert LINE in description
