"""Composing, previewing and sending messages to a meeting's participants.

A message has a subject and a Markdown body per language; each recipient gets
theirs (Registration.language) or the meeting's main one. Placeholders are
checked before anything is queued; the Markdown goes through the house's
sanitiser (eventsys/markdown.py). Sending writes one bulk outbox row per
recipient, in the caller's transaction, each with List-Id, Auto-Submitted and
a one-click List-Unsubscribe (RFC 8058) that opts the address out of messages
only, never of transactional mail.
"""

import string
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature
from itsdangerous import URLSafeSerializer
from markupsafe import escape

from eventsys import links
from eventsys import site
from eventsys.audit.service import record
from eventsys.comms.models import Message
from eventsys.comms.models import MessageOptOut
from eventsys.comms.queries import Audience
from eventsys.comms.queries import audience_count
from eventsys.comms.queries import audience_query
from eventsys.dates import format_date_range
from eventsys.errors import InvalidInput
from eventsys.errors import NotFound
from eventsys.extensions import db
from eventsys.i18n import localized
from eventsys.mail.service import enqueue
from eventsys.mail.service import enqueue_bulk
from eventsys.mail.service import render_email
from eventsys.markdown import render_markdown
from eventsys.registration.models import Registration
from eventsys.registration.notify import manage_url

PLACEHOLDERS = (
    "title",
    "given_name",
    "family_name",
    "manage_link",
    "certificate_link",
    "meeting",
    "dates",
)
# Placeholders that need the recipient's registration (its personal link).
PERSONAL_LINKS = ("manage_link", "certificate_link")
MAX_SUBJECT = 200
MAX_BODY = 50_000
# Outbox rows are flushed in batches during a send.
FLUSH_EVERY = 500
UNSUBSCRIBE_SALT = "comms-unsubscribe"
# Shown instead of a real personal link in previews and tests to yourself:
# issuing one would retire the participant's current link.
SAMPLE_LINK = "https://…/registrations/…"
SAMPLE_LINKS = {
    "manage_link": SAMPLE_LINK,
    "certificate_link": SAMPLE_LINK + "/certificate.pdf",
}


@dataclass
class Recipient:
    email: str
    name: str
    language: str
    title: str = ""
    given_name: str = ""
    family_name: str = ""
    registration: Registration | None = None


def placeholder_errors(text: str) -> str:
    """The problem with a text's placeholders, in words, or "" when there is none."""
    try:
        parsed = list(string.Formatter().parse(text or ""))
    except ValueError:
        return _(
            "A brace is not closed or not opened: write {{ and }} for a literal brace."
        )
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in PLACEHOLDERS or spec or conversion:
            return _(
                "Unknown placeholder {%(name)s}. Use: %(known)s.",
                name=name
                + (f"!{conversion}" if conversion else "")
                + (f":{spec}" if spec else ""),
                known=", ".join("{" + p + "}" for p in PLACEHOLDERS),
            )
    return ""


def validate(
    meeting, subject: dict[str, str], body: dict[str, str], *, audience: Audience
):
    """Raise InvalidInput naming each field whose text cannot be sent."""
    errors = {}
    languages = meeting.languages or [meeting.main_language]
    for code in languages:
        for kind, texts, limit in (
            ("subject", subject, MAX_SUBJECT),
            ("body", body, MAX_BODY),
        ):
            text = (texts.get(code) or "").strip()
            field = f"{kind}_{code}"
            if not text and code == meeting.main_language:
                errors[field] = _("Required in the meeting's main language.")
            elif len(text) > limit:
                errors[field] = _("At most %(n)d characters.", n=limit)
            elif problem := placeholder_errors(text):
                errors[field] = problem
            elif audience.kind == "focal_points" and "{manage_link}" in text:
                errors[field] = _(
                    "Focal points have no registration: {manage_link} cannot be filled."
                )
            elif "{certificate_link}" in text and not (
                audience.kind == "registrations" and audience.attended
            ):
                errors[field] = _(
                    "{certificate_link} needs the audience “participants with "
                    "recorded attendance”: others have no certificate."
                )
    if audience.kind == "focal_points" and audience.delegation:
        errors["delegation"] = _("Focal points are chosen by delegation status only.")
    if errors:
        raise InvalidInput(_("The message cannot be sent yet."), fields=errors)


