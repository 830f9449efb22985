"""Change emails say what changed (agenda/changes.py), batched, through real SMTP."""

from datetime import timedelta

import icalendar
import pytest
import sqlalchemy as sa

from eventsys import jobs
from eventsys.agenda import releases
from eventsys.agenda import service
from eventsys.extensions import db
from eventsys.mail.models import OutboxEmail
from eventsys.meetings import service as meetings_service
from tests import factories as f
from tests.agenda.test_releases import START
from tests.agenda.test_releases import _data
from tests.agenda.test_releases import agenda  # noqa: F401  (fixture)

LATER = timedelta(minutes=10)


@pytest.fixture
def people(agenda):
    found = {
        language: f.make_registration(
            agenda["meeting"],
            status="confirmed",
            language=language,
            invite_sequence=1,
            email=f"{language}@example.org",
        )  # fmt: skip
        for language in ("en", "fr", "es")
    }
    f.make_registration(agenda["meeting"], status="pending", email="no@example.org")
    db.session.commit()
    return found


def _cancel_and_move(a, now):
    service.set_session_status(a["panel"], "cancelled", actor=a["manager"], now=now)
    opening = a["opening"]
    service.update_session(opening, actor=a["manager"], now=now + timedelta(minutes=1),
                           data=_data(opening,
                                      starts_at=opening.starts_at + timedelta(minutes=30),
                                      ends_at=opening.ends_at + timedelta(minutes=30)))  # fmt: skip
    db.session.commit()


