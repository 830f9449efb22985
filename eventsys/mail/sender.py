"""Delivering the outbox over SMTP: claim due rows, build each message, send, record.

This is a job, not a service: it commits, once per claim and once per result,
so a claim is visible to other workers before anything is sent and a sent row
is never sent again. Delivery is at least once: a crash between the SMTP
answer and the commit leaves a 'sending' row that is reclaimed later and sent
again with the same Message-ID, which receiving servers use to drop duplicates.
"""

import logging
import os
import secrets
import smtplib
import socket
import ssl
from dataclasses import dataclass
from datetime import datetime
from datetime import timedelta
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from email.utils import getaddresses

import sqlalchemy as sa
from flask import current_app

from eventsys import faults
from eventsys.extensions import db
from eventsys.mail.models import OutboxEmail
from eventsys.mail.service import anonymise
from eventsys.models import utcnow
from eventsys.text import single_line

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 10
# Minutes to wait after the 1st, 2nd, ... failure; the last value repeats.
BACKOFF_MINUTES = (1, 5, 15, 60, 120, 240, 480, 720)
STALE_CLAIM = timedelta(minutes=10)
CLAIM_BATCH = 20
# A server that answers after the timeout is paused (for this worker), first
# for SLOW_PAUSE, doubling up to SLOW_PAUSE_MAX, so one slow server costs one
# message's timeout per pause instead of a timeout for every queued message.
SLOW_PAUSE = timedelta(seconds=30)
SLOW_PAUSE_MAX = timedelta(minutes=10)
_paused: dict[str, tuple[datetime, timedelta]] = {}  # "host:port" -> (until, pause)
_warned_no_server = False
# Headers build_message sets itself: a row's `headers` never overrides them.
RESERVED_HEADERS = frozenset(
    {"from", "to", "reply-to", "subject", "date", "message-id", "auto-submitted"}
)


@dataclass
class SendReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    reclaimed: int = 0
    rate_limited: bool = False
    no_server: bool = False
    paused_until: datetime | None = None

    def __str__(self) -> str:
        text = f"sent {self.sent}, retrying {self.retrying}, failed {self.failed}"
        if self.reclaimed:
            text += f", reclaimed {self.reclaimed} stale"
        if self.rate_limited:
            text += " (rate limit reached)"
        if self.no_server:
            text += " (MAIL_SERVER is not set: mail stays in the outbox)"
        if self.paused_until:
            text += f" (server slow: paused until {self.paused_until:%H:%M:%S} UTC)"
        return text


def new_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"[:100]


def backoff(attempts: int) -> timedelta:
    """Wait before the next try, after `attempts` failed ones (capped)."""
    index = min(max(attempts, 1), len(BACKOFF_MINUTES)) - 1
    return timedelta(minutes=BACKOFF_MINUTES[index])


def send_due(*, now: datetime | None = None, worker: str | None = None) -> SendReport:
    """Send every due row the rate limit allows; commits as it goes."""
    now = now or utcnow()
    worker = worker or new_worker_id()
    report = SendReport(reclaimed=reclaim_stale(now=now))
    db.session.commit()
    if not current_app.config.get("MAIL_SERVER"):
        _warn_no_server()
        report.no_server = True
        return report
    server = server_key(current_app.config)
    report.paused_until = paused_until(server, now)
    if report.paused_until:
        return report
    with SmtpConnection(current_app.config) as smtp:
        while True:
            allowed = min(CLAIM_BATCH, rate_allowance(now=now))
            if allowed <= 0:
                report.rate_limited = due_count(now=now) > 0
                break
            claimed = claim_due(now=now, worker=worker, limit=allowed)
            if not claimed:
                break
            for index, email in enumerate(claimed):
                deliver_one(email, smtp, now=now, report=report)
                if smtp.slow:
                    report.paused_until = pause_server(server, now)
                if smtp.unreachable or smtp.slow:
                    # The server is down or too slow: give the rest back untouched.
                    release(claimed[index + 1 :])
                    return report
    _paused.pop(server, None)
    return report


def server_key(config) -> str:
    return f"{config.get('MAIL_SERVER')}:{config.get('MAIL_PORT') or 25}"


def paused_until(server: str, now: datetime) -> datetime | None:
    """When a slow server may be tried again, or None when it may be now."""
    until = _paused.get(server, (None, None))[0]
    return until if until and until > now else None


