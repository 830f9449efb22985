"""iTIP invitations (RFC 5546) for one registration: REQUEST or CANCEL, as bytes.

A one-day meeting is one event in UTC (the most robust choice for single
events sent by email); a meeting of several days is a daily recurring event in
the meeting's zone (with its VTIMEZONE), each day with its hours, as in the
feeds (eventsys/agenda/days.py; from the latest release when the meeting uses
releases, agenda/public.py).
METHOD is set on the calendar only (inside the VEVENT some clients duplicate).
Building never writes: whoever sends one first calls registration.bump_invite_sequence().
"""

from datetime import datetime
from functools import lru_cache

from flask import current_app

from eventsys.agenda.public import public_days_of
from eventsys.calendar import ics
from eventsys.calendar import icstext
from eventsys.calendar.icstext import Component
from eventsys.comms.models import ReminderSchedule
from eventsys.extensions import db
from eventsys.text import single_line

METHODS = ("REQUEST", "CANCEL")


def may_see_online_link(registration) -> bool:
    """Only confirmed online participants (or any confirmed one of a virtual meeting)."""
    meeting = registration.meeting
    if registration.status != "confirmed" or not meeting.online_url:
        return False
    return registration.attendance == "online" or meeting.format == "virtual"


def build_invitation(
    registration, method: str = "REQUEST", *, uid_domain: str, base_url: str
) -> bytes:
    """The invitation (or its withdrawal) for a registration's meeting.

    Raises:
        ValueError: an unknown method.
    """
    method = method.upper()
    if method not in METHODS:
        raise ValueError(f"unknown iTIP method {method!r}")
    meeting = registration.meeting
    ctx = ics.Context(
        uid_domain=uid_domain,
        base_url=base_url,
        contact_email=current_app.config["EVENTSYS_CONTACT_EMAIL"],
        language=registration.language or meeting.main_language,
        words=_words(registration.language or meeting.main_language),
    )
    title = ctx.text(meeting.title, meeting)
    calendar = ics.new_calendar(
        uid=f"invitation-{meeting.id}@{uid_domain}",
        name=title,
        description="",
        method=method,
    )
    (meeting_days,) = public_days_of([meeting]).values()
    zone = ics.zone_of(meeting) if len(meeting_days) > 1 else "UTC"
    event = _invitation_event(registration, method, ctx)
    events = ics.on_days(event, meeting_days, zone, ctx)
    if method == "REQUEST":
        ics.add_alarm(events, invitation_alarm_minutes(meeting), title)
    calendar.subcomponents.extend(events)
    return ics.finish(calendar, ctx)


@lru_cache(maxsize=16)
def _words(language: str) -> dict:
    """The calendar's words in one language, translated once per process.

    Every registration's email carries an invitation; translating the same
    thirty labels again for each was a tenth of its invitation's CPU. The
    catalogues change only with a release, which restarts the processes.
    Read only: every invitation shares the dict.
    """
    return ics.translated_words(language)


def _invitation_event(registration, method: str, ctx: ics.Context) -> Component:
    meeting = registration.meeting
    cancelled = method == "CANCEL" or meeting.status == "cancelled"
    online = method == "REQUEST" and may_see_online_link(registration)
    event = Component("VEVENT")
    event["UID"] = icstext.text(ics.meeting_uid(meeting.id, ctx.uid_domain))
    event["DTSTAMP"] = icstext.utc(_stamp(registration, meeting))
    event["SEQUENCE"] = icstext.raw(registration.invite_sequence or 0)
    event["SUMMARY"] = icstext.text(
        ics.summary_text(ctx.text(meeting.title, meeting), cancelled, ctx)
    )
    event["DESCRIPTION"] = icstext.text(ics.meeting_description(meeting, ctx, online))
    location = ics.location_text(meeting, ctx)
    if location:
        event["LOCATION"] = icstext.text(location)
    event["URL"] = icstext.raw(ics.meeting_url(ctx.base_url, meeting))
    event["STATUS"] = ics.CANCELLED if cancelled else ics.CONFIRMED
    event["ORGANIZER"] = ics.organizer(meeting, ctx)
    event["ATTENDEE"] = attendee(registration)
    if online:
        event["CONFERENCE"] = ics.conference(meeting, ctx)
    return event


def attendee(registration) -> str:
    return icstext.address(
        f"mailto:{registration.email}",
        CN=single_line(registration.display_name) or registration.email,
        CUTYPE="INDIVIDUAL",
        ROLE="REQ-PARTICIPANT",
        PARTSTAT="NEEDS-ACTION",
        RSVP="TRUE",
    )


def _stamp(registration, meeting) -> datetime:
    """The latest change behind this invitation: the same inputs give the same bytes."""
    moments = [
        m for m in (meeting.updated_at, registration.updated_at) if m is not None
    ]
    return max(ics.as_utc(m) for m in moments)


def invitation_alarm_minutes(meeting) -> int | None:
    """The meeting's alarm for invitations (comms ReminderSchedule), or None."""
    schedule = db.session.get(ReminderSchedule, meeting.id)
    return schedule.invitation_alarm_minutes if schedule else None
