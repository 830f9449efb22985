"""The city of a meeting is said in the reader's language (Genève, Ginebra)."""

import icalendar
import pytest

from eventsys.meetings.places import city_name
from tests.factories import make_meeting
from tests.factories import make_session


@pytest.mark.parametrize(
    ("typed", "language", "shown"),
    [
        ("Geneva", "fr", "Genève"),
        ("Geneva", "es", "Ginebra"),
        ("Genève", "en", "Geneva"),
        ("GENEVE", "es", "Ginebra"),
        ("addis-abeba", "en", "Addis Ababa"),
        ("Nueva York", "fr", "New York"),
        ("Springfield", "fr", "Springfield"),
        ("", "fr", ""),
    ],
)
def test_a_city_typed_in_any_language_is_shown_in_the_readers(typed, language, shown):
    assert city_name(typed, language) == shown


def test_meeting_page_and_feed_name_the_city_in_the_page_language(client, db):
    meeting = make_meeting(slug="idm-geneva", venue="Palais des Nations", city="Geneva")
    make_session(meeting)
    db.session.commit()
    french = client.get("/meetings/idm-geneva/?lang=fr").get_data(as_text=True)
    spanish = client.get("/meetings/idm-geneva/?lang=es").get_data(as_text=True)
    english = client.get("/meetings/idm-geneva/?lang=en").get_data(as_text=True)
    assert "Palais des Nations, Genève" in french and "Geneva" not in french
    assert "Palais des Nations, Ginebra" in spanish
    assert "Palais des Nations, Geneva" in english

    feed = client.get("/meetings/idm-geneva/calendar.ics?lang=es").data
    locations = {
        str(event["LOCATION"])
        for event in icalendar.Calendar.from_ical(feed).walk("VEVENT")
    }
    assert locations and all(
        loc.endswith("Palais des Nations, Ginebra") for loc in locations
    )
