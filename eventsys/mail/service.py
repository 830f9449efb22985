"""Writing email to the outbox, in the same transaction as the change behind it.

Senders (mail/sender.py) deliver after commit; nothing here talks to SMTP.
"""

import secrets
from datetime import datetime

from flask import current_app
from flask import render_template
from flask_babel import force_locale

from eventsys.extensions import db
from eventsys.mail.models import PRIORITY_TRANSACTIONAL
from eventsys.mail.models import OutboxEmail
from eventsys.models import utcnow


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
    now: datetime | None = None,
) -> OutboxEmail:
    """Add one message to the outbox (flushed, not committed)."""
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
        next_try_at=now or utcnow(),
        message_id=new_message_id(),
    )
    db.session.add(email)
    db.session.flush()
    return email


def new_message_id() -> str:
    """A stable Message-ID chosen at enqueue time, so retries stay one message."""
    domain = current_app.config["EVENTSYS_UID_DOMAIN"]
    return f"<{secrets.token_hex(16)}@{domain}>"


def render_email(name: str, language: str, **context) -> tuple[str, str, str]:
    """Subject, text and HTML of templates/email/<name>.{subject.txt,txt,html} in a language."""
    with force_locale(language):
        subject = render_template(f"email/{name}.subject.txt", **context).strip()
        text = render_template(f"email/{name}.txt", **context)
        html = render_template(f"email/{name}.html", **context)
    return " ".join(subject.split()), text, html
