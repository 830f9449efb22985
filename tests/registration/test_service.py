from datetime import timedelta

import pytest
import sqlalchemy as sa

from eventsys import links
from eventsys.errors import Conflict
from eventsys.errors import InvalidInput
from eventsys.errors import PermissionDenied
from eventsys.extensions import db
from eventsys.registration import service
from eventsys.registration.models import Registration
from eventsys.registration.models import RegistrationQuestion
from tests.factories import choices
from tests.factories import make_category
from tests.factories import make_meeting
from tests.factories import make_role
from tests.factories import make_user
from tests.registration.helpers import assert_invariant
from tests.registration.helpers import form_data
from tests.registration.helpers import outbox


@pytest.fixture
def meeting(app):
    return make_meeting(capacity=2, format="hybrid")


@pytest.fixture
def category(meeting):
    return make_category(meeting, key="civil_society")


@pytest.fixture
def manager(meeting):
    user = make_user()
    make_role(user, meeting)
    return user


def reg(meeting, cat, n, now, **overrides):
    return service.register(meeting, data=form_data(cat, n, **overrides), now=now)


def test_register_confirms_while_seats_remain_then_waitlists(meeting, category, now):
    first, token = reg(meeting, category, 1, now)
    second, _ = reg(meeting, category, 2, now + timedelta(seconds=1))
    third, _ = reg(meeting, category, 3, now + timedelta(seconds=2))
    fourth, _ = reg(meeting, category, 4, now + timedelta(seconds=3))
    assert [r.status for r in (first, second, third, fourth)] == [
        "confirmed",
        "confirmed",
        "waitlisted",
        "waitlisted",
    ]
    assert service.waitlist_position(third) == 1
    assert service.waitlist_position(fourth) == 2
    assert service.find_by_token(token) is first
    assert first.legacy_token_hash is None and first.public_id in token
    mails = outbox("waitlisted", to="ana4@example.org")
    assert "position 2" in mails[0].body_text
    assert token in outbox("confirmed", to="ana1@example.org")[0].body_text
    assert_invariant(meeting)


def test_cancel_promotes_first_waitlisted_and_mails(meeting, category, now):
    first, token = reg(meeting, category, 1, now)
    reg(meeting, category, 2, now + timedelta(seconds=1))
    third, _ = reg(meeting, category, 3, now + timedelta(seconds=2))
    fourth, _ = reg(meeting, category, 4, now + timedelta(seconds=3))
    service.cancel(first, by_participant=True, now=now)
    assert first.status == "cancelled"
    assert third.status == "confirmed" and fourth.status == "waitlisted"
    assert service.waitlist_position(fourth) == 1
    assert outbox("promoted", to="ana3@example.org")
    assert token in outbox("cancelled", to="ana1@example.org")[0].body_text
    assert_invariant(meeting)


def test_promotion_takes_first_that_fits_the_freed_pool(app, now):
    meeting = make_meeting(format="hybrid", in_person_capacity=1)
    category = make_category(meeting)
    seated, _ = reg(meeting, category, 1, now)
    online_wait, _ = reg(meeting, category, 2, now, attendance="in_person")
    assert online_wait.status == "waitlisted"
    online, _ = reg(meeting, category, 3, now, attendance="online")
    assert online.status == "confirmed"
    service.cancel(online, by_participant=True, now=now)
    assert online_wait.status == "waitlisted"  # an online seat does not fit them
    service.cancel(seated, by_participant=True, now=now)
    assert online_wait.status == "confirmed"
    assert_invariant(meeting)


def test_category_capacity_and_two_categories(app, now):
    meeting = make_meeting(capacity=3)
    small = make_category(meeting, capacity=1)
    big = make_category(meeting)
    a, _ = reg(meeting, small, 1, now)
    b, _ = reg(meeting, small, 2, now)
    c, _ = reg(meeting, big, 3, now)
    assert (a.status, b.status, c.status) == ("confirmed", "waitlisted", "confirmed")
    d, _ = reg(meeting, big, 4, now)
    e, _ = reg(meeting, big, 5, now)
    assert (d.status, e.status) == ("confirmed", "waitlisted")
    service.cancel(c, by_participant=True, now=now)
    # b waits for the small category, which is still full: e gets the seat
    assert (b.status, e.status) == ("waitlisted", "confirmed")
    assert_invariant(meeting)


