"""Writing email to the outbox, in the same transaction as the change behind it.

Senders (mail/sender.py) deliver after commit; nothing here talks to SMTP.
"""

import secrets
from datetime import datetime

import css_inline
import sqlalchemy as sa
from flask import current_app
from flask import render_template
from flask_babel import force_locale

from eventsys.extensions import db
from eventsys.mail.models import PRIORITY_BULK
from eventsys.mail.models import PRIORITY_TRANSACTIONAL
from eventsys.mail.models import OutboxEmail
from eventsys.models import utcnow
from eventsys.text import single_line


def enqueue(
    to: str,
    subject: str,
    body_text: str,
    body_html: str = "",
    *,
    to_name: str = "",
    reply_to: str = "",
    calendar_ics: bytes | str = b"",
    calendar_method: str = "",
    kind: str = "",
    priority: int = PRIORITY_TRANSACTIONAL,
    headers: dict[str, str] | None = None,
    comms_message_id: int | None = None,
    flush: bool = True,
    now: datetime | None = None,
) -> OutboxEmail:
    """Add one message to the outbox (flushed unless told not to, never committed)."""
    if isinstance(calendar_ics, bytes):
        calendar_ics = calendar_ics.decode("utf-8")
    email = OutboxEmail(
        to_addr=to,
        to_name=to_name,
        reply_to=reply_to,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        calendar_ics=calendar_ics,
        calendar_method=calendar_method,
        kind=kind,
        priority=priority,
        headers=dict(headers) if headers else None,
        comms_message_id=comms_message_id,
        next_try_at=now or utcnow(),
        message_id=new_message_id(),
    )
    db.session.add(email)
    if flush:
        db.session.flush()
    return email


AUTOMATIC = {"Auto-Submitted": "auto-generated"}


def enqueue_bulk(
    to: str,
    rendered: tuple[str, str, str],
    *,
    to_name: str,
    reply_to: str,
    kind: str,
    now: datetime,
    headers: dict[str, str] | None = None,
    comms_message_id: int | None = None,
) -> OutboxEmail:
    """Add one message of a batch (reminders, messages) to the outbox: sent after
    transactional mail, and not flushed, so a batch of thousands flushes once.

    rendered: (subject, text, html) as render_email returns them.
    """
    subject, text, html = rendered
    return enqueue(
        to,
        subject,
        text,
        html,
        to_name=to_name,
        reply_to=reply_to,
        kind=kind,
        priority=PRIORITY_BULK,
        headers=AUTOMATIC if headers is None else headers,
        comms_message_id=comms_message_id,
        flush=False,
        now=now,
    )


def new_message_id() -> str:
    """A stable Message-ID chosen at enqueue time, so retries stay one message."""
    domain = current_app.config["EVENTSYS_UID_DOMAIN"]
    return f"<{secrets.token_hex(16)}@{domain}>"


def render_email(name: str, language: str, **context) -> tuple[str, str, str]:
    """Subject, text and HTML of templates/email/<name>.{subject.txt,txt,html} in a language."""
    with force_locale(language):
        subject = render_template(f"email/{name}.subject.txt", **context).strip()
        text = render_template(f"email/{name}.txt", **context)
        html = inline_css(render_template(f"email/{name}.html", **context))
    return " ".join(single_line(subject).split()), text, html


# Styles of templates/email/_base.html become style attributes: mail clients
# (Outlook, Gmail) drop or ignore <style>. Remote stylesheets are never fetched.
_INLINER = css_inline.CSSInliner(load_remote_stylesheets=False, keep_style_tags=False)


def inline_css(html: str) -> str:
    return _INLINER.inline(html)


ERASED_TEXT = "[erased]"


def anonymise(email: OutboxEmail) -> None:
    """Strip a sent row of the person: address, name, subject, bodies, calendar part.

    The row stays (status, Message-ID, times) so delivery counts and the rate
    limit still hold; a row not yet sent is only marked, and is stripped by the
    sender right after delivery.
    """
    if email.status not in ("sent", "failed"):
        email.erase_after_send = True
        return
    email.to_addr = f"erased-{email.id}@invalid"
    email.to_name = ""
    email.subject = ERASED_TEXT
    email.body_text = email.body_html = email.calendar_ics = ""
    email.erase_after_send = False


def anonymise_mail_to(address: str) -> int:
    """Anonymise (or mark, if unsent) every outbox row to an address; returns how many."""
    rows = db.session.scalars(
        sa.select(OutboxEmail).where(
            sa.func.lower(OutboxEmail.to_addr) == (address or "").strip().lower()
        )
    ).all()
    for email in rows:
        anonymise(email)
    return len(rows)
