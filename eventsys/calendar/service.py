"""Batched invitation updates: one email per participant after a meeting changes.

The meetings service sets Meeting.invites_due_at (now + a short delay) when the
dates, time, venue or status change, and agenda edits or releases do through
agenda/notices.py; more changes within the delay move nothing forward, so they
go out as one update. Each email lists what changed since the last one, in the
reader's language (agenda/changes.py), and carries the updated invitation; a
due meeting whose public agenda and details did not change after all (an edit
undone) sends nothing. A cancelled meeting is told at once. The minute job
(eventsys/jobs.py) calls send_due_invitation_updates; its caller commits.
"""

from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from eventsys.agenda import changes as agenda_changes
from eventsys.agenda import notices
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


# An email lists at most this many changes, then points to the agenda.
MAX_LISTED = 30


def _update_participants(
    meeting: Meeting, *, now: datetime, uid_domain: str, base_url: str
) -> int:
    cancelled = meeting.status == "cancelled"
    method = "CANCEL" if cancelled else "REQUEST"
    template = "meeting_cancelled" if cancelled else "invitation_update"
    found, snapshot = notices.pending(meeting)
    notices.mark_notified(meeting, snapshot, now=now)
    if not cancelled and found is not None and not found:
        return 0  # nothing a participant sees has changed
    sentences: dict[str, list[str]] = {}
    count = 0
    for registration in db.session.scalars(confirmed_registrations(meeting)):
        language = registration.language or meeting.main_language or "en"
        if found and language not in sentences:
            sentences[language] = agenda_changes.describe_all(
                found, language, meeting.timezone, meeting.main_language
            )
        listed = sentences.get(language, [])
        registration.bump_invite_sequence()
        ics = build_invitation(
            registration, method, uid_domain=uid_domain, base_url=base_url
        )
        subject, text, html = render_email(
            template,
            language,
            registration=registration,
            meeting=meeting,
            base_url=base_url.rstrip("/"),
            changes=listed[:MAX_LISTED],
            more_changes=max(0, len(listed) - MAX_LISTED),
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