def test_approval_flow(meeting, category, manager, now):
    category.requires_approval = True
    regs = [
        reg(meeting, category, n, now + timedelta(seconds=n))[0] for n in range(1, 5)
    ]
    assert {r.status for r in regs} == {"pending"}
    assert outbox("pending")
    result = service.bulk_approve(
        meeting, [r.id for r in reversed(regs[:3])], actor=manager, now=now
    )
    assert result == {"confirmed": 2, "waitlisted": 1}
    assert [r.status for r in regs] == [
        "confirmed",
        "confirmed",
        "waitlisted",
        "pending",
    ]
    service.reject(
        regs[3], actor=manager, now=now, message="Seats are reserved for members."
    )
    assert regs[3].status == "rejected"
    assert "reserved for members" in outbox("rejected")[0].body_text
    service.reject(regs[0], actor=manager, now=now)
    assert regs[2].status == "confirmed"
    with pytest.raises(Conflict):
        service.approve(regs[2], actor=manager, now=now)
    assert_invariant(meeting)


def test_meeting_approval_inherited_and_waitlist_action(app, now):
    meeting = make_meeting(requires_approval=True)
    category = make_category(meeting)
    manager = make_user(is_admin=True)
    r, _ = reg(meeting, category, 1, now)
    assert r.status == "pending"
    service.waitlist(r, actor=manager, now=now)
    assert r.status == "waitlisted"
    assert outbox("waitlisted")


def test_decisions_need_a_manager(meeting, category, now):
    category.requires_approval = True
    r, _ = reg(meeting, category, 1, now)
    stranger = make_user()
    with pytest.raises(PermissionDenied):
        service.approve(r, actor=stranger, now=now)
    with pytest.raises(PermissionDenied):
        service.cancel(r, actor=None, now=now)


def test_duplicate_email_refused_and_resend_rotates_token(meeting, category, now):
    r, token = reg(meeting, category, 1, now)
    with pytest.raises(service.DuplicateRegistration):
        reg(meeting, category, 1, now, email="ANA1@example.org")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 1
    assert service.resend_manage_link(meeting, "Ana1@Example.org", now=now) == 1
    assert isinstance(service.find_by_token(token), links.Stale)
    body = outbox("link")[0].body_text
    new_token = body.split("/registrations/")[1].split()[0]
    assert service.find_by_token(new_token) is r
    assert service.resend_manage_link(meeting, "nobody@example.org", now=now) == 0
    # after cancelling, the address may register again
    service.cancel(r, by_participant=True, now=now)
    again, _ = reg(meeting, category, 1, now)
    assert again.status == "confirmed"


@pytest.mark.parametrize(
    "field, value",
    [
        ("given_name", ""),
        ("family_name", "x" * 101),
        ("email", "not-an-email"),
        ("email", ""),
        ("country", "XX"),
        ("nationality", "ZZ"),
        ("category", "nope"),
        ("attendance", "balcony"),
        ("privacy_accepted", ""),
        ("organisation", ""),
        ("given_name", "Ana\r\nBcc: x@example.org"),
        ("needs", "n" * 2001),
        ("title", ["list"]),
    ],
)
def test_bad_input_stores_nothing(meeting, category, now, field, value):
    data = form_data(category, 1, **{field: value})
    with pytest.raises(InvalidInput) as caught:
        service.register(meeting, data=data, now=now)
    assert field in caught.value.fields
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 0
    assert outbox() == []


def test_state_category_fills_represents(app, now):
    meeting = make_meeting()
    states = make_category(meeting, key="member_state")
    r, _ = reg(meeting, states, 1, now, organisation="", country="BO")
    assert r.represents == "Bolivia (Plurinational State of)"


def test_windows_and_meeting_status(app, now):
    meeting = make_meeting(registration_opens_at=now + timedelta(days=1))
    category = make_category(meeting)
    with pytest.raises(service.RegistrationClosed, match="not open yet"):
        reg(meeting, category, 1, now)
    meeting.registration_opens_at = None
    category.closes_at = now - timedelta(minutes=1)
    with pytest.raises(service.RegistrationClosed, match="closed"):
        reg(meeting, category, 1, now)
    category.closes_at = None
    meeting.status = "cancelled"
    with pytest.raises(service.RegistrationClosed, match="cancelled"):
        reg(meeting, category, 1, now)
    meeting.status = "draft"
    with pytest.raises(service.RegistrationClosed):
        reg(meeting, category, 1, now)
    meeting.status = "published"
    meeting.registration_closes_at = now
    with pytest.raises(service.RegistrationClosed):
        reg(meeting, category, 1, now)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 0


