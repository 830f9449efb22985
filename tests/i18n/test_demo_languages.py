"""The demo's upcoming meeting is given in English, French and Spanish."""

import sqlalchemy as sa

from eventsys.extensions import db
from eventsys.meetings.models import Meeting
from tests.i18n.test_pages import english_left
from tests.i18n.test_pages import visible_text

TITLES = {
    "en": "Annual Civil Society Consultations 2027",
    "fr": "Consultations annuelles avec la société civile 2027",
    "es": "Consultas anuales con la sociedad civil 2027",
}


def test_upcoming_demo_meeting_reads_in_three_languages(app, runner, client):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    meeting = db.session.scalar(sa.select(Meeting).where(Meeting.slug == "csc-2027"))
    assert set(meeting.languages) == {"en", "fr", "es"}
    for field in ("title", "theme", "description"):
        assert all(getattr(meeting, field).get(code) for code in ("en", "fr", "es")), (
            field
        )
    for language, title in TITLES.items():
        page = client.get("/meetings/csc-2027/", query_string={"lang": language})
        assert page.status_code == 200
        text = visible_text(page.get_data(as_text=True))
        assert title in text
        assert f'<html lang="{language}"' in page.get_data(as_text=True)
        for code in ("en", "fr", "es"):
            link = f'<link rel="alternate" hreflang="{code}" href="/meetings/csc-2027/?lang={code}">'
            assert link in page.get_data(as_text=True)
        if language != "en":
            assert not english_left(text, language)
            assert TITLES["en"] not in text
