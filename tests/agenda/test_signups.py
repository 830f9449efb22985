"""Session sign-up: rules, the participant's page, the secretariat's list and export."""

import csv
import io
from datetime import timedelta

import pytest
import sqlalchemy as sa

from eventsys.agenda import signups
from eventsys.agenda.models import SessionSignup
from eventsys.errors import Conflict
from eventsys.extensions import db
from eventsys.mail.models import OutboxEmail
from eventsys.models import utcnow
from eventsys.registration import service as registrations
from tests.factories import make_category
from tests.factories import make_meeting
from tests.factories import make_registration
from tests.factories import make_room
from tests.factories import make_session
from tests.meetings.helpers import login_manager


@pytest.fixture
def world(db):
    meeting = make_meeting(slug="idm")
    category = make_category(meeting)
    room = make_room(meeting, capacity=2)
    breakout = make_session(meeting, kind="breakout", room=room, takes_signups=True,
                            title={"en": "Breakout on skills"})  # fmt: skip
    people = [
        make_registration(meeting, category=category, status="confirmed")
        for _ in range(4)
    ]
    db.session.commit()
    return meeting, breakout, people


def test_room_capacity_then_waiting_list_then_promotion_by_email(world):
    meeting, breakout, people = world
    statuses = [signups.sign_up(breakout, p, now=utcnow()).status for p in people]
    assert statuses == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    first = signups.get_signup(people[0], breakout.id)
    promoted = signups.cancel_signup(first, now=utcnow())
    assert [s.registration_id for s in promoted] == [people[2].id]
    mail = db.session.scalars(
        sa.select(OutboxEmail).where(
            OutboxEmail.kind == "registration_session_promoted"
        )
    ).all()
    assert [m.to_addr for m in mail] == [people[2].email]
    assert "Breakout on skills" in mail[0].subject
    assert signups.waitlist_position(signups.get_signup(people[3], breakout.id)) == 1
    assert signups.check_invariant(breakout) == []


def test_overlap_refused_and_adjacent_accepted(world):
    meeting, breakout, people = world
    overlapping = make_session(meeting, takes_signups=True, signup_capacity=5,
                               starts_at=breakout.starts_at + timedelta(minutes=30))  # fmt: skip
    after = make_session(meeting, takes_signups=True, signup_capacity=5,
                         starts_at=breakout.ends_at)  # fmt: skip
    signups.sign_up(breakout, people[0], now=utcnow())
    with pytest.raises(Conflict, match="overlaps"):
        signups.sign_up(overlapping, people[0], now=utcnow())
    assert signups.sign_up(after, people[0], now=utcnow()).status == "confirmed"
    with pytest.raises(Conflict, match="already signed up"):
        signups.sign_up(after, people[0], now=utcnow())


def test_only_confirmed_participants_and_open_sessions(world):
    meeting, breakout, people = world
    pending = make_registration(meeting, category=people[0].category, status="pending")
    with pytest.raises(Conflict, match="confirmed participants"):
        signups.sign_up(breakout, pending, now=utcnow())
    closed = make_session(meeting, takes_signups=False)
    with pytest.raises(Conflict, match="does not take"):
        signups.sign_up(closed, people[0], now=utcnow())


def test_cancelled_registration_gives_its_places_away(world):
    meeting, breakout, people = world
    for p in people[:3]:
        signups.sign_up(breakout, p, now=utcnow())
    registrations.cancel(people[0], by_participant=True, now=utcnow())
    db.session.flush()
    rows = db.session.scalars(sa.select(SessionSignup).order_by(SessionSignup.id)).all()
    assert [r.status for r in rows] == ["cancelled", "confirmed", "confirmed"]
    assert signups.check_invariant(breakout) == []


def test_participant_reserves_and_cancels_from_their_page(client, world):
    meeting, breakout, people = world
    token = people[0].plain_token
    page = client.get(f"/registrations/{token}/sessions")
    assert page.status_code == 200 and "Breakout on skills" in page.text
    assert "no-store" in page.headers["Cache-Control"]
    response = client.post(f"/registrations/{token}/sessions/{breakout.id}/signup")
    assert response.status_code == 303
    page = client.get(f"/registrations/{token}/sessions")
    assert "Place confirmed" in page.text and "Cancel my sign-up" in page.text
    again = client.post(f"/registrations/{token}/sessions/{breakout.id}/signup")
    assert again.status_code == 303  # refused with a message, nothing stored twice
    assert db.session.scalar(sa.select(sa.func.count(SessionSignup.id))) == 1
    client.post(f"/registrations/{token}/sessions/{breakout.id}/cancel")
    assert db.session.scalar(sa.select(SessionSignup.status)) == "cancelled"
    gone = client.post(f"/registrations/{token}/sessions/{breakout.id}/cancel")
    assert gone.status_code == 404
    assert client.get("/registrations/not-a-token/sessions").status_code == 404


