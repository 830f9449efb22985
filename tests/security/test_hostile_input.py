"""Control characters and huge page numbers: a form error or the last page, never a 500.

Every single-line text field refuses control characters (line feeds too) with a
field error on every form, and what got stored anyway (written straight into
the database) never breaks the calendar feeds, the invitation or the email.
Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL.
"""

import pytest
import sqlalchemy as sa

from eventsys.agenda.models import AgendaSession
from eventsys.errors import InvalidInput
from eventsys.extensions import db
from eventsys.mail.models import OutboxEmail
from eventsys.mail.sender import build_message
from eventsys.meetings import service as meetings
from eventsys.meetings.models import Meeting
from eventsys.meetings.models import Room
from eventsys.meetings.models import Series
from eventsys.outcomes import service as outcomes
from eventsys.outcomes.models import OutcomeDocument
from eventsys.registration.models import Registration
from tests.conftest import requires_postgres
from tests.factories import make_category
from tests.factories import make_meeting
from tests.factories import make_registration
from tests.factories import make_session
from tests.factories import make_user
from tests.meetings.helpers import login_manager
from tests.meetings.helpers import meeting_form

BAD = ["A\nB", "A\rB", "A\x01B", "A\x7fB", "A\u2028B", "A\tB", "A\x85B"]
NOT_ALLOWED = "This field contains characters that are not allowed."


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=requires_postgres)])
def any_app(request):
    name = "app" if request.param == "sqlite" else "pg_app"
    return request.getfixturevalue(name)


@pytest.fixture
def web(any_app):
    return any_app.test_client()


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _refused(response, model, before: int) -> None:
    assert response.status_code == 422, response.status_code
    assert NOT_ALLOWED in response.get_data(as_text=True)
    db.session.expire_all()
    assert _count(model) == before


@pytest.mark.parametrize("value", BAD)
def test_meeting_form_refuses_control_characters_in_one_line_fields(web, value):
    meeting = make_meeting()
    login_manager(web, is_admin=True)
    for name in ("title", "venue", "city", "theme"):
        before = _count(Meeting)
        data = meeting_form(meeting.series, **{name: value})
        _refused(web.post("/manage/meetings/new", data=data), Meeting, before)


def test_multiline_fields_keep_line_breaks_but_refuse_other_controls(web):
    meeting = make_meeting()
    login_manager(web, is_admin=True)
    ok = web.post(
        "/manage/meetings/new",
        data=meeting_form(meeting.series, description="One\r\nTwo\tthree"),
    )
    assert ok.status_code == 302
    before = _count(Meeting)
    data = meeting_form(meeting.series, slug="other", description="One\x01Two")
    _refused(web.post("/manage/meetings/new", data=data), Meeting, before)


def test_series_room_session_outcome_and_account_forms_refuse_a_line_feed(web):
    make_meeting(slug="m1")
    login_manager(web, is_admin=True)
    series = {"slug": "s-new", "acronym": "SN", "name": "Bad\nname", "kind": "rcp"}
    _refused(web.post("/manage/series/new", data=series), Series, _count(Series))
    room = {"name": "Room\n1", "capacity": "10"}
    _refused(web.post("/manage/meetings/m1/rooms", data=room), Room, _count(Room))
    session = {"kind": "plenary", "day": "2027-06-01", "starts_at": "09:00",
               "ends_at": "10:00", "room_id": "0", "title": "Open\ning"}  # fmt: skip
    response = web.post("/manage/meetings/m1/agenda/new", data=session)
    _refused(response, AgendaSession, _count(AgendaSession))
    document = {"kind": "red_book", "language": "en", "title_en": "Red\nBook"}
    response = web.post("/manage/meetings/m1/outcomes/new", data=document)
    _refused(response, OutcomeDocument, _count(OutcomeDocument))
    account = {"action": "profile", "profile-name": "Ann\nBcc: x",
               "profile-language": "en"}  # fmt: skip
    response = web.post("/account", data=account)
    assert response.status_code == 422
    assert NOT_ALLOWED in response.get_data(as_text=True)


def test_services_refuse_control_characters_for_every_caller(any_app):
    meeting = make_meeting()
    admin = make_user(is_admin=True)
    with pytest.raises(InvalidInput) as error:
        meetings.save_room(meeting, actor=admin, data={"name": "A\nB"})
    assert "name" in error.value.fields
    with pytest.raises(InvalidInput) as error:
        outcomes.create_document(meeting, actor=admin, data={"title": {"en": "A\x02"}})
    assert "title" in error.value.fields


def test_api_refuses_a_line_feed_in_a_name(web):
    meeting = make_meeting(slug="api-m")
    make_category(meeting, key="public")
    db.session.commit()
    body = {"category": "public", "given_name": "A\nB", "family_name": "C",
            "email": "a@example.org", "country": "CH", "privacy_accepted": True}  # fmt: skip
    response = web.post("/api/v1/meetings/api-m/registrations", json=body)
    assert 400 <= response.status_code < 500
    assert _count(Registration) == 0


def test_stored_control_characters_never_break_feeds_invitations_or_mail(web):
    """A title with a line feed written straight into the database, as old data might be."""
    bad = "Bad\ntitle\r\x01 (x)"
    meeting = make_meeting(slug="lf", title={"en": bad}, venue="Hall\nA",
                           format="hybrid", online_url="https://meet.example/x")  # fmt: skip
    make_session(meeting, title={"en": "Sess\nion"})
    make_category(meeting, key="public")
    db.session.commit()
    for path in ("/meetings/lf/calendar.ics", "/calendar.ics"):
        response = web.get(path)
        assert response.status_code == 200
        text = response.get_data(as_text=True)
        assert "SUMMARY:Bad title (x)" in text and "\x01" not in text
        assert "LOCATION:Hall A" in text.replace("\r\n ", "")
    data = {"category": "public", "given_name": "Ann\u00e9", "family_name": "Lee",
            "email": "ann@example.org", "country": "CH", "attendance": "online",
            "organisation": "IOM", "privacy_accepted": "y"}  # fmt: skip
    response = web.post("/meetings/lf/register", data=data)
    assert response.status_code in (302, 303), response.status_code
    email = db.session.scalars(sa.select(OutboxEmail)).first()
    assert email is not None and "\n" not in email.subject
    message = build_message(
        email, sender="eventsys <noreply@example.org>", now=meeting.starts_at
    )
    assert "Bad title" in message["Subject"]
    if email.calendar_ics:
        assert "SUMMARY:Bad title (x)" in email.calendar_ics


@pytest.mark.parametrize(
    "page", ["99999999999999999999", "-1", "0", "abc", "1e9", "9" * 400]
)
def test_huge_negative_or_odd_page_numbers_never_give_a_500(web, page):
    meeting = make_meeting(slug="pg-m")
    for _ in range(3):
        make_registration(meeting)
    login_manager(web, is_admin=True)
    paths = ["/meetings/", "/manage/audit", "/manage/meetings/pg-m/registrations",
             "/manage/meetings/pg-m/history"]  # fmt: skip
    for path in paths:
        response = web.get(f"{path}?page={page}")
        assert response.status_code in (200, 404), (path, response.status_code)
        if page == "99999999999999999999":
            assert response.status_code == 200  # the last page
        if page in ("-1", "0", "abc"):
            assert response.status_code == 404
    api = web.get(f"/api/v1/meetings?page={page}")
    assert api.status_code in (200, 400), api.status_code