def recipients(meeting, audience: Audience):
    """The recipients of an audience, streamed (never held as a list)."""
    rows = db.session.scalars(
        audience_query(meeting.id, audience).execution_options(yield_per=500)
    )
    if audience.kind == "focal_points":
        for delegation in rows:
            yield Recipient(
                email=delegation.focal_point_email,
                name=delegation.focal_point_name,
                language=meeting.main_language,
                given_name=delegation.focal_point_name,
            )
        return
    for registration in rows:
        yield recipient_of(registration)


def recipient_of(registration: Registration) -> Recipient:
    return Recipient(
        email=registration.email,
        name=registration.display_name,
        language=registration.language or registration.meeting.main_language,
        title=registration.title,
        given_name=registration.given_name,
        family_name=registration.family_name,
        registration=registration,
    )


def count(meeting, audience: Audience) -> int:
    return db.session.scalar(audience_count(meeting.id, audience))


def language_for(meeting, message_texts: dict[str, str], language: str) -> str:
    """The recipient's language if the message has a body in it, else the main one."""
    return (
        language
        if (message_texts.get(language) or "").strip()
        else meeting.main_language
    )


# Each placeholder (and the unsubscribe link) is an inert word while the
# templates and the Markdown render, then replaced per recipient.
MARKS = {
    name: f"EVSYSPLACEHOLDER{i}X"
    for i, name in enumerate((*PLACEHOLDERS, "unsubscribe_url"))
}


def rendered_templates(
    meeting, subject: dict, body: dict, language: str, *, bulk: bool = True
):
    """Subject, text and HTML of a message in one language, placeholders still marked.

    Rendered once per language of a send (templates, Markdown, sanitiser);
    `fill` makes each recipient's copy with string replacements, so a
    participant's name is never read as Markdown or HTML.
    """
    subject_text = subject.get(language) or subject.get(meeting.main_language) or ""
    body_text = body.get(language) or ""
    marked = body_text.format_map(MARKS)
    return render_email(
        "message",
        language,
        meeting=meeting,
        subject=subject_text.format_map(MARKS),
        body_text=marked,
        body_html=render_markdown(marked),
        unsubscribe_url=MARKS["unsubscribe_url"],
        has_unsubscribe=bulk,
    )


def values_for(
    meeting, recipient: Recipient, language: str, *, links: dict, unsubscribe_url: str
) -> dict[str, str]:
    return {
        "title": recipient.title,
        "given_name": recipient.given_name,
        "family_name": recipient.family_name,
        "manage_link": links.get("manage_link", ""),
        "certificate_link": links.get("certificate_link", ""),
        "meeting": localized(meeting.title, language, meeting.main_language),
        "dates": format_date_range(
            meeting.starts_at, meeting.ends_at, meeting.timezone, language
        ),
        "unsubscribe_url": unsubscribe_url,
    }


def fill(
    rendered: tuple[str, str, str], values: dict[str, str]
) -> tuple[str, str, str]:
    subject, text, html = rendered
    for name, mark in MARKS.items():
        value = values.get(name, "")
        subject = subject.replace(mark, value)
        text = text.replace(mark, value)
        html = html.replace(mark, str(escape(value)))
    return subject, text, html


def render_for(
    meeting,
    subject: dict,
    body: dict,
    recipient: Recipient,
    *,
    links: dict,
    unsubscribe_url: str = "",
) -> tuple[str, str, str]:
    """Subject, text and HTML of the message as one recipient reads it."""
    language = language_for(meeting, body, recipient.language)
    rendered = rendered_templates(
        meeting, subject, body, language, bulk=bool(unsubscribe_url)
    )
    values = values_for(
        meeting, recipient, language, links=links, unsubscribe_url=unsubscribe_url
    )
    return fill(rendered, values)


def _links_for(recipient: Recipient, text: str, base_url: str) -> dict[str, str]:
    """{manage_link} and {certificate_link}: the registration's current link (a
    message never replaces it), only when the text uses either."""
    used = [name for name in PERSONAL_LINKS if "{" + name + "}" in text]
    if recipient.registration is None or not used:
        return {}
    link = links.link_for(recipient.registration)
    return {
        "manage_link": manage_url(base_url, link),
        "certificate_link": certificate_url(base_url, link),
    }