def _text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def _html(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def _by_recipient(smtp_server) -> dict:
    return {m["To"].addresses[0].addr_spec: m for m in smtp_server.messages}


def test_change_email_names_the_cancelled_session_and_the_moved_time(
    app, smtp_server, agenda, people, now
):
    smtp_server.configure(app)
    _cancel_and_move(agenda, now)
    jobs.run_due(now=now + timedelta(minutes=2), worker="test")
    assert smtp_server.messages == []  # within the batching delay
    jobs.run_due(now=now + LATER, worker="test")
    mail = _by_recipient(smtp_server)
    assert set(mail) == {"en@example.org", "fr@example.org", "es@example.org"}
    english, french, spanish = (
        _text(mail[f"{c}@example.org"]) for c in ("en", "fr", "es")
    )
    assert "- Panel 2: Financing adaptation is cancelled" in english
    assert "- Opening session now starts at 10:30 (was 10:00)" in english
    assert "Table ronde 2 : financer l'adaptation : séance annulée" in french
    assert "Séance d'ouverture" in french and "10:30" in french and "10:00" in french
    assert "Panel 2: Financiar la adaptación: sesión cancelada" in spanish
    assert "Sesión de apertura" in spanish and "10:30" in spanish
    html = _html(mail["en@example.org"])
    assert "<li>Panel 2: Financing adaptation is cancelled</li>" in html
    part = mail["en@example.org"].get_body(preferencelist=("calendar",))
    calendar = icalendar.Calendar.from_ical(part.get_content())
    assert part.get_param("method") == calendar["METHOD"] == "REQUEST"
    assert calendar.walk("VEVENT")[0]["SEQUENCE"] == 2 == people["en"].invite_sequence


def test_several_edits_go_out_as_one_email_each(app, smtp_server, agenda, people, now):
    smtp_server.configure(app)
    _cancel_and_move(agenda, now)
    closing = agenda["closing"]
    service.update_session(closing, actor=agenda["manager"], now=now + timedelta(minutes=2),
                           data=_data(closing, room_id=agenda["room_b"].id))  # fmt: skip
    meeting = agenda["meeting"]
    data = {n: getattr(meeting, n) for n in meetings_service.MEETING_FIELDS}
    meetings_service.update_meeting(meeting, actor=agenda["manager"],
                                    data={**data, "venue": "Room XVIII"},
                                    now=now + timedelta(minutes=3))  # fmt: skip
    db.session.commit()
    jobs.run_due(now=now + LATER, worker="test")
    assert len(smtp_server.messages) == 3
    english = _text(_by_recipient(smtp_server)["en@example.org"])
    lines = [line for line in english.splitlines() if line.startswith("- ")]
    assert lines == [
        "- Venue: Room XVIII, Geneva (was Room XVII, Geneva)",
        "- Opening session now starts at 10:30 (was 10:00)",
        "- Panel 2: Financing adaptation is cancelled",
        "- Closing: now in Room B",
    ]
    jobs.run_due(now=now + 2 * LATER, worker="test")
    assert len(smtp_server.messages) == 3  # nothing new: nothing sent again
    service.update_session(closing, actor=agenda["manager"], now=now + 2 * LATER,
                           data=_data(closing, title={"en": "Closing plenary"}))  # fmt: skip
    db.session.commit()
    jobs.run_due(now=now + 4 * LATER, worker="test")
    english = _text(_by_recipient(smtp_server)["en@example.org"])
    assert "- Closing is now called Closing plenary" in english
    assert "Panel 2" not in english  # only what changed since the last email


def test_an_edit_undone_sends_nothing(app, agenda, people, now):
    panel = agenda["panel"]
    service.set_session_status(panel, "cancelled", actor=agenda["manager"], now=now)
    service.set_session_status(panel, "scheduled", actor=agenda["manager"], now=now)
    db.session.commit()
    jobs.run_due(now=now + LATER, worker="test")
    assert db.session.scalar(sa.select(sa.func.count(OutboxEmail.id))) == 0
    assert agenda["meeting"].invites_due_at is None


def test_with_releases_emails_follow_releases(app, smtp_server, agenda, people, now):
    smtp_server.configure(app)
    meeting, manager = agenda["meeting"], agenda["manager"]
    releases.set_visibility(meeting, "released", actor=manager, now=now)
    releases.release_agenda(
        meeting, actor=manager, label="Provisional programme", now=now
    )
    db.session.commit()
    jobs.run_due(now=now, worker="test")
    smtp_server.messages.clear()
    _cancel_and_move(agenda, now)
    jobs.run_due(now=now + LATER, worker="test")
    assert smtp_server.messages == []  # edits of the working agenda are not told
    releases.release_agenda(meeting, actor=manager, label="Final programme",
                            now=now + LATER)  # fmt: skip
    db.session.commit()
    jobs.run_due(now=now + LATER, worker="test")  # the same round: at once
    assert len(smtp_server.messages) == 3
    english = _text(_by_recipient(smtp_server)["en@example.org"])
    assert "- Panel 2: Financing adaptation is cancelled" in english
    assert "- Opening session now starts at 10:30 (was 10:00)" in english


def test_first_release_lists_the_sessions_as_new(app, agenda, people, now):
    meeting, manager = agenda["meeting"], agenda["manager"]
    releases.set_visibility(meeting, "released", actor=manager, now=now)
    releases.release_agenda(
        meeting, actor=manager, label="Provisional programme", now=now
    )
    db.session.commit()
    jobs.run_due(now=now, worker="test")
    row = db.session.scalars(
        sa.select(OutboxEmail).where(OutboxEmail.to_addr == "en@example.org")
    ).first()
    assert (
        "- New session: Opening session, 11 March 2027, 10:00\u201311:00"
        in row.body_text
    )
    assert START.year == 2027


def test_meeting_cancellation_is_emailed_at_once(app, agenda, people, now):
    _cancel_and_move(agenda, now)
    meetings_service.cancel_meeting(agenda["meeting"], actor=agenda["manager"],
                                    reason="Postponed", now=now)  # fmt: skip
    db.session.commit()
    jobs.run_due(now=now, worker="test")
    rows = db.session.scalars(sa.select(OutboxEmail)).all()
    assert len(rows) == 3 and all(r.calendar_method == "CANCEL" for r in rows)
