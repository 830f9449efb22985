"""Emails about a registration, written to the outbox in the caller's transaction.

Every email repeats the registration's current manage link
(eventsys/links.py): no email replaces it, so a page the participant has open
keeps working. Only "send me a new link" (service.resend_manage_link) replaces it.
"""

from datetime import datetime

from eventsys import links
from eventsys import site
from eventsys.calendar.invitations import build_invitation
from eventsys.mail.service import enqueue
from eventsys.mail.service import render_email
from eventsys.registration.models import Registration

# Kinds whose message carries (or withdraws) a calendar invitation.
INVITING = {"confirmed", "approved", "promoted"}
WITHDRAWING = {"cancelled", "rejected"}


def manage_url(base_url: str, token: str) -> str:
    return f"{base_url}/registrations/{token}"


def send(
    registration: Registration,
    kind: str,
    *,
    now: datetime,
    was_confirmed: bool = False,
    **context,
):
    """Queue the email of one transition (kind: confirmed, pending, waitlisted, ...)."""
    return enqueue(
        **prepare(registration, kind, was_confirmed=was_confirmed, **context), now=now
    )


def prepare(
    registration: Registration, kind: str, *, was_confirmed: bool = False, **context
) -> dict:
    """The email of one transition, rendered: enqueue(**prepared, now=now) queues it.

    Rendering needs no lock: register() prepares the email it expects before
    taking the meeting's lock, so the locked section is only SQL.
    """
    base_url = site.base_url()
    ics, method = _invitation_for(registration, kind, was_confirmed, base_url)
    subject, text, html = render_email(
        f"registration_{kind}",
        registration.language or "en",
        registration=registration,
        meeting=registration.meeting,
        manage_url=manage_url(base_url, links.link_for(registration)),
        base_url=base_url,
        has_invitation=bool(ics),
        calendar_method=method,
        **context,
    )
    return {
        "to": registration.email,
        "subject": subject,
        "body_text": text,
        "body_html": html,
        "to_name": registration.display_name,
        "reply_to": registration.meeting.contact_email or "",
        "calendar_ics": ics,
        "calendar_method": method,
        "kind": f"registration_{kind}",
    }


def _invitation_for(registration, kind, was_confirmed, base_url) -> tuple[bytes, str]:
    if kind in INVITING:
        method = "REQUEST"
    elif kind in WITHDRAWING and was_confirmed:
        method = "CANCEL"
    else:
        return b"", ""
    registration.bump_invite_sequence()  # this email carries a new version
    ics = build_invitation(
        registration,
        method,
        uid_domain=site.uid_domain(),
        base_url=base_url,
    )
    return (ics, method) if ics else (b"", "")