def test_manager_sees_lists_and_exports_them(client, world):
    meeting, breakout, people = world
    for p in people:
        signups.sign_up(breakout, p, now=utcnow())
    people[0].organisation = "=HYPERLINK(1)"
    db.session.commit()
    login_manager(client, meeting)
    page = client.get(f"/manage/meetings/idm/agenda/{breakout.id}/signups")
    assert page.status_code == 200
    assert "2 of 2 places taken" in page.text and "Waiting list (2)" in page.text
    export = client.get(f"/manage/meetings/idm/agenda/{breakout.id}/signups.csv")
    rows = list(csv.reader(io.StringIO(export.data.decode("utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == ["Place confirmed"] * 2 + [
        "On the waiting list"
    ] * 2
    assert [r[1] for r in rows[1:]] == ["", "", "1", "2"]
    assert rows[1][4] == "'=HYPERLINK(1)"
    xlsx = client.get(f"/manage/meetings/idm/agenda/{breakout.id}/signups.xlsx")
    assert xlsx.data[:2] == b"PK"


def test_capacity_below_places_taken_refused(client, world):
    meeting, breakout, people = world
    for p in people[:2]:
        signups.sign_up(breakout, p, now=utcnow())
    db.session.commit()
    login_manager(client, meeting)
    form = {
        "title": "Breakout on skills", "kind": "breakout", "day": "2027-06-01",
        "starts_at": "09:00", "ends_at": "10:00", "room_id": str(breakout.room_id),
        "takes_signups": "y", "signup_capacity": "1",
    }  # fmt: skip
    url = f"/manage/meetings/idm/agenda/{breakout.id}/edit"
    response = client.post(url, data=form)
    assert response.status_code == 422
    assert "cannot be lower" in response.text
    response = client.post(url, data={**form, "signup_capacity": "3"})
    assert response.status_code == 302
    db.session.expire_all()
    assert signups.capacity_of(breakout) == 3


def test_manager_takes_a_participant_off_and_every_step_is_audited(client, world):
    from eventsys.audit.models import AuditEvent

    meeting, breakout, people = world
    for p in people[:3]:
        signups.sign_up(breakout, p, now=utcnow())
    signups.cancel_signup(signups.get_signup(people[0], breakout.id), now=utcnow())
    db.session.commit()
    login_manager(client, meeting)
    second = signups.get_signup(people[1], breakout.id)
    url = f"/manage/meetings/idm/agenda/{breakout.id}/signups/{second.id}/remove"
    assert client.post(url).status_code == 303
    db.session.expire_all()
    assert db.session.get(SessionSignup, second.id).status == "cancelled"
    assert client.post(url).status_code == 303  # already off: refused, flashed
    other = make_session(meeting, takes_signups=True)
    db.session.commit()
    wrong = f"/manage/meetings/idm/agenda/{other.id}/signups/{second.id}/remove"
    assert client.post(wrong).status_code == 404
    actions = db.session.scalars(
        sa.select(AuditEvent.action).where(AuditEvent.action.like("session.signup%"))
        .order_by(AuditEvent.id))  # fmt: skip
    assert list(actions) == ["session.signup", "session.signup", "session.signup",
                             "session.signup_cancel", "session.signup_promote",
                             "session.signup_remove"]  # fmt: skip
    history = client.get("/manage/meetings/idm/history").text
    names = [p.display_name for p in people]
    assert f"{names[0]} gave up their sign-up for “Breakout on skills”" in history
    assert f"{names[2]} joined the waiting list of “Breakout on skills”" in history
    assert f"{names[2]} moved from the waiting list to a place in" in history
    assert f"{names[1]} taken off “Breakout on skills”" in history


def test_only_managers_take_participants_off(world):
    from eventsys.errors import PermissionDenied
    from tests.factories import make_user

    _meeting, breakout, people = world
    signup = signups.sign_up(breakout, people[0], now=utcnow())
    with pytest.raises(PermissionDenied):
        signups.remove_signup(signup, actor=make_user(), now=utcnow())
    assert signup.status == "confirmed"
