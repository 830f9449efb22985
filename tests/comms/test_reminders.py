"""Reminders before a meeting, read back from a real SMTP server (aiosmtpd).

The scheduler runs with a given clock (jobs.run_due(now=...)): the minute job
queues what is due, the outbox job of the same round delivers it.
"""

import re
from datetime import UTC
from datetime import datetime
from datetime import timedelta

import icalendar
import pytest
import sqlalchemy as sa

from eventsys import jobs
from eventsys import links
from eventsys.comms import reminders
from eventsys.comms.models import ReminderSchedule
from eventsys.comms.models import ReminderSent
from eventsys.extensions import db
from eventsys.invitations import service as invitations
from eventsys.mail.models import PRIORITY_BULK
from eventsys.mail.models import OutboxEmail
from eventsys.registration import service as registration_service
from eventsys.registration.models import Delegation
from tests.factories import PASSWORD
from tests.factories import make_category
from tests.factories import make_meeting
from tests.factories import make_registration
from tests.factories import make_role
from tests.factories import make_user
from tests.registration.helpers import form_data

START = datetime(2027, 6, 10, 7, 0, tzinfo=UTC)  # 09:00 in Geneva (summer time)
BASE = "http://events.test"


@pytest.fixture
def mail_app(app, smtp_server):
    smtp_server.configure(app)
    app.config["MAIL_DEFAULT_SENDER"] = "IOM Dialogue <no-reply@events.test>"
    app.config["MAIL_RATE_PER_MINUTE"] = 1000
    return app


@pytest.fixture
def meeting(mail_app):
    meeting = make_meeting(
        starts_at=START,
        languages=["en", "fr", "es"],
        title={"en": "Youth Dialogue", "fr": "Dialogue des jeunes", "es": "Diálogo"},
        venue="Palais des Nations, Room XVII",
        online_url="https://meet.example.org/youth-2027",
    )
    category = make_category(meeting)
    people = {
        "en": ("in_person", "en@example.org"),
        "fr": ("online", "fr@example.org"),
        "es": ("in_person", "es@example.org"),
    }
    for language, (attendance, email) in people.items():
        make_registration(
            meeting,
            category=category,
            status="confirmed",
            language=language,
            attendance=attendance,
            email=email,
            given_name=f"Ana{language}",
        )
    make_registration(meeting, category=category, status="pending", email="p@x.org")
    make_registration(meeting, category=category, status="cancelled", email="c@x.org")
    db.session.commit()
    return meeting


def run_at(moment: datetime) -> dict:
    return jobs.run_due(now=moment, worker="test-worker")


def received(smtp_server) -> dict:
    return {m["To"].addresses[0].addr_spec: m for m in smtp_server.messages}


def text_of(message) -> str:
    return message.get_body(("plain",)).get_content()


def html_of(message) -> str:
    return message.get_body(("html",)).get_content()


def sent_offsets() -> list[int]:
    return sorted(db.session.scalars(sa.select(ReminderSent.offset_hours)))