def pause_server(server: str, now: datetime) -> datetime:
    """Pause a server that timed out: SLOW_PAUSE, doubling each time, capped."""
    previous = _paused.get(server, (None, None))[1]
    pause = min(previous * 2, SLOW_PAUSE_MAX) if previous else SLOW_PAUSE
    _paused[server] = (now + pause, pause)
    faults.note("smtp", f"{server} answered after the timeout: paused for {pause}")
    return now + pause


def release(emails: list[OutboxEmail]) -> None:
    """Return claimed rows to the queue without counting an attempt."""
    for email in emails:
        email.status, email.claimed_by, email.claimed_at = "pending", "", None
    db.session.commit()


def _warn_no_server() -> None:
    global _warned_no_server
    if not _warned_no_server:
        log.warning("MAIL_SERVER is not set: outbox mail is kept, not sent.")
        _warned_no_server = True


def due_query(now: datetime) -> sa.Select:
    """Pending rows whose time has come, transactional (priority 0) first."""
    return (
        sa.select(OutboxEmail.id)
        .where(OutboxEmail.status == "pending", OutboxEmail.next_try_at <= now)
        .order_by(OutboxEmail.priority, OutboxEmail.next_try_at, OutboxEmail.id)
    )


def due_count(*, now: datetime) -> int:
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(due_query(now).subquery())
    )


def rate_allowance(*, now: datetime) -> int:
    """How many more may go out now under MAIL_RATE_PER_MINUTE (all workers)."""
    rate = int(current_app.config.get("MAIL_RATE_PER_MINUTE") or 0)
    if rate <= 0:
        return CLAIM_BATCH
    recent = db.session.scalar(
        sa.select(sa.func.count(OutboxEmail.id)).where(
            OutboxEmail.status == "sent",
            OutboxEmail.sent_at > now - timedelta(seconds=60),
        )
    )
    return rate - recent


def reclaim_stale(*, now: datetime) -> int:
    """Give rows back whose worker died while sending (claimed too long ago)."""
    result = db.session.execute(
        sa.update(OutboxEmail)
        .where(
            OutboxEmail.status == "sending", OutboxEmail.claimed_at < now - STALE_CLAIM
        )
        .values(status="pending", claimed_by="", claimed_at=None)
    )
    return result.rowcount or 0


def claim_due(*, now: datetime, worker: str, limit: int) -> list[OutboxEmail]:
    """Claim up to `limit` due rows for this worker and commit the claim.

    A conditional UPDATE (WHERE status='pending') wins for one worker only; on
    PostgreSQL the candidates are also read with FOR UPDATE SKIP LOCKED so
    workers do not queue behind each other.
    """
    query = due_query(now).limit(limit)
    if db.session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    ids = list(db.session.scalars(query))
    won = [email_id for email_id in ids if _claim_one(email_id, worker, now)]
    db.session.commit()
    if not won:
        return []
    rows = db.session.scalars(sa.select(OutboxEmail).where(OutboxEmail.id.in_(won)))
    return sorted(rows, key=lambda e: (e.priority, e.next_try_at, e.id))


