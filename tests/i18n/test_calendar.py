"""Calendar feeds speak the asked language: titles and the words the feed adds."""

import icalendar

from tests.factories import make_meeting
from tests.factories import make_session

TITLE = {
    "en": "Youth and migration",
    "fr": "Les jeunes et la migration",
    "es": "La juventud y la migración",
}


def summaries(data: bytes) -> list[str]:
    calendar = icalendar.Calendar.from_ical(data)
    return [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]


def test_meeting_feed_in_french_and_spanish(app, db, client):
    meeting = make_meeting(title=TITLE, languages=["en", "fr", "es"])
    make_session(meeting, title={"en": "Opening", "fr": "Ouverture", "es": "Apertura"})
    make_session(
        meeting,
        title={"en": "Closing", "fr": "Clôture", "es": "Clausura"},
        status="cancelled",
    )
    db.session.commit()
    french = " | ".join(
        summaries(client.get(f"/meetings/{meeting.slug}/calendar.ics?lang=fr").data)
    )
    spanish = " | ".join(
        summaries(client.get(f"/meetings/{meeting.slug}/calendar.ics?lang=es").data)
    )
    assert "Les jeunes et la migration" in french and "Ouverture" in french
    assert "Annulé\u00a0: " in french or "Annulé : " in french
    assert "La juventud y la migración" in spanish and "Apertura" in spanish
    assert "Cancelado: " in spanish
