"""Dates and times as each language writes them (Babel)."""

from datetime import UTC
from datetime import datetime

import pytest

from eventsys import dates
from tests.factories import make_meeting

NEW_YORK = datetime(2019, 2, 28, 15, 0, tzinfo=UTC)  # 10:00 in New York
GENEVA = (
    datetime(2019, 10, 15, 8, 0, tzinfo=UTC),
    datetime(2019, 10, 16, 15, 0, tzinfo=UTC),
)


@pytest.mark.parametrize(
    "language, day, days, full",
    [
        (
            "en",
            "28 February 2019",
            "15–16 October 2019",
            "Thursday 28 February 2019",
        ),
        ("fr", "28 févr. 2019", "15–16 oct. 2019", "jeudi 28 février 2019"),
        ("es", "28 feb 2019", "15–16 oct 2019", "jueves, 28 de febrero de 2019"),
    ],
)
def test_dates_per_language(language, day, days, full):
    assert dates.format_date(NEW_YORK, "America/New_York", language) == day
    assert dates.format_date_range(*GENEVA, "Europe/Zurich", language) == days
    assert dates.format_date(NEW_YORK, "America/New_York", language, "full") == full


def test_times_per_language():
    assert dates.format_time(NEW_YORK, "America/New_York", "en") == "10:00"
    assert dates.format_time(NEW_YORK, "America/New_York", "fr") == "10:00"
    assert dates.format_time(NEW_YORK, "America/New_York", "es") == "10:00"


def test_meeting_page_shows_the_date_in_the_page_language(app, db, client):
    meeting = make_meeting(
        starts_at=NEW_YORK,
        timezone="America/New_York",
        title={"en": "IDM 2019", "fr": "DIM 2019", "es": "DIM 2019"},
    )
    db.session.commit()
    url = f"/meetings/{meeting.slug}/"
    assert "28 févr. 2019" in client.get(url + "?lang=fr").get_data(as_text=True)
    assert "28 feb 2019" in client.get(url + "?lang=es").get_data(as_text=True)
    assert "28 February 2019" in client.get(url + "?lang=en").get_data(as_text=True)


def test_numbers_per_language(app):
    from flask import render_template_string

    with app.test_request_context("/?lang=fr"):
        assert (
            render_template_string("{{ 1234567|numberformat }}")
            == "1\u202f234\u202f567"
        )
    with app.test_request_context("/?lang=es"):
        assert render_template_string("{{ 1234567|numberformat }}") == "1.234.567"
