"""Gender: optional, asked where the meeting asks, counted with suppression, shown nowhere."""

import json
from datetime import UTC
from datetime import datetime
from datetime import timedelta

import pytest
import sqlalchemy as sa

from eventsys.agenda import parity
from eventsys.agenda.models import SessionPerson
from eventsys.audit.models import AuditEvent
from eventsys.auth.api_tokens import create_token
from eventsys.extensions import db
from eventsys.meetings.models import Meeting
from eventsys.models import utcnow
from eventsys.privacy import service as privacy
from eventsys.registration.models import Registration
from tests.factories import make_category
from tests.factories import make_meeting
from tests.factories import make_person
from tests.factories import make_registration
from tests.factories import make_role
from tests.factories import make_session
from tests.factories import make_user
from tests.meetings.helpers import login_manager
from tests.registration.helpers import form_data


@pytest.fixture
def asked(db):
    meeting = make_meeting(slug="idm", asks_gender=True, public_participant_list=True)
    category = make_category(meeting, key="civil_society")
    panel = make_session(meeting, kind="panel", title={"en": "Panel on care work"})
    make_person(panel, name="Ana", role="panelist", gender="woman")
    make_person(panel, name="Beatriz", role="panelist", gender="woman")
    db.session.commit()
    return meeting, category, panel


def test_never_required_and_prefer_not_to_say(client, asked):
    meeting, category, _panel = asked
    page = client.get("/meetings/idm/register").text
    assert "Gender (optional)" in page and "Prefer not to say" in page
    client.post("/meetings/idm/register", data=form_data(category, 1))
    client.post("/meetings/idm/register",
                data=form_data(category, 2, gender="prefer_not_to_say"))  # fmt: skip
    bad = client.post("/meetings/idm/register", data=form_data(category, 3, gender="x"))
    assert bad.status_code == 422
    genders = db.session.scalars(
        sa.select(Registration.gender).order_by(Registration.id)
    )
    assert list(genders) == [None, "prefer_not_to_say"]


def test_not_asked_unless_the_meeting_asks(client, db):
    meeting = make_meeting(slug="plain")
    category = make_category(meeting, key="civil_society")
    db.session.commit()
    assert "Gender (optional)" not in client.get("/meetings/plain/register").text
    client.post("/meetings/plain/register", data=form_data(category, 1, gender="man"))
    assert db.session.scalar(sa.select(Registration.gender)) is None


def test_counts_suppressed_below_five():
    assert parity.suppressed({"woman": 7, "man": 3, "another": 0}) == {
        "woman": "7", "man": "<5"}  # fmt: skip


def test_editor_shows_the_balance_and_warns_on_a_single_gender_panel(client, asked):
    meeting, category, _panel = asked
    for _ in range(6):
        make_registration(meeting, status="confirmed", gender="man",
                          category=category)  # fmt: skip
    db.session.commit()
    login_manager(client, meeting)
    page = client.get("/manage/meetings/idm/agenda").text
    assert "Woman 2" in page and "Single-gender panel" in page
    assert "<td>6</td>" in page and "&lt;5" in page  # 6 men; 2 women speakers


def test_gender_appears_in_no_public_page_feed_api_or_export(client, asked):
    meeting, category, panel = asked
    person = make_registration(meeting, category=category, status="confirmed",
                               consent_to_list=True, gender="another",
                               given_name="Sol")  # fmt: skip
    admin = make_user(is_admin=True)
    make_role(admin, meeting)
    token = create_token(admin, "t", now=utcnow())[1]
    db.session.commit()
    pages = [
        client.get("/meetings/idm/agenda").text,
        client.get("/meetings/idm/participants").text,
        client.get("/meetings/idm/calendar.ics").text,
        client.get("/api/v1/meetings/idm").text,
        client.get(
            "/api/v1/meetings/idm/registrations",
            headers={"Authorization": f"Bearer {token}"},
        ).text,  # fmt: skip
    ]
    assert "Sol" in pages[1]
    login_manager(client, meeting)
    pages.append(client.get("/manage/meetings/idm/registrations.csv").data.decode())
    for text in pages:
        for word in ("another", "Another gender", "gender", "woman", "Woman"):
            assert word not in text, word
    events = db.session.scalars(sa.select(AuditEvent)).all()
    assert all("gender" not in json.dumps([e.before, e.after]) for e in events)
    assert person.gender == "another"


def test_privacy_purge_clears_gender(asked):
    meeting, category, panel = asked
    make_registration(meeting, category=category, status="confirmed", gender="man")
    meeting.ends_at = datetime(2020, 1, 1, tzinfo=UTC)
    meeting.starts_at = meeting.ends_at - timedelta(hours=8)
    db.session.commit()
    privacy.purge_older_than(datetime(2021, 1, 1, tzinfo=UTC))
    db.session.commit()
    assert db.session.scalars(sa.select(Registration.gender)).all() == [None]
    assert set(db.session.scalars(sa.select(SessionPerson.gender))) == {None}


def test_the_meeting_settings_turn_the_question_on_only_under_a_notice_that_says_why(
    app, client, db
):
    from tests.factories import make_series
    from tests.meetings.helpers import meeting_form

    series = make_series()
    login_manager(client, is_admin=True)
    client.post("/manage/meetings/new", data=meeting_form(series))
    meeting = db.session.scalar(sa.select(Meeting))
    edit = f"/manage/meetings/{meeting.slug}/edit"
    # The default notice says why (templates/privacy/notice.html, 2026-12-02).
    assert (
        app.config["EVENTSYS_PRIVACY_NOTICE_VERSION"]
        in (app.config["EVENTSYS_GENDER_NOTICE_VERSIONS"])
    )
    assert "optional question about your gender" in client.get("/privacy").text
    # A deployment whose own notice does not say why cannot ask.
    app.config["EVENTSYS_GENDER_NOTICE_VERSIONS"] = ()
    assert 'name="asks_gender"' not in client.get(edit).text
    refused = client.post(edit, data=meeting_form(series, asks_gender="y"))
    assert (
        refused.status_code == 422 and "privacy notice does not say why" in refused.text
    )
    db.session.expire_all()
    assert meeting.asks_gender is False
    app.config["EVENTSYS_GENDER_NOTICE_VERSIONS"] = (
        app.config["EVENTSYS_PRIVACY_NOTICE_VERSION"],
    )
    assert 'name="asks_gender"' in client.get(edit).text
    assert (
        client.post(edit, data=meeting_form(series, asks_gender="y")).status_code == 302
    )
    db.session.expire_all()
    assert meeting.asks_gender is True
    editor = client.get(f"/manage/meetings/{meeting.slug}/agenda").text
    assert 'name="asks_gender"' not in editor and "Meeting settings" in editor
    # Turning it off needs no notice at all.
    app.config["EVENTSYS_GENDER_NOTICE_VERSIONS"] = ()
    assert 'name="asks_gender"' in client.get(edit).text  # shown while it is on
    assert client.post(edit, data=meeting_form(series)).status_code == 302
    db.session.expire_all()
    assert meeting.asks_gender is False
    history = client.get(f"/manage/meetings/{meeting.slug}/history").text
    assert "Optional gender question turned on" in history
    assert "Optional gender question turned off" in history


def test_only_managers_set_the_question(asked):
    from eventsys.errors import PermissionDenied

    meeting, _category, _panel = asked
    with pytest.raises(PermissionDenied):
        parity.set_asking(meeting, actor=make_user(), asks=False, notice_explains=True,
                          now=utcnow())  # fmt: skip
    assert meeting.asks_gender is True