def test_due_reminders_are_sent_once_in_each_language_with_the_practical_information(
    meeting, smtp_server, client
):
    before = START - timedelta(days=7, minutes=1)
    assert run_at(before)["reminders"].startswith("reminders 0")
    assert smtp_server.messages == []

    result = run_at(START - timedelta(days=7) + timedelta(minutes=1))
    assert result["reminders"] == "reminders 3, focal points 0, invitations 0"
    mail = received(smtp_server)
    assert sorted(mail) == ["en@example.org", "es@example.org", "fr@example.org"]
    en, fr, es = mail["en@example.org"], mail["fr@example.org"], mail["es@example.org"]
    assert en["Subject"] == "Reminder: Youth Dialogue, 10 June 2027"
    assert fr["Subject"].startswith("Rappel : Dialogue des jeunes")
    assert es["Subject"].startswith("Recordatorio: Diálogo")
    assert en["Auto-Submitted"] == "auto-generated"
    body = text_of(en)
    assert "opens in 7 days" in body
    assert "09:00 (Europe/Zurich)" in body  # the meeting's time and zone
    assert "Palais des Nations, Room XVII" in body
    assert f"{BASE}/meetings/{meeting.slug}/agenda" in body
    assert "Palais des Nations, Room XVII" in html_of(en)
    assert "dans 7 jours" in text_of(fr)
    assert "dentro de 7 días" in text_of(es)
    # The online link only for the confirmed online participant.
    assert "https://meet.example.org/youth-2027" in text_of(fr)
    assert "https://meet.example.org/youth-2027" in html_of(fr)
    assert "meet.example.org" not in text_of(en) + html_of(en) + text_of(es)
    # The personal link works.
    link = re.search(rf"{BASE}(/registrations/{links.LINK_TEXT})", body).group(1)
    assert client.get(link).status_code == 200
    # Bulk priority in the outbox: transactional mail goes first.
    priorities = set(
        db.session.scalars(
            sa.select(OutboxEmail.priority).where(OutboxEmail.kind == "reminder")
        )
    )
    assert priorities == {PRIORITY_BULK}

    # Later rounds (and the same clock again) send nothing more.
    run_at(START - timedelta(days=7) + timedelta(minutes=2))
    run_at(START - timedelta(days=3))
    assert len(smtp_server.messages) == 3
    assert sent_offsets() == [168, 168, 168]

    # The one-day reminder comes at its time, once.
    run_at(START - timedelta(hours=23))
    run_at(START - timedelta(hours=22))
    assert len(smtp_server.messages) == 6
    day_before = {m["To"].addresses[0].addr_spec: m for m in smtp_server.messages[3:]}
    assert "opens in 1 day" in text_of(day_before["en@example.org"])
    assert "dentro de 1 día" in text_of(day_before["es@example.org"])
    # Nothing after the start.
    run_at(START + timedelta(minutes=5))
    assert len(smtp_server.messages) == 6


def test_reminders_follow_the_meeting_when_it_moves(meeting, smtp_server):
    run_at(START - timedelta(days=7) + timedelta(minutes=1))
    assert len(smtp_server.messages) == 3
    new_start = START + timedelta(days=10)
    meeting.starts_at, meeting.ends_at = new_start, new_start + timedelta(hours=9)
    db.session.commit()

    # The old one-day time sends nothing: the meeting is now 11 days away.
    run_at(START - timedelta(hours=23))
    assert len(smtp_server.messages) == 3
    # Its seven-day reminder was sent already: not twice.
    run_at(new_start - timedelta(days=7) + timedelta(minutes=1))
    assert len(smtp_server.messages) == 3
    # The one-day reminder comes before the new start, with the new date.
    run_at(new_start - timedelta(hours=23))
    later = smtp_server.messages[3:]
    assert len(later) == 3
    english = next(m for m in later if "en@example.org" in str(m["To"]))
    assert english["Subject"] == "Reminder: Youth Dialogue, 20 June 2027"
    assert "opens in 1 day" in text_of(english)


def test_a_reminder_whose_time_passed_is_skipped_when_a_later_one_is_due(
    meeting, smtp_server
):
    # The worker was down (or reminders were turned on late): at 12 hours
    # before the start both the 7-day and the 1-day times have passed.
    run_at(START - timedelta(hours=12))
    assert len(smtp_server.messages) == 3  # one each, not two
    assert sent_offsets() == [24, 24, 24]
    assert "opens in 1 day" in text_of(received(smtp_server)["en@example.org"])
    assert "dans 1 jour" in text_of(received(smtp_server)["fr@example.org"])
    run_at(START - timedelta(hours=1))
    assert len(smtp_server.messages) == 3


def test_a_cancelled_meeting_or_reminders_turned_off_send_none(meeting, smtp_server):
    meeting.status = "cancelled"
    db.session.commit()
    run_at(START - timedelta(days=7) + timedelta(minutes=1))
    assert smtp_server.messages == []
    meeting.status = "published"
    db.session.add(ReminderSchedule(meeting_id=meeting.id, enabled=False))
    db.session.commit()
    run_at(START - timedelta(hours=23))
    assert smtp_server.messages == []
    assert sent_offsets() == []


