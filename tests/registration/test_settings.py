"""Registration settings: one writer, promotion from every screen, access."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from eventsys.audit.models import AuditEvent
from eventsys.errors import InvalidInput
from eventsys.extensions import db
from eventsys.meetings import service as meetings_service
from eventsys.privacy.service import erase_registration
from eventsys.registration import service
from eventsys.registration import settings
from eventsys.registration.models import Registration
from tests.factories import PASSWORD
from tests.factories import make_category
from tests.factories import make_meeting
from tests.factories import make_role
from tests.factories import make_user
from tests.registration.helpers import assert_invariant
from tests.registration.helpers import form_data
from tests.registration.helpers import outbox


@pytest.fixture
def meeting(app):
    meeting = make_meeting(
        slug="csc",
        format="hybrid",
        capacity=2,
        contact_email="csc@example.org",
        public_participant_list=True,
    )
    db.session.commit()
    return meeting


@pytest.fixture
def category(meeting):
    category = make_category(meeting, key="civil_society", name={"en": "Civil society"})
    db.session.commit()
    return category


def _login(client, meeting):
    user = make_user(email="manager@example.org")
    make_role(user, meeting)
    db.session.commit()
    client.post("/login", data={"email": "manager@example.org", "password": PASSWORD})
    return user


def _fill(meeting, category, n, now, **overrides):
    return [
        service.register(
            meeting,
            data=form_data(category, i, **overrides),
            now=now + timedelta(seconds=i),
        )[0]
        for i in range(1, n + 1)
    ]


def _statuses() -> list[str]:
    return list(
        db.session.scalars(sa.select(Registration.status).order_by(Registration.id))
    )


def _actions(action: str) -> list[AuditEvent]:
    return list(
        db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action))
    )


# --- one writer: every screen that raises capacity promotes -----------------


def test_meeting_service_hands_capacity_to_settings_and_promotes(
    meeting, category, now
):
    """The meetings service (edit form, new edition, any caller) promotes like the settings page."""
    _fill(meeting, category, 4, now)
    assert _statuses() == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    admin = make_user(is_admin=True)
    data = {name: getattr(meeting, name) for name in meetings_service.MEETING_FIELDS}
    meetings_service.update_meeting(
        meeting, actor=admin, data={**data, "capacity": 3}, now=now
    )
    assert meeting.capacity == 3
    assert _statuses() == ["confirmed", "confirmed", "confirmed", "waitlisted"]
    assert len(outbox("promoted")) == 1
    (event,) = _actions("registration.settings_promoted")
    assert event.after == {"promoted": [3]}
    assert_invariant(meeting)


def test_meeting_service_refuses_capacity_below_seats_taken_with_the_settings_message(
    meeting, category, now
):
    _fill(meeting, category, 2, now)
    admin = make_user(is_admin=True)
    data = {name: getattr(meeting, name) for name in meetings_service.MEETING_FIELDS}
    with pytest.raises(InvalidInput) as error:
        meetings_service.update_meeting(
            meeting, actor=admin, data={**data, "capacity": 1, "venue": "Elsewhere"}
        )
    assert "already taken" in error.value.fields["capacity"]
    db.session.rollback()
    assert meeting.capacity == 2 and meeting.venue != "Elsewhere"


def test_meeting_edit_form_no_longer_carries_registration_settings(
    client, meeting, category, now
):
    _login(client, meeting)
    page = client.get("/manage/meetings/csc/edit").get_data(as_text=True)
    assert 'name="capacity"' not in page and 'name="requires_approval"' not in page
    assert "/manage/meetings/csc/registration-settings" in page


def test_settings_page_raise_promotes_and_names_who(client, meeting, category, now):
    _fill(meeting, category, 4, now)
    db.session.commit()
    _login(client, meeting)
    response = client.post(
        "/manage/meetings/csc/registration-settings",
        data={"concern": "capacity", "capacity": "4"},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "2 people were confirmed from the waiting list" in page
    assert "Ana3 PÉREZ3" in page and "Ana4 PÉREZ4" in page
    assert _statuses() == ["confirmed"] * 4
    assert_invariant(meeting)


def test_one_concern_leaves_the_others_alone(client, meeting, category):
    meeting.requires_approval = True
    db.session.commit()
    _login(client, meeting)
    response = client.post(
        "/manage/meetings/csc/registration-settings",
        data={"concern": "capacity", "capacity": "10", "in_person_capacity": "6"},
    )
    assert response.status_code == 303
    db.session.refresh(meeting)
    assert (meeting.capacity, meeting.in_person_capacity) == (10, 6)
    assert meeting.requires_approval is True and meeting.public_participant_list
    response = client.post(
        "/manage/meetings/csc/registration-settings",
        data={"concern": "approval", "public_participant_list": "y"},
    )
    db.session.refresh(meeting)
    assert meeting.requires_approval is False and meeting.capacity == 10


def test_settings_errors_show_on_their_field(client, meeting, category, now):
    _fill(meeting, category, 2, now)
    db.session.commit()
    _login(client, meeting)
    response = client.post(
        "/manage/meetings/csc/registration-settings",
        data={"concern": "capacity", "capacity": "1"},
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="capacity-error"' in page and "2 seats are already taken" in page
    db.session.refresh(meeting)
    assert meeting.capacity == 2


def test_settings_page_is_one_form_per_concern(client, meeting, category):
    make_category(meeting, key="media", name={"en": "Media"})
    db.session.commit()
    _login(client, meeting)
    page = client.get("/manage/meetings/csc/registration-settings").get_data(
        as_text=True
    )
    for concern in ("capacity", "window", "approval", "access"):
        assert f'name="concern" value="{concern}"' in page
    # categories are rows with an edit page, not a form each
    assert page.count("Save category") == 0
    assert f"/manage/meetings/csc/categories/{category.id}" in page
    assert page.count("/delete") >= 2


def test_category_edit_page_raises_capacity_and_promotes(
    client, meeting, category, now
):
    meeting.capacity = None
    category.capacity = 1
    db.session.commit()
    _fill(meeting, category, 3, now)
    db.session.commit()
    _login(client, meeting)
    url = f"/manage/meetings/csc/categories/{category.id}"
    assert "Save category" in client.get(url).get_data(as_text=True)
    response = client.post(
        url,
        data={"capacity": "2", "requires_approval": "inherit", "access": "inherit"},
        follow_redirects=True,
    )
    assert "1 person was confirmed from the waiting list: Ms. Ana2 PÉREZ2." in (
        response.get_data(as_text=True)
    )
    assert _statuses() == ["confirmed", "confirmed", "waitlisted"]
    assert client.post(url, data={"capacity": "-1"}).status_code == 422
    db.session.refresh(category)
    assert category.capacity == 2


# --- access: open or by invitation ------------------------------------------


def test_invitation_category_is_not_offered_and_a_direct_post_is_refused(
    client, meeting, category
):
    invited = make_category(meeting, key="states", name={"en": "Member States"})
    invited.access = "invitation"
    db.session.commit()
    page = client.get("/meetings/csc/register").get_data(as_text=True)
    assert 'value="civil_society"' in page and 'value="states"' not in page
    response = client.post(
        "/meetings/csc/register", data=form_data(invited, 1, category="states")
    )
    assert response.status_code == 403
    assert "by invitation only" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 0
    assert outbox() == []


def test_invitation_meeting_says_so_and_names_the_contact(client, meeting, category):
    meeting.access = "invitation"
    db.session.commit()
    detail = client.get("/meetings/csc/").get_data(as_text=True)
    assert "This meeting is by invitation only." in detail
    assert "mailto:csc@example.org" in detail
    assert 'href="/meetings/csc/register"' not in detail
    form = client.get("/meetings/csc/register").get_data(as_text=True)
    assert "by invitation only" in form and "csc@example.org" in form
    response = client.post("/meetings/csc/register", data=form_data(category, 1))
    assert response.status_code == 403
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 0


def test_category_open_inside_an_invitation_meeting(client, meeting, category):
    meeting.access = "invitation"
    category.access = "open"
    db.session.commit()
    response = client.post("/meetings/csc/register", data=form_data(category, 1))
    assert response.status_code == 303
    assert _statuses() == ["confirmed"]


def test_access_is_written_by_the_settings_service_and_audited(
    client, meeting, category
):
    _login(client, meeting)
    response = client.post(
        "/manage/meetings/csc/registration-settings",
        data={"concern": "access", "access": "invitation"},
    )
    assert response.status_code == 303
    db.session.refresh(meeting)
    assert meeting.access == "invitation"
    (event,) = _actions("registration.settings")
    assert event.after == {"access": "invitation"}
    response = client.post(
        "/manage/meetings/csc/registration-settings",
        data={"concern": "access", "access": "secret"},
    )
    assert response.status_code == 422
    db.session.refresh(meeting)
    assert meeting.access == "invitation"
    url = f"/manage/meetings/csc/categories/{category.id}"
    client.post(url, data={"access": "open", "requires_approval": "inherit"})
    db.session.refresh(category)
    assert category.access == "open"
    client.post(url, data={"access": "inherit", "requires_approval": "inherit"})
    db.session.refresh(category)
    assert category.access is None


def test_settings_service_validates_access(meeting):
    admin = make_user(is_admin=True)
    with pytest.raises(InvalidInput) as error:
        settings.update_meeting_settings(
            meeting, data={"access": "friends"}, actor=admin, now=None
        )
    assert "access" in error.value.fields


# --- "the meeting is full" only when it is (hybrid meetings) -----------------


@pytest.fixture
def hybrid(meeting, category):
    """IDM-like set-up: 3 seats in all, 2 in person, online unlimited."""
    meeting.capacity, meeting.in_person_capacity = 3, 2
    db.session.commit()
    return meeting


def test_in_person_full_says_so_and_offers_online(client, hybrid, category, now):
    _fill(hybrid, category, 2, now)
    db.session.commit()
    form = client.get("/meetings/csc/register").get_data(as_text=True)
    assert "The in-person seats are full." in form and "Seats remain online" in form
    response = client.post(
        "/meetings/csc/register", data=form_data(category, 3), follow_redirects=True
    )
    page = response.get_data(as_text=True)
    assert "The meeting is full" not in page
    assert "The in-person seats are full: you are on the waiting list" in page
    assert "change to online attendance" in page
    (mail,) = outbox("waitlisted")
    assert "The meeting is full" not in mail.body_text
    assert "in-person seats are full" in mail.body_text
    assert "change to online attendance" in mail.body_text
    assert "change to online attendance" in mail.body_html


def test_meeting_full_still_says_the_meeting_is_full(client, hybrid, category, now):
    _fill(hybrid, category, 2, now)
    service.register(hybrid, data=form_data(category, 5, attendance="online"), now=now)
    db.session.commit()
    response = client.post(
        "/meetings/csc/register",
        data=form_data(category, 9, attendance="online"),
        follow_redirects=True,
    )
    assert "The meeting is full: you are on the waiting list" in response.get_data(
        as_text=True
    )
    assert "The meeting is full for now" in outbox("waitlisted")[-1].body_text


def test_in_person_full_without_online_seats_offers_nothing_online(
    client, hybrid, category, now
):
    hybrid.online_capacity = 0
    db.session.commit()
    _fill(hybrid, category, 2, now)
    db.session.commit()
    form = client.get("/meetings/csc/register").get_data(as_text=True)
    assert "The in-person seats are full." in form and "Seats remain online" not in form
    client.post("/meetings/csc/register", data=form_data(category, 3))
    assert "change to online" not in outbox("waitlisted")[-1].body_text


# --- bulk actions say why a row was skipped -----------------------------------


def test_bulk_skips_are_explained_and_counts_use_plural_forms(
    client, meeting, category, now
):
    category.requires_approval = True
    db.session.commit()
    regs = _fill(meeting, category, 3, now)
    service.approve(regs[0], actor=make_user(is_admin=True), now=now)
    db.session.commit()
    _login(client, meeting)
    response = client.post(
        "/manage/meetings/csc/registrations/bulk",
        data={"action": "waitlist", "ids": [str(r.id) for r in regs]},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "2 registrations updated." in page
    assert (
        "1 registration skipped. Ms. Ana1 PÉREZ1: "
        "Only pending registrations can be waitlisted."
    ) in page
    assert _statuses() == ["confirmed", "waitlisted", "waitlisted"]
    response = client.post(
        "/manage/meetings/csc/registrations/bulk",
        data={"action": "approve", "ids": [str(regs[1].id)]},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "0 registrations updated." in page
    assert "Only pending registrations can be approved." in page


def test_bulk_counts_in_french(client, meeting, category, now):
    category.requires_approval = True
    db.session.commit()
    regs = _fill(meeting, category, 1, now)
    db.session.commit()
    user = _login(client, meeting)
    user.language = "fr"
    db.session.commit()
    response = client.post(
        "/manage/meetings/csc/registrations/bulk?lang=fr",
        data={"action": "waitlist", "ids": [str(regs[0].id)]},
        headers={"Accept-Language": "fr"},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "1 inscription mise à jour." in page


def test_detail_page_offers_the_waitlist_action_for_pending_only(
    client, meeting, category, now
):
    category.requires_approval = True
    db.session.commit()
    (pending,) = _fill(meeting, category, 1, now)
    db.session.commit()
    _login(client, meeting)
    url = f"/manage/meetings/csc/registrations/{pending.id}"
    assert "Move to the waiting list" in client.get(url).get_data(as_text=True)
    response = client.post(url + "/waitlist")
    assert response.status_code == 303
    assert _statuses() == ["waitlisted"]
    assert "Move to the waiting list" not in client.get(url).get_data(as_text=True)


def test_api_shows_access_and_refuses_invitation_categories(client, meeting, category):
    category.access = "invitation"
    meeting.status = "published"
    db.session.commit()
    body = client.get("/api/v1/meetings/csc").get_json()
    assert [c["access"] for c in body["categories"]] == ["invitation"]
    response = client.post(
        "/api/v1/meetings/csc/registrations",
        json={
            "category": "civil_society",
            "given_name": "Amina",
            "family_name": "Diallo",
            "email": "amina@example.org",
            "country": "SN",
            "organisation": "IOM",
            "attendance": "online",
            "privacy_accepted": True,
        },
    )
    assert response.status_code == 403, response.get_json()
    assert "invitation" in response.get_json()["detail"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 0


# --- no fallbacks between our modules -----------------------------------------


def test_erasing_a_confirmed_registration_gives_its_seat_to_the_next_in_line(
    meeting, category, now
):
    regs = _fill(meeting, category, 3, now)
    assert _statuses() == ["confirmed", "confirmed", "waitlisted"]
    erase_registration(regs[0], actor=None, now=now)
    assert _statuses() == ["cancelled", "confirmed", "confirmed"]
    assert len(outbox("promoted")) == 1
    assert_invariant(meeting)


def test_emails_carry_the_calendar_invitation_and_the_configured_address(
    app, meeting, category, now
):
    app.config["EVENTSYS_BASE_URL"] = "https://events.example.int/"
    _fill(meeting, category, 1, now)
    (mail,) = outbox("confirmed")
    assert "https://events.example.int/registrations/" in mail.body_text
    assert "BEGIN:VCALENDAR" in mail.calendar_ics
