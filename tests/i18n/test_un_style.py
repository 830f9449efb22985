"""English follows UN style (British English): 24-hour times, day month year.

Staff pages name the zone of every time and never show seconds.
"""

import re
from datetime import UTC
from datetime import datetime

import pytest

from eventsys.extensions import db
from tests.factories import PASSWORD
from tests.factories import make_category
from tests.factories import make_meeting
from tests.factories import make_registration
from tests.factories import make_role
from tests.factories import make_session
from tests.factories import make_user
from tests.pdf.conftest import pdf_pages
from tests.registration.helpers import form_data
from tests.registration.helpers import outbox

STARTS = datetime(2027, 6, 22, 7, 15, tzinfo=UTC)  # 09:15 in Geneva
ENDS = datetime(2027, 6, 23, 11, 15, tzinfo=UTC)  # 13:15 in Geneva
US_SHORT_DATE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{2}\b")
SECONDS = re.compile(r"\b\d{1,2}:\d{2}:\d{2}\b")
TWELVE_HOUR = re.compile(r"\d\s?[AP]M\b")


@pytest.fixture
def meeting(app):
    meeting = make_meeting(
        slug="un-style",
        starts_at=STARTS,
        ends_at=ENDS,
        format="in_person",
        capacity=3,
        languages=["en", "fr", "es"],
    )
    category = make_category(meeting, key="civil_society", position=1)
    make_session(
        meeting,
        title={"en": "Opening"},
        starts_at=datetime(2027, 6, 22, 11, 15, tzinfo=UTC),
        ends_at=datetime(2027, 6, 22, 12, 0, tzinfo=UTC),
    )
    make_registration(meeting, category=category, status="confirmed")
    manager = make_user(email="un-style@example.org")
    make_role(manager, meeting)
    db.session.commit()
    return meeting


def plain(response) -> str:
    return response.get_data(as_text=True).replace("\u202f", " ").replace("\xa0", " ")


def assert_un_style(text: str) -> None:
    assert not US_SHORT_DATE.search(text), US_SHORT_DATE.search(text)
    assert not SECONDS.search(text), SECONDS.search(text)
    assert not TWELVE_HOUR.search(text), TWELVE_HOUR.search(text)


def test_english_public_pages_write_day_month_year_and_24_hours(client, meeting):
    page = plain(client.get("/meetings/un-style/?lang=en"))
    assert "22–23 June 2027" in page
    assert "09:15" in page and "13:15" in page
    assert_un_style(page)
    agenda = plain(client.get("/meetings/un-style/agenda?lang=en"))
    assert "Tuesday 22 June 2027" in agenda and ">13:15</time>" in agenda
    assert_un_style(agenda)


def test_french_and_spanish_keep_their_own_conventions(client, meeting):
    french = plain(client.get("/meetings/un-style/agenda?lang=fr"))
    assert "mardi 22 juin 2027" in french
    spanish = plain(client.get("/meetings/un-style/agenda?lang=es"))
    assert "martes, 22 de junio de 2027" in spanish


def test_staff_pages_name_the_zone_and_show_no_seconds(client, meeting):
    client.post("/login", data={"email": "un-style@example.org", "password": PASSWORD})
    overview = plain(client.get("/manage/meetings/un-style/?lang=en"))
    assert_un_style(overview)
    changed = re.search(r"last changed ([^<]+)", overview).group(1)
    assert changed.strip().endswith("(Europe/Zurich)"), changed
    registrations = plain(client.get("/manage/meetings/un-style/registrations"))
    assert "(Europe/Zurich)" in registrations
    assert_un_style(registrations)
    history = plain(client.get("/manage/meetings/un-style/history"))
    assert_un_style(history)


def test_a_draft_overview_does_not_print_a_dash_before_the_seats(client, meeting):
    meeting.status = "draft"
    db.session.commit()
    client.post("/login", data={"email": "un-style@example.org", "password": PASSWORD})
    overview = plain(client.get("/manage/meetings/un-style/"))
    assert "— ·" not in overview
    assert "0 of 3 seats taken" in overview  # the factory claims no seat


def test_the_confirmation_email_writes_the_dates_in_un_style(client, meeting):
    category = meeting_category(meeting)
    response = client.post(
        "/meetings/un-style/register?lang=en", data=form_data(category, 7)
    )
    assert response.status_code in (302, 303)
    (email,) = outbox(to="ana7@example.org")
    assert "22–23 June 2027" in email.body_text
    assert_un_style(email.body_text)


def test_the_agenda_pdf_writes_the_days_and_times_in_un_style(client, meeting):
    response = client.get("/meetings/un-style/agenda.pdf?lang=en")
    assert response.status_code == 200
    text = "\n".join(pdf_pages(response.get_data()))
    assert "Tuesday 22 June 2027" in text
    assert "13:15" in text
    assert_un_style(text)


def meeting_category(meeting):
    from eventsys.registration.models import ParticipantCategory

    return db.session.query(ParticipantCategory).filter_by(meeting=meeting).one()
