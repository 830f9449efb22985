"""iTIP invitations: contents, the download, MIME through SMTP, batched updates."""

from datetime import datetime
from datetime import timedelta
from datetime import timezone

import icalendar
import pytest
import sqlalchemy as sa

from eventsys.calendar.invitations import build_invitation
from eventsys.calendar.service import send_due_invitation_updates
from eventsys.extensions import db
from eventsys.mail import sender
from eventsys.mail.models import PRIORITY_BULK
from eventsys.mail.models import OutboxEmail
from eventsys.mail.service import enqueue
from eventsys.meetings import service as meetings_service
from eventsys.meetings.service import MEETING_FIELDS
from eventsys.registration import service as registration_service
from tests import factories as f
from tests.calendar.ical import parse
from tests.calendar.ical import unfolded

SECRET = "https://meet.example/secret-room"


def UTC(*args):
    return datetime(*args, tzinfo=timezone.utc)


@pytest.fixture
def meeting(app):
    meeting = f.make_meeting(slug="csc", title={"en": "Civil society consultation"}, format="hybrid",
                             online_url=SECRET, timezone="America/New_York", starts_at=UTC(2027, 3, 10, 13),
                             venue="UN HQ", city="New York", contact_email="csc@iom.test")  # fmt: skip
    db.session.commit()
    return meeting


def invite(registration, method="REQUEST"):
    return build_invitation(
        registration, method, uid_domain="events.test", base_url="http://events.test"
    )


def the_event(data):
    calendar, vcal = parse(data)
    (event,) = calendar.walk("VEVENT")
    return calendar, event, vcal.vevent


def test_request_invitation(meeting):
    registration = f.make_registration(meeting, status="confirmed", title="Dr", given_name="Ana",
                                       family_name="Silva", email="ana@example.org", invite_sequence=3)  # fmt: skip
    calendar, event, vevent = the_event(invite(registration))
    assert calendar["METHOD"] == "REQUEST" and "METHOD" not in event
    assert event["UID"] == f"meeting-{meeting.id}@events.test" == vevent.uid.value
    assert event["SEQUENCE"] == 3
    assert event["STATUS"] == "CONFIRMED"
    assert event.to_ical().count(b"Z\r\n") >= 3  # DTSTAMP, DTSTART, DTEND in UTC
    assert event.decoded("DTSTART") == UTC(2027, 3, 10, 13) == vevent.dtstart.value
    assert event.decoded("DTEND") == UTC(2027, 3, 10, 22)
    organizer = event["ORGANIZER"]
    assert str(organizer) == "mailto:csc@iom.test" and organizer.params["CN"]
    attendee = event["ATTENDEE"]
    assert str(attendee) == "mailto:ana@example.org"
    assert attendee.params["CN"] == "Dr Ana SILVA"
    assert (attendee.params["ROLE"], attendee.params["PARTSTAT"], attendee.params["RSVP"]) == (
        "REQ-PARTICIPANT", "NEEDS-ACTION", "TRUE")  # fmt: skip
    assert vevent.attendee.params["PARTSTAT"] == ["NEEDS-ACTION"]
    assert invite(registration) == invite(registration)  # same inputs, same bytes


def test_cancel_invitation(meeting):
    registration = f.make_registration(meeting, status="cancelled", invite_sequence=4)
    calendar, event, vevent = the_event(invite(registration, "CANCEL"))
    assert calendar["METHOD"] == "CANCEL"
    assert event["STATUS"] == "CANCELLED" == vevent.status.value
    assert (
        event["UID"] == f"meeting-{meeting.id}@events.test" and event["SEQUENCE"] == 4
    )
    with pytest.raises(ValueError):
        invite(registration, "PUBLISH")


def test_online_link_only_in_a_confirmed_online_participants_invitation(meeting):
    online = f.make_registration(meeting, status="confirmed", attendance="online")
    in_person = f.make_registration(meeting, status="confirmed", attendance="in_person")
    assert SECRET.encode() in unfolded(invite(online))
    _, event, _ = the_event(invite(online))
    assert str(event["CONFERENCE"]) == SECRET
    assert SECRET.encode() not in unfolded(invite(in_person))
    assert SECRET.encode() not in unfolded(invite(online, "CANCEL"))
    meeting.format = "virtual"
    assert SECRET.encode() in unfolded(invite(in_person))


def test_download_invite(client, meeting):
    confirmed = f.make_registration(meeting, status="confirmed")
    cancelled = f.make_registration(meeting, status="cancelled")
    pending = f.make_registration(meeting, status="pending")
    db.session.commit()
    response = client.get(f"/registrations/{confirmed.plain_token}/invite.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/calendar")
    assert "method=REQUEST" in response.headers["Content-Type"]
    assert response.headers["Referrer-Policy"] == "no-referrer"
    calendar, event, _ = the_event(response.data)
    assert calendar["METHOD"] == "REQUEST"
    gone = client.get(f"/registrations/{cancelled.plain_token}/invite.ics")
    assert icalendar.Calendar.from_ical(gone.data)["METHOD"] == "CANCEL"
    assert (
        client.get(f"/registrations/{pending.plain_token}/invite.ics").status_code
        == 404
    )
    assert client.get("/registrations/unknown-token/invite.ics").status_code == 404


