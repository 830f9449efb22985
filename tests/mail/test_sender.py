"""The outbox sender against a real SMTP server (aiosmtpd)."""

import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa

from eventsys import create_app
from eventsys.extensions import db as _db
from eventsys.mail import sender
from eventsys.mail.models import PRIORITY_BULK
from eventsys.mail.models import OutboxEmail
from eventsys.mail.service import enqueue
from tests.conftest import base_config
from tests.conftest import requires_postgres

ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nMETHOD:REQUEST\r\n"
    "BEGIN:VEVENT\r\nUID:meeting-1@events.test\r\nDTSTAMP:20270101T000000Z\r\n"
    "DTSTART:20270601T070000Z\r\nDTEND:20270601T160000Z\r\nSUMMARY:Réunion\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
)


@pytest.fixture
def mail_app(app, smtp_server):
    smtp_server.configure(app)
    app.config["MAIL_DEFAULT_SENDER"] = "IOM Dialogue <no-reply@events.test>"
    app.config["MAIL_RATE_PER_MINUTE"] = 100
    return app


def _enqueue(n=1, now=None, **kw):
    rows = []
    for i in range(n):
        values = {
            "to": f"p{i}@example.org",
            "subject": f"Hello {i}",
            "body_text": "Text",
            "body_html": "<p>HTML</p>",
        }
        values.update(kw)
        rows.append(
            enqueue(
                values.pop("to"),
                values.pop("subject"),
                values.pop("body_text"),
                values.pop("body_html"),
                now=now,
                **values,
            )
        )
    _db.session.commit()
    return rows


def test_delivers_with_headers_and_alternatives(mail_app, smtp_server, now):
    (row,) = _enqueue(
        to="elise@example.org", to_name="Élise Dupont", reply_to="sec@iom.test", now=now
    )
    report = sender.send_due(now=now)
    assert (report.sent, report.retrying, report.failed) == (1, 0, 0)
    (message,) = smtp_server.messages
    assert message["From"].addresses[0].addr_spec == "no-reply@events.test"
    assert message["To"].addresses[0].display_name == "Élise Dupont"
    assert message["To"].addresses[0].addr_spec == "elise@example.org"
    assert message["Reply-To"].addresses[0].addr_spec == "sec@iom.test"
    assert message["Message-ID"] == row.message_id
    assert message["Subject"] == "Hello 0"
    assert message["Date"].datetime == now
    assert message.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in message.iter_parts()] == [
        "text/plain",
        "text/html",
    ]
    assert smtp_server.envelopes == [("no-reply@events.test", ["elise@example.org"])]
    _db.session.refresh(row)
    assert (row.status, row.attempts, row.sent_at) == ("sent", 1, now)


def test_invitation_mime_structure(mail_app, smtp_server, now):
    _enqueue(to="a@example.org", calendar_ics=ICS, calendar_method="REQUEST", now=now)
    sender.send_due(now=now)
    (message,) = smtp_server.messages
    assert message.get_content_type() == "multipart/mixed"
    alternative, attachment = list(message.iter_parts())
    assert alternative.get_content_type() == "multipart/alternative"
    parts = list(alternative.iter_parts())
    assert [p.get_content_type() for p in parts] == [
        "text/plain",
        "text/html",
        "text/calendar",
    ]
    calendar = parts[2]
    assert calendar.get_param("method") == "REQUEST"
    assert calendar.get_content_charset() == "utf-8"
    assert "METHOD:REQUEST" in calendar.get_content()
    assert "Réunion" in calendar.get_content()
    assert attachment.get_filename() == "invite.ics"
    assert attachment.get_content_type() in ("application/ics", "text/calendar")
    assert b"UID:meeting-1@events.test" in attachment.get_content()