def certificate_url(base_url: str, token: str) -> str:
    return f"{base_url}/registrations/{token}/certificate.pdf"


def preview(
    meeting, subject: dict, body: dict, recipient: Recipient, *, audience: Audience
):
    validate(meeting, subject, body, audience=audience)
    return render_for(meeting, subject, body, recipient, links=SAMPLE_LINKS)


def send_test(
    meeting,
    subject: dict,
    body: dict,
    *,
    audience: Audience,
    actor,
    now: datetime,
    sample: Recipient | None = None,
):
    """The message as `sample` (or the actor) would read it, to the actor's own address."""
    validate(meeting, subject, body, audience=audience)
    recipient = sample or Recipient(
        email=actor.email,
        name=actor.name or "",
        language=meeting.main_language,
        given_name=actor.name or "",
    )
    subject_text, text, html = render_for(
        meeting, subject, body, recipient, links=SAMPLE_LINKS
    )
    return enqueue(
        actor.email,
        "[TEST] " + subject_text,
        text,
        html,
        to_name=actor.name or "",
        reply_to=meeting.contact_email or "",
        kind="message_test",
        now=now,
    )


def send(
    meeting, subject: dict, body: dict, *, audience: Audience, actor, now: datetime
) -> Message:
    """Keep the message and queue one bulk email per recipient (flushed, not committed)."""
    validate(meeting, subject, body, audience=audience)
    message = Message(
        meeting=meeting,
        author=actor,
        audience=audience.as_dict(),
        subject={k: v for k, v in subject.items() if (v or "").strip()},
        body={k: v for k, v in body.items() if (v or "").strip()},
        created_at=now,
    )
    db.session.add(message)
    db.session.flush()
    base_url = site.base_url()
    list_id = f"<{meeting.slug}.messages.{site.uid_domain()}>"
    sent = 0
    rendered = {}
    for recipient in recipients(meeting, audience):
        language = language_for(meeting, body, recipient.language)
        if language not in rendered:
            rendered[language] = rendered_templates(meeting, subject, body, language)
        unsubscribe = unsubscribe_url(recipient.email, base_url)
        links = _links_for(recipient, body.get(language) or "", base_url)
        values = values_for(
            meeting, recipient, language, links=links, unsubscribe_url=unsubscribe
        )
        enqueue_bulk(
            recipient.email,
            fill(rendered[language], values),
            to_name=recipient.name,
            reply_to=meeting.contact_email or "",
            kind="message",
            headers={
                "List-Id": list_id,
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "Precedence": "bulk",
            },
            comms_message_id=message.id,
            now=now,
        )
        if sent % FLUSH_EVERY == 0:
            db.session.flush()
        sent += 1
    db.session.flush()
    message.recipients = sent
    record(
        "message.sent",
        actor=actor,
        obj=message,
        meeting=meeting,
        after={
            "audience": audience.as_dict(),
            "recipients": sent,
            "subject": message.subject.get(meeting.main_language, ""),
        },
        now=now,
    )
    return message


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=UNSUBSCRIBE_SALT)


def unsubscribe_token(email: str) -> str:
    return _serializer().dumps(email.strip().lower())


def unsubscribe_url(email: str, base_url: str) -> str:
    return f"{base_url}/messages/unsubscribe/{unsubscribe_token(email)}"


def address_of(token: str) -> str:
    """The address a signed unsubscribe token names; NotFound when it is not ours."""
    try:
        email = _serializer().loads(token)
    except BadSignature as error:
        raise NotFound(_("This unsubscribe link is not valid.")) from error
    if not isinstance(email, str) or "@" not in email:
        raise NotFound(_("This unsubscribe link is not valid."))
    return email


def opt_out(token: str, *, now: datetime) -> str:
    """Opt the token's address out of messages (idempotent); transactional mail still goes."""
    email = address_of(token)
    exists = db.session.scalar(
        sa.select(MessageOptOut.id).where(MessageOptOut.email == email)
    )
    if exists is None:
        db.session.add(MessageOptOut(email=email, created_at=now))
        record(
            "message.opt_out", after={"email_domain": email.rsplit("@", 1)[1]}, now=now
        )
        db.session.flush()
    return email