@pytest.mark.parametrize("method", ["REQUEST", "CANCEL"])
def test_invitation_mime_through_smtp(app, smtp_server, meeting, method):
    smtp_server.configure(app)
    registration = f.make_registration(
        meeting, status="confirmed", email="ana@example.org", given_name="Ana"
    )
    enqueue(registration.email, "Your invitation", "See attached", "<p>See attached</p>",
            to_name=registration.display_name, calendar_ics=invite(registration, method),
            calendar_method=method)  # fmt: skip
    db.session.commit()
    assert sender.send_due().sent == 1
    (message,) = smtp_server.messages
    assert message.get_content_type() == "multipart/mixed"
    alternative, attachment = message.iter_parts()
    kinds = [p.get_content_type() for p in alternative.iter_parts()]
    assert kinds == ["text/plain", "text/html", "text/calendar"]
    part = list(alternative.iter_parts())[2]
    inline = icalendar.Calendar.from_ical(part.get_content())
    assert part.get_param("method") == inline["METHOD"] == method
    assert part.get_content_charset() == "utf-8"
    assert attachment.get_filename() == "invite.ics"
    attached, _ = parse(attachment.get_content())
    assert attached["METHOD"] == method
    assert attached.walk("VEVENT")[0]["UID"] == f"meeting-{meeting.id}@events.test"


# ---------------------------------------------------------------- batched updates


def _data(meeting, **changes) -> dict:
    data = {name: getattr(meeting, name) for name in MEETING_FIELDS}
    data.update(changes)
    return data


@pytest.fixture
def participants(meeting):
    admin = f.make_user(is_admin=True)
    people = [
        f.make_registration(meeting, status="confirmed", invite_sequence=1)
        for _ in range(2)
    ]
    f.make_registration(meeting, status="pending")
    f.make_registration(meeting, status="cancelled")
    db.session.commit()
    return admin, people


def _updates(now):
    count = send_due_invitation_updates(
        now=now, uid_domain="events.test", base_url="http://events.test"
    )
    db.session.commit()
    return count


def _outbox():
    return db.session.scalars(sa.select(OutboxEmail).order_by(OutboxEmail.id)).all()


def test_two_edits_send_one_update_per_participant(meeting, participants, now):
    admin, people = participants
    meetings_service.update_meeting(
        meeting, actor=admin, data=_data(meeting, venue="ECOSOC Chamber"), now=now
    )
    later = now + timedelta(minutes=2)
    moved = _data(
        meeting,
        starts_at=meeting.starts_at + timedelta(hours=1),
        ends_at=meeting.ends_at + timedelta(hours=1),
    )
    meetings_service.update_meeting(meeting, actor=admin, data=moved, now=later)
    db.session.commit()
    assert _updates(now + timedelta(minutes=3)) == 0  # still inside the delay
    assert _updates(now + timedelta(minutes=10)) == 2
    rows = _outbox()
    assert len(rows) == 2 and {r.to_addr for r in rows} == {p.email for p in people}
    assert all(
        r.priority == PRIORITY_BULK and r.calendar_method == "REQUEST" for r in rows
    )
    for row, person in zip(rows, people, strict=False):
        calendar, event, _ = the_event(row.calendar_ics.encode())
        assert event["SEQUENCE"] == 2 == person.invite_sequence
        assert event.decoded("DTSTART") == UTC(2027, 3, 10, 14)
        assert "ECOSOC Chamber" in event["LOCATION"]
        assert row.subject.startswith("Updated:")
    assert meeting.invites_due_at is None
    assert _updates(now + timedelta(minutes=20)) == 0


def test_edit_of_other_fields_sends_nothing(meeting, participants, now):
    admin, _ = participants
    changed = _data(
        meeting, title={"en": "A better title"}, description={"en": "More words"}
    )
    meetings_service.update_meeting(meeting, actor=admin, data=changed, now=now)
    db.session.commit()
    assert meeting.invites_due_at is None
    assert _updates(now + timedelta(hours=1)) == 0 and _outbox() == []


def test_cancelled_meeting_sends_cancel_through_smtp(
    app, smtp_server, meeting, participants, now
):
    smtp_server.configure(app)
    admin, people = participants
    meetings_service.cancel_meeting(
        meeting, actor=admin, reason="Postponed to next year", now=now
    )
    db.session.commit()
    assert _updates(now) == 2
    assert sender.send_due(now=now).sent == 2
    assert {str(m["To"].addresses[0].addr_spec) for m in smtp_server.messages} == {
        p.email for p in people
    }
    for message in smtp_server.messages:
        assert str(message["Subject"]).startswith("Cancelled:")
        part = message.get_body(preferencelist=("calendar",))
        calendar = icalendar.Calendar.from_ical(part.get_content())
        assert part.get_param("method") == calendar["METHOD"] == "CANCEL"
        assert calendar.walk("VEVENT")[0]["STATUS"] == "CANCELLED"
        assert (
            "Postponed to next year"
            in message.get_body(preferencelist=("plain",)).get_content()
        )


def test_worker_round_sends_due_updates(
    app, runner, smtp_server, meeting, participants
):
    smtp_server.configure(app)
    meeting.invites_due_at = datetime.now(timezone.utc) - timedelta(minutes=1)
    db.session.commit()
    result = runner.invoke(args=["mail", "worker", "--once"])
    assert result.exit_code == 0, result.output
    assert len(smtp_server.messages) == 2
    part = smtp_server.messages[0].get_body(preferencelist=("calendar",))
    assert part.get_param("method") == "REQUEST"


def test_building_never_raises_a_sequence_sending_raises_it_once(app, meeting):
    registration = f.make_registration(meeting, status="pending", invite_sequence=3)
    db.session.commit()
    first = invite(registration)
    assert invite(registration) == first and registration.invite_sequence == 3
    assert not db.session.dirty
    registration_service.approve(
        registration, actor=f.make_user(is_admin=True), now=UTC(2026, 12, 1, 9)
    )
    assert registration.invite_sequence == 4
    (email,) = [
        e
        for e in db.session.scalars(sa.select(OutboxEmail))
        if e.to_addr == registration.email
    ]
    assert "SEQUENCE:4" in email.calendar_ics