def test_refused_mail_is_retried_with_backoff_then_sent_with_same_message_id(
    mail_app, smtp_server, now
):
    (row,) = _enqueue(now=now)
    smtp_server.refuse = "451 4.3.0 Mailbox busy, try later"
    report = sender.send_due(now=now)
    assert (report.sent, report.retrying) == (0, 1)
    _db.session.refresh(row)
    assert (row.status, row.attempts) == ("pending", 1)
    assert row.next_try_at == now + timedelta(minutes=1)
    assert "451" in row.last_error
    assert sender.send_due(now=now + timedelta(seconds=30)).sent == 0  # not due yet
    smtp_server.refuse = ""
    assert sender.send_due(now=now + timedelta(minutes=1)).sent == 1
    (message,) = smtp_server.messages
    assert message["Message-ID"] == row.message_id


def test_backoff_grows_and_fails_after_max_attempts_without_deleting(
    mail_app, smtp_server, now
):
    (row,) = _enqueue(now=now)
    smtp_server.refuse = "451 4.3.0 try later"
    moment, waits = now, []
    for _ in range(sender.MAX_ATTEMPTS):
        sender.send_due(now=moment)
        _db.session.refresh(row)
        if row.status == "pending":
            waits.append(row.next_try_at - moment)
            moment = row.next_try_at
    assert waits[:4] == [timedelta(minutes=m) for m in (1, 5, 15, 60)]
    assert waits == sorted(waits)
    assert (row.status, row.attempts) == ("failed", sender.MAX_ATTEMPTS)
    assert _db.session.get(OutboxEmail, row.id) is not None
    assert sender.send_due(now=moment + timedelta(days=2)).sent == 0


def test_transactional_mail_goes_before_bulk(mail_app, smtp_server, now):
    _enqueue(2, now=now - timedelta(minutes=5), subject="bulk", priority=PRIORITY_BULK)
    _enqueue(2, now=now, subject="transactional")
    app = mail_app
    app.config["MAIL_RATE_PER_MINUTE"] = 3
    sender.send_due(now=now)
    assert [str(m["Subject"]) for m in smtp_server.messages] == [
        "transactional",
        "transactional",
        "bulk",
    ]


def test_rate_limit_per_minute(mail_app, smtp_server, now):
    mail_app.config["MAIL_RATE_PER_MINUTE"] = 3
    _enqueue(5, now=now)
    report = sender.send_due(now=now)
    assert report.sent == 3 and report.rate_limited
    assert sender.send_due(now=now + timedelta(seconds=30)).sent == 0
    assert sender.send_due(now=now + timedelta(seconds=61)).sent == 2
    assert len(smtp_server.messages) == 5


def test_without_mail_server_mail_stays_in_outbox(app, now):
    app.config["MAIL_SERVER"] = ""
    (row,) = _enqueue(now=now)
    report = sender.send_due(now=now)
    assert report.no_server and report.sent == 0
    _db.session.refresh(row)
    assert row.status == "pending" and row.attempts == 0


def test_header_injection_is_neutralised(mail_app, smtp_server, now):
    _enqueue(
        to="eve@example.org",
        to_name="Eve\r\nBcc: victim@example.org",
        subject="Hi\r\nBcc: victim@example.org",
        now=now,
    )
    assert sender.send_due(now=now).sent == 1
    (message,) = smtp_server.messages
    assert message["Bcc"] is None
    assert "\n" not in str(message["Subject"]) and "\n" not in str(message["To"])
    assert smtp_server.envelopes[0][1] == ["eve@example.org"]


def test_address_with_line_break_is_failed_not_sent(mail_app, smtp_server, now):
    (row,) = _enqueue(to="eve@example.org\r\nBcc: victim@example.org", now=now)
    report = sender.send_due(now=now)
    assert report.failed == 1 and smtp_server.messages == []
    _db.session.refresh(row)
    assert row.status == "failed" and "cannot build" in row.last_error


def test_stale_claims_are_reclaimed(mail_app, smtp_server, now):
    (row,) = _enqueue(now=now)
    row.status, row.claimed_by, row.claimed_at = (
        "sending",
        "dead-worker",
        now - timedelta(minutes=11),
    )
    fresh = _enqueue(now=now)[0]
    fresh.status, fresh.claimed_by, fresh.claimed_at = (
        "sending",
        "busy-worker",
        now - timedelta(minutes=2),
    )
    _db.session.commit()
    report = sender.send_due(now=now)
    assert report.reclaimed == 1 and report.sent == 1
    _db.session.refresh(fresh)
    assert fresh.status == "sending"