def test_someone_who_registered_after_the_reminder_time_is_not_reminded_of_it(
    meeting, smtp_server
):
    late = make_registration(
        meeting,
        status="confirmed",
        email="late@example.org",
        created_at=START - timedelta(days=5),
    )
    db.session.commit()
    run_at(START - timedelta(days=4))  # the 7-day time passed before they came
    assert "late@example.org" not in received(smtp_server)
    assert len(smtp_server.messages) == 3
    run_at(START - timedelta(hours=23))
    assert "late@example.org" in received(smtp_server)
    assert late.id in set(db.session.scalars(sa.select(ReminderSent.registration_id)))


def test_the_same_reminder_cannot_be_recorded_twice(meeting):
    person = make_registration(meeting, status="confirmed")
    for _ in range(2):
        db.session.add(
            ReminderSent(
                registration_id=person.id, offset_hours=24, meeting_starts_at=START
            )
        )
    with pytest.raises(sa.exc.IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_offsets_are_read_and_written_as_the_form_says():
    assert reminders.parse_offsets("7d, 1d") == [168, 24]
    assert reminders.parse_offsets("2h; 3, 1d") == [72, 24, 2]
    assert reminders.format_offsets([168, 24, 2]) == "7d, 1d, 2h"
    assert reminders.parse_offsets("") == []
    for bad in ("7x", "-1", "0d", "91d", "1,2,3,4,5,6"):
        with pytest.raises(reminders.InvalidInput):
            reminders.parse_offsets(bad)
    offsets = [168, 24]
    assert reminders.due_offset(offsets, START, START - timedelta(days=8)) is None
    assert reminders.due_offset(offsets, START, START - timedelta(days=6)) == 168
    assert reminders.due_offset(offsets, START, START - timedelta(hours=2)) == 24
    assert reminders.due_offset(offsets, START, START) is None


def _manager(meeting):
    manager = make_user(email="manager@example.org")
    make_role(manager, meeting)
    db.session.commit()
    return manager


def test_the_settings_form_refuses_bad_values_and_stores_good_ones(
    meeting, client, auth
):
    _manager(meeting)
    assert auth.login("manager@example.org", PASSWORD).status_code == 302
    page = client.get(f"/manage/meetings/{meeting.slug}/messages")
    assert 'value="7d, 1d"' in page.get_data(as_text=True)
    url = f"/manage/meetings/{meeting.slug}/reminders"
    bad = client.post(
        url,
        data={
            "reminders-enabled": "y",
            "reminders-offsets": "7x",
            "reminders-invitation_alarm_minutes": "abc",
        },  # fmt: skip
    )
    assert bad.status_code == 422
    assert "Write up to 5 times" in bad.get_data(as_text=True)
    assert db.session.get(ReminderSchedule, meeting.id) is None
    good = client.post(
        url,
        data={
            "reminders-offsets": "3d, 2h",
            "reminders-invitation_alarm_minutes": "60",
            "reminders-invitation_reminder_days": "4",
            "reminders-nomination_reminder_days": "",
        },
    )
    assert good.status_code == 303
    db.session.expire_all()
    schedule = db.session.get(ReminderSchedule, meeting.id)
    assert schedule.enabled is False
    assert schedule.offsets == [72, 2]
    assert schedule.invitation_alarm_minutes == 60
    assert schedule.invitation_reminder_days == 4
    assert schedule.nomination_reminder_days is None
    history = client.get(f"/manage/meetings/{meeting.slug}/history")
    assert "Reminder settings changed" in history.get_data(as_text=True)
    settings = client.get(f"/manage/meetings/{meeting.slug}/registration-settings")
    assert f"/manage/meetings/{meeting.slug}/messages#reminders" in settings.get_data(
        as_text=True
    )


# ---------------------------------------------------------------- VALARM


def _alarms(ics_bytes) -> list:
    calendar = icalendar.Calendar.from_ical(ics_bytes)
    return [
        alarm for event in calendar.walk("VEVENT") for alarm in event.walk("VALARM")
    ]


def test_invitations_carry_the_meetings_alarm(meeting, smtp_server):
    category = make_category(meeting)
    registration_service.register(
        meeting, data=form_data(category, 1), now=datetime(2027, 1, 5, tzinfo=UTC)
    )
    db.session.add(ReminderSchedule(meeting_id=meeting.id, invitation_alarm_minutes=90))
    registration_service.register(
        meeting, data=form_data(category, 2), now=datetime(2027, 1, 5, tzinfo=UTC)
    )
    db.session.commit()
    rows = db.session.scalars(
        sa.select(OutboxEmail)
        .where(OutboxEmail.kind == "registration_confirmed")
        .order_by(OutboxEmail.id)
    ).all()
    assert len(rows) == 2
    assert _alarms(rows[0].calendar_ics.encode()) == []  # before the setting
    (alarm,) = _alarms(rows[1].calendar_ics.encode())
    assert alarm["ACTION"] == "DISPLAY"
    assert alarm["TRIGGER"].dt == -timedelta(minutes=90)
    assert "Youth Dialogue" in str(alarm["DESCRIPTION"])
    # And as the participant's mail client receives it.
    from eventsys.mail import sender

    sender.send_due(now=datetime(2027, 1, 5, 0, 1, tzinfo=UTC))
    message = received(smtp_server)["ana2@example.org"]
    parts = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    assert parts and _alarms(parts[0].get_payload(decode=True))


def test_the_private_feed_carries_the_users_alarm(meeting, client, auth):
    user = make_user(email="ana@example.org")
    make_registration(meeting, status="confirmed", email=user.email, user=user)
    db.session.commit()
    assert auth.login("ana@example.org", PASSWORD).status_code == 302
    created = client.post("/account/calendar-token")
    feed_url = re.search(r"/calendar/[^\s\"<]+\.ics", created.get_data(as_text=True))
    assert feed_url, created.get_data(as_text=True)[:500]
    path = feed_url.group(0)
    assert _alarms(client.get(path).data) == []
    first_etag = client.get(path).headers["ETag"]
    assert client.post("/account/calendar-alarm", data={"alarm-minutes": "999"})
    db.session.expire_all()
    assert db.session.get(type(user), user.id).calendar_alarm_minutes is None
    saved = client.post("/account/calendar-alarm", data={"alarm-minutes": "1440"})
    assert saved.status_code == 303
    feed = client.get(path)
    assert feed.headers["ETag"] != first_etag
    alarms = _alarms(feed.data)
    assert alarms and all(a["TRIGGER"].dt == -timedelta(days=1) for a in alarms)


# ---------------------------------------------------------------- focal points


def test_focal_points_without_members_are_reminded_before_the_deadline(
    meeting, smtp_server, client
):
    meeting.registration_closes_at = START - timedelta(days=10)
    deadline = meeting.registration_closes_at
    created = datetime(2027, 1, 1, tzinfo=UTC)
    empty = Delegation(meeting=meeting, represents="Ecuador", status="invited",
                       focal_point_email="fp-ec@example.org", created_at=created)  # fmt: skip
    staffed = Delegation(meeting=meeting, represents="Ghana", status="nominated",
                         focal_point_email="fp-gh@example.org", created_at=created)  # fmt: skip
    db.session.add_all([empty, staffed])
    db.session.flush()
    make_registration(meeting, status="pending", delegation_id=staffed.id)
    db.session.commit()

    run_at(deadline - timedelta(days=3, minutes=1))
    assert [m for m in smtp_server.messages if "fp-" in str(m["To"])] == []
    run_at(deadline - timedelta(days=3) + timedelta(minutes=1))
    run_at(deadline - timedelta(days=2))
    focal = [m for m in smtp_server.messages if "fp-" in str(m["To"])]
    assert [str(m["To"]) for m in focal] == ["fp-ec@example.org"]
    body = text_of(focal[0])
    assert "The delegation of Ecuador" in body and "has no member yet" in body
    link = re.search(rf"{BASE}(/delegations/{links.LINK_TEXT})", body).group(1)
    assert client.get(link).status_code == 200
    assert focal[0]["Subject"] == "Reminder: nominate your delegation to Youth Dialogue"


# ---------------------------------------------------------------- invitations


def _invitation(meeting, manager, *, sent_at, expires_at, email="inv@example.org"):
    category = make_category(meeting, key=f"expert{email[:3]}", access="invitation")
    invitation = invitations.create_invitation(
        meeting,
        data={"email": email, "category": category.key, "given_name": "Ana"},
        actor=manager,
        now=sent_at,
    )
    invitations.send_invitation(invitation, actor=manager, now=sent_at)
    invitation.expires_at = expires_at
    db.session.commit()
    return invitation


def _invitation_mail(smtp_server, email="inv@example.org"):
    return [m for m in smtp_server.messages if email in str(m["To"])]


def test_one_automatic_invitation_reminder_before_expiry_when_set(
    meeting, smtp_server, client, auth
):
    manager = _manager(meeting)
    sent = datetime(2027, 3, 1, tzinfo=UTC)
    expires = datetime(2027, 3, 20, tzinfo=UTC)
    invitation = _invitation(meeting, manager, sent_at=sent, expires_at=expires)
    run_at(sent + timedelta(minutes=1))
    assert len(_invitation_mail(smtp_server)) == 1  # the invitation itself

    # Off by default: nothing at the time a reminder would go.
    run_at(expires - timedelta(days=2))
    assert len(_invitation_mail(smtp_server)) == 1
    db.session.add(ReminderSchedule(meeting_id=meeting.id, invitation_reminder_days=3))
    db.session.commit()
    run_at(expires - timedelta(days=3, minutes=1) - timedelta(days=1))
    assert len(_invitation_mail(smtp_server)) == 1
    run_at(expires - timedelta(days=2, hours=23))
    run_at(expires - timedelta(days=1))
    mail = _invitation_mail(smtp_server)
    assert len(mail) == 2  # one automatic reminder, once
    db.session.expire_all()
    assert invitation.auto_reminded_at is not None
    link = re.search(rf"{BASE}(/invitations/[\w-]+)", text_of(mail[1])).group(1)
    assert client.get(link).status_code == 200

    # The Remind button still sends, through the same service.
    assert auth.login("manager@example.org", PASSWORD).status_code == 302
    client.post(f"/manage/meetings/{meeting.slug}/invitations/remind")
    run_at(datetime.now(UTC) + timedelta(minutes=1))
    assert len(_invitation_mail(smtp_server)) == 3


def test_no_automatic_reminder_after_a_reminder_by_hand_or_an_answer(
    meeting, smtp_server
):
    manager = _manager(meeting)
    db.session.add(ReminderSchedule(meeting_id=meeting.id, invitation_reminder_days=3))
    sent = datetime(2027, 3, 1, tzinfo=UTC)
    expires = datetime(2027, 3, 20, tzinfo=UTC)
    reminded = _invitation(meeting, manager, sent_at=sent, expires_at=expires)
    # Reminded by hand inside the reminder's window: enough.
    invitations.send_invitation(
        reminded, actor=manager, now=expires - timedelta(days=3, hours=-1)
    )
    declined = _invitation(
        meeting, manager, sent_at=sent, expires_at=expires, email="no@example.org"
    )
    declined.status = "declined"
    db.session.commit()
    assert invitations.send_automatic_reminders(now=expires - timedelta(days=1)) == 0


# ---------------------------------------------------------------- PostgreSQL


def test_on_postgresql_reminders_go_once_and_the_constraints_hold(pg_app):
    meeting = make_meeting(starts_at=START)
    first = make_registration(meeting, status="confirmed", email="a@example.org")
    make_registration(meeting, status="confirmed", email="b@example.org")
    db.session.commit()
    clock = START - timedelta(hours=20)
    assert reminders.send_due_reminders(now=clock) == 2
    assert reminders.send_due_reminders(now=clock + timedelta(minutes=1)) == 0
    assert sent_offsets() == [24, 24]
    kinds = db.session.scalars(sa.select(OutboxEmail.kind)).all()
    assert kinds == ["reminder", "reminder"]
    db.session.add(
        ReminderSent(registration_id=first.id, offset_hours=24, meeting_starts_at=START)
    )
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()
    # A row must name exactly one recipient.
    db.session.add(ReminderSent(offset_hours=24, meeting_starts_at=START))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()