def _claim_one(email_id: int, worker: str, now: datetime) -> bool:
    result = db.session.execute(
        sa.update(OutboxEmail)
        .where(OutboxEmail.id == email_id, OutboxEmail.status == "pending")
        .values(status="sending", claimed_by=worker, claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def deliver_one(
    email: OutboxEmail, smtp: "SmtpConnection", *, now: datetime, report: SendReport
) -> None:
    """Send one claimed row and record the outcome (commits)."""
    try:
        message = build_message(
            email, sender=current_app.config["MAIL_DEFAULT_SENDER"], now=now
        )
    except (ValueError, TypeError) as error:
        # A malformed address or header never gets better: fail it at once.
        _record_failure(
            email, f"cannot build message: {error}", now=now, permanent=True
        )
        report.failed += 1
        db.session.commit()
        return
    try:
        smtp.send(message, from_addr=_envelope_sender(), to_addr=email.to_addr)
    except (smtplib.SMTPException, OSError) as error:
        smtp.reset(
            unreachable=_is_connection_error(error),
            slow=_is_timeout(error),
        )
        permanent = _record_failure(email, _describe(error), now=now)
        if permanent:
            report.failed += 1
        else:
            report.retrying += 1
    else:
        email.status, email.sent_at, email.last_error = "sent", now, ""
        email.attempts += 1
        report.sent += 1
        if email.erase_after_send:
            anonymise(email)
    db.session.commit()


def _record_failure(
    email: OutboxEmail, error: str, *, now: datetime, permanent=False
) -> bool:
    """Back to pending with a later try, or 'failed' after MAX_ATTEMPTS (kept, never deleted)."""
    email.attempts += 1
    email.last_error = error[:2000]
    email.claimed_by, email.claimed_at = "", None
    if permanent or email.attempts >= MAX_ATTEMPTS:
        email.status = "failed"
        return True
    email.status = "pending"
    email.next_try_at = now + backoff(email.attempts)
    return False


def _is_timeout(error: Exception) -> bool:
    """The server did not answer in MAIL_TIMEOUT (smtplib may wrap it as a disconnect)."""
    if isinstance(error, TimeoutError):
        return True
    return isinstance(error, smtplib.SMTPServerDisconnected) and "timed out" in str(
        error
    )


def _is_connection_error(error: Exception) -> bool:
    """No server to talk to (as opposed to a server refusing one message)."""
    if isinstance(error, (smtplib.SMTPConnectError, smtplib.SMTPServerDisconnected)):
        return True
    return isinstance(error, OSError) and not isinstance(error, smtplib.SMTPException)


def _describe(error: Exception) -> str:
    if isinstance(error, smtplib.SMTPResponseException):
        detail = error.smtp_error
        if isinstance(detail, bytes):
            detail = detail.decode("utf-8", "replace")
        return f"{type(error).__name__} {error.smtp_code}: {detail}"
    return f"{type(error).__name__}: {error}"


def _envelope_sender() -> str:
    pairs = getaddresses([current_app.config["MAIL_DEFAULT_SENDER"]])
    return pairs[0][1] if pairs else ""


def build_message(email: OutboxEmail, *, sender: str, now: datetime) -> EmailMessage:
    """The MIME message for a row; raises ValueError on a bad address.

    text/plain + text/html as multipart/alternative; an invitation adds a
    text/calendar alternative whose method parameter equals its METHOD, and
    the same bytes as an invite.ics attachment.
    """
    message = EmailMessage()
    message["From"] = sender
    message["To"] = Address(
        display_name=single_line(email.to_name), addr_spec=email.to_addr.strip()
    )
    if email.reply_to:
        message["Reply-To"] = Address(addr_spec=email.reply_to.strip())
    message["Subject"] = single_line(email.subject)
    message["Date"] = format_datetime(now)
    message["Message-ID"] = email.message_id
    message["Auto-Submitted"] = "auto-generated"
    for name, value in (email.headers or {}).items():
        if name.lower() in RESERVED_HEADERS:
            continue
        message[name] = single_line(value)
    message.set_content(email.body_text or "")
    if email.body_html:
        message.add_alternative(email.body_html, subtype="html")
    if email.calendar_ics:
        _add_calendar(message, email.calendar_ics, email.calendar_method or "REQUEST")
    return message


def _add_calendar(message: EmailMessage, ics: str, method: str) -> None:
    method = method.strip().upper()
    if not method.isalpha():
        raise ValueError("calendar method must be a word")
    if not message.is_multipart():
        message.make_alternative()
    message.add_alternative(ics, subtype="calendar", params={"method": method})
    message.add_attachment(
        ics.encode("utf-8"),
        maintype="application",
        subtype="ics",
        filename="invite.ics",
    )


class SmtpConnection:
    """One SMTP session per run, opened on first use and reopened after errors."""

    def __init__(self, config):
        self.config = config
        self.client: smtplib.SMTP | None = None
        self.unreachable = False
        self.slow = False

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.reset()

    def send(self, message: EmailMessage, *, from_addr: str, to_addr: str) -> None:
        if self.client is None:
            self.client = self._connect()
        self.client.send_message(message, from_addr=from_addr, to_addrs=[to_addr])

    def _connect(self) -> smtplib.SMTP:
        config = self.config
        client = smtplib.SMTP(
            config["MAIL_SERVER"],
            int(config.get("MAIL_PORT") or 25),
            timeout=float(config.get("MAIL_TIMEOUT") or 10),
        )
        try:
            if config.get("MAIL_USE_TLS"):
                client.starttls(context=ssl.create_default_context())
            if config.get("MAIL_USERNAME"):
                client.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        except Exception:
            client.close()
            raise
        return client

    def reset(self, *, unreachable: bool = False, slow: bool = False) -> None:
        self.unreachable = self.unreachable or (unreachable and not slow)
        self.slow = self.slow or slow
        if self.client is None:
            return
        try:
            self.client.quit()
        except (smtplib.SMTPException, OSError):
            self.client.close()
        self.client = None