def test_a_claimed_row_cannot_be_claimed_again(mail_app, now):
    (row,) = _enqueue(now=now)
    assert sender._claim_one(row.id, "worker-a", now) is True
    assert sender._claim_one(row.id, "worker-b", now) is False
    _db.session.commit()
    _db.session.refresh(row)
    assert row.claimed_by == "worker-a"


def test_two_workers_never_send_the_same_row(tmp_path, smtp_server, now):
    """Two workers on a file-backed SQLite database, sending concurrently."""
    config = base_config(
        tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'mail.db'}"
    )
    app = create_app(config)
    smtp_server.configure(app)
    app.config["MAIL_RATE_PER_MINUTE"] = 0  # no limit
    with app.app_context():
        _db.create_all()
        _enqueue(60, now=now)
        _db.session.remove()
    start = threading.Barrier(2)
    reports = {}

    def work(name):
        with app.app_context():
            start.wait()
            reports[name] = sender.send_due(now=now, worker=name)
            _db.session.remove()

    threads = [
        threading.Thread(target=work, args=(name,)) for name in ("worker-a", "worker-b")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    ids = [str(m["Message-ID"]) for m in smtp_server.messages]
    assert len(ids) == 60 and len(set(ids)) == 60
    assert reports["worker-a"].sent + reports["worker-b"].sent == 60
    with app.app_context():
        counts = dict(
            _db.session.execute(
                sa.select(OutboxEmail.claimed_by, sa.func.count()).group_by(
                    OutboxEmail.claimed_by
                )
            ).all()
        )
        statuses = set(_db.session.scalars(sa.select(OutboxEmail.status)))
        _db.session.remove()
        _db.drop_all()
        _db.engine.dispose()
    assert statuses == {"sent"}
    assert sum(counts.values()) == 60


def test_cli_send_prints_counts(mail_app, runner, now):
    _enqueue(2)
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output
    assert "sent 2" in result.output


def test_cli_worker_once_sends_and_stops(mail_app, runner, smtp_server):
    _enqueue(1)
    result = runner.invoke(args=["mail", "worker", "--once"])
    assert result.exit_code == 0, result.output
    assert "stopped" in result.output
    assert len(smtp_server.messages) == 1


@requires_postgres
def test_two_workers_on_postgresql_never_send_the_same_row(pg_app, smtp_server, now):
    """FOR UPDATE SKIP LOCKED + the conditional UPDATE, on real PostgreSQL connections."""
    smtp_server.configure(pg_app)
    pg_app.config["MAIL_RATE_PER_MINUTE"] = 0
    _enqueue(60, now=now)
    _db.session.remove()
    start = threading.Barrier(3)
    reports = {}

    def work(name):
        with pg_app.app_context():
            start.wait()
            reports[name] = sender.send_due(now=now, worker=name)
            _db.session.remove()

    threads = [threading.Thread(target=work, args=(f"worker-{n}",)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    ids = [str(m["Message-ID"]) for m in smtp_server.messages]
    assert len(ids) == 60 and len(set(ids)) == 60
    assert sum(r.sent for r in reports.values()) == 60
    assert set(_db.session.scalars(sa.select(OutboxEmail.status))) == {"sent"}


def test_unreachable_server_costs_one_attempt_and_keeps_the_rest_queued(mail_app, now):
    from tests.smtp import free_port

    mail_app.config["MAIL_PORT"] = free_port()  # nothing listens there
    rows = _enqueue(3, now=now)
    report = sender.send_due(now=now)
    assert (report.sent, report.retrying) == (0, 1)
    for row in rows:
        _db.session.refresh(row)
    assert [r.attempts for r in rows] == [1, 0, 0]
    assert {r.status for r in rows} == {"pending"}
    assert all(r.claimed_by == "" for r in rows)
