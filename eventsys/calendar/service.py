"""Batched invitation updates: one email per participant after a meeting changes.

The meetings service sets Meeting.invites_due_at (now + a short delay) when the
dates, time, venue or status change; more changes within the delay move
nothing forward, so they go out as one update. The mail worker calls
send_due_invitation_updates; its caller commits.
"""

from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from eventsys.calendar.forms import FEED_ALARMS
from eventsys.calendar.invitations import build_invitation
from eventsys.errors import InvalidInput
from eventsys.extensions import db
from eventsys.mail.models import PRIORITY_BULK
from eventsys.mail.service import enqueue
from eventsys.mail.service import render_email
from eventsys.meetings.models import Meeting
from eventsys.registration.models import Registration


def due_meetings(now: datetime) -> sa.Select:
    return sa.select(Meeting).where(
        Meeting.invites_due_at.is_not(None), Meeting.invites_due_at <= now
    )


def send_due_invitation_updates(
    *, now: datetime, uid_domain: str, base_url: str
) -> int:
    """Queue an updated REQUEST (or a CANCEL) for each confirmed participant; returns how many."""
    count = 0
    for meeting in db.session.scalars(
        due_meetings(now).with_for_update(skip_locked=True)
    ).all():
        if meeting.status != "draft":
            count += _update_participants(
                meeting, now=now, uid_domain=uid_domain, base_url=base_url
            )
        meeting.invites_due_at = None
    db.session.flush()
    return count


def confirmed_registrations(meeting: Meeting) -> sa.Select:
    return (
        sa.select(Registration)
        .where(
            Registration.meeting_id == meeting.id, Registration.status == "confirmed"
        )
        .order_by(Registration.id)
    )


def _update_participants(
    meeting: Meeting, *, now: datetime, uid_domain: str, base_url: str
) -> int:
    cancelled = meeting.status == "cancelled"
    method = "CANCEL" if cancelled else "REQUEST"
    template = "meeting_cancelled" if cancelled else "invitation_update"
    count = 0
    for registration in db.session.scalars(confirmed_registrations(meeting)):
        registration.bump_invite_sequence()
        ics = build_invitation(
            registration, method, uid_domain=uid_domain, base_url=base_url
        )
        subject, text, html = render_email(
            template,
            registration.language or meeting.main_language or "en",
            registration=registration,
            meeting=meeting,
            base_url=base_url.rstrip("/"),
        )
        enqueue(
            registration.email,
            subject,
            text,
            html,
            to_name=registration.display_name,
            reply_to=meeting.contact_email
            or current_app.config["EVENTSYS_CONTACT_EMAIL"],
            calendar_ics=ics,
            calendar_method=method,
            kind=f"calendar_{method.lower()}",
            priority=PRIORITY_BULK,
            now=now,
        )
        count += 1
    return count


def set_feed_alarm(user, minutes: str) -> None:
    """The private feed's alarm: "" (none) or minutes from FEED_ALARMS.

    Raises: InvalidInput.
    """
    if minutes not in FEED_ALARMS:
        raise InvalidInput(
            _("Please choose from the list."),
            fields={"minutes": _("Please choose from the list.")},
        )
    user.calendar_alarm_minutes = int(minutes) if minutes else None
    db.session.flush()