def test_custom_questions(meeting, category, now):
    other = make_category(meeting)
    q_text = RegistrationQuestion(
        meeting_id=meeting.id, label={"en": "Topic"}, kind="text", required=True
    )
    q_multi = RegistrationQuestion(
        meeting_id=meeting.id,
        label={"en": "Days"},
        kind="multiple_choice",
        choices=choices("Mon", "Tue"),
    )
    q_only_other = RegistrationQuestion(
        meeting_id=meeting.id,
        category=other,
        label={"en": "Outlet"},
        kind="single_choice",
        choices=choices("TV", "Radio"),
        required=True,
    )
    db.session.add_all([q_text, q_multi, q_only_other])
    db.session.flush()
    with pytest.raises(InvalidInput) as caught:
        reg(meeting, category, 1, now, **{f"q_{q_multi.id}": ["Sun"]})
    assert set(caught.value.fields) == {f"q_{q_text.id}", f"q_{q_multi.id}"}
    r, _ = reg(
        meeting,
        category,
        1,
        now,
        **{f"q_{q_text.id}": "Youth", f"q_{q_multi.id}": ["Tue", "Mon"]},
    )
    assert sorted(a.value for a in r.answers) == ["Youth", '["Mon", "Tue"]']
    with pytest.raises(InvalidInput) as caught:
        reg(meeting, other, 2, now, **{f"q_{q_text.id}": "x"})
    assert f"q_{q_only_other.id}" in caught.value.fields


def test_update_and_attendance_change(app, now):
    meeting = make_meeting(format="hybrid", online_capacity=1)
    category = make_category(meeting)
    a, _ = reg(meeting, category, 1, now, attendance="online")
    b, _ = reg(meeting, category, 2, now)
    data = form_data(category, 2, attendance="online", given_name="Beatriz")
    with pytest.raises(Conflict):
        service.update_registration(b, data=data, by_participant=True, now=now)
    assert b.attendance == "in_person" and b.status == "confirmed"
    assert_invariant(meeting)
    service.cancel(a, by_participant=True, now=now)
    service.update_registration(b, data=data, by_participant=True, now=now)
    assert (b.attendance, b.given_name, b.status) == ("online", "Beatriz", "confirmed")
    assert_invariant(meeting)


def test_change_category(meeting, category, manager, now):
    full = make_category(meeting, capacity=1)
    a, _ = reg(meeting, full, 1, now)
    b, _ = reg(meeting, category, 2, now)
    c, _ = reg(meeting, category, 3, now)
    assert c.status == "waitlisted"
    assert service.change_category(b, full, actor=manager, now=now) == "waitlisted"
    # b's seat freed: c is promoted
    assert c.status == "confirmed"
    assert_invariant(meeting)
    with pytest.raises(InvalidInput):
        service.change_category(
            b, make_category(make_meeting()), actor=manager, now=now
        )


def test_cancel_for_meeting(meeting, category, manager, now):
    regs = [reg(meeting, category, n, now + timedelta(seconds=n))[0] for n in range(3)]
    assert service.cancel_for_meeting(meeting, actor=manager, now=now) == 3
    assert {r.status for r in regs} == {"cancelled"}
    assert len(outbox("cancelled")) == 3 and outbox("promoted") == []
    assert_invariant(meeting)


def test_category_window_overrides_the_meeting(client, now):
    from eventsys.models import utcnow

    meeting = make_meeting(
        slug="late", registration_closes_at=utcnow() - timedelta(days=1)
    )
    closed = make_category(meeting, key="civil_society")
    media = make_category(meeting, key="media", closes_at=utcnow() + timedelta(days=1))
    db.session.commit()
    page = client.get("/meetings/late/register").get_data(as_text=True)
    assert 'value="media"' in page and 'value="civil_society"' not in page
    assert (
        client.post("/meetings/late/register", data=form_data(closed, 1)).status_code
        == 409
    )
    assert (
        client.post("/meetings/late/register", data=form_data(media, 2)).status_code
        == 303
    )


def test_a_duplicate_the_index_refuses_gives_its_seat_back(
    meeting, category, now, monkeypatch
):
    """The seat is claimed before the insert, in the insert's savepoint: when
    the partial unique index refuses a second active registration (a race the
    earlier check did not see), the claim is undone with the row and the
    transaction goes on."""
    first, _link = service.register(meeting, data=form_data(category, 1), now=now)
    db.session.commit()
    monkeypatch.setattr(service, "ensure_not_registered", lambda meeting, email: None)
    with pytest.raises(service.DuplicateRegistration):
        service.register(meeting, data=form_data(category, 1), now=now)
    db.session.refresh(meeting)
    assert meeting.seats_taken == 1 and meeting.in_person_taken == 1
    second, _link = service.register(meeting, data=form_data(category, 2), now=now)
    db.session.commit()
    assert second.status == "confirmed"
    assert_invariant(meeting)
    assert len(outbox("confirmed")) == 2  # nothing queued for the refused one
