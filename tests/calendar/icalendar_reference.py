"""The feeds and invitations as eventsys built them with the icalendar library
(until 2026-12-02): the oracle the hand-written serialiser (calendar/ics.py) is
compared with, field by field, in test_serialiser.py. Frozen: do not follow
changes of ics.py here unless the change is meant to alter the output.
"""

from dataclasses import dataclass
from dataclasses import field
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from icalendar import Alarm
from icalendar import Calendar
from icalendar import Conference
from icalendar import Event
from icalendar import Timezone
from icalendar import vCalAddress
from icalendar import vCategory
from icalendar import vDDDTypes
from icalendar import vDuration
from icalendar import vInt
from icalendar import vRecur
from icalendar import vText
from icalendar import vUri

from eventsys import labels
from eventsys.agenda import days
from eventsys.agenda import languages
from eventsys.agenda.public import public_days_of
from eventsys.calendar.invitations import invitation_alarm_minutes
from eventsys.calendar.invitations import may_see_online_link
from eventsys.i18n import colon
from eventsys.i18n import localized
from eventsys.meetings.places import place
from eventsys.text import printable
from eventsys.text import single_line

PRODID = "-//eventsys//Meetings of migration dialogues//EN"
REFRESH_INTERVAL = timedelta(hours=1)
# Which people a session's description names, in this order.
DESCRIBED_ROLES = ("chair", "moderator", "keynote", "speaker", "panelist", "rapporteur")


def meeting_uid(meeting_id: int, uid_domain: str) -> str:
    return f"meeting-{meeting_id}@{uid_domain}"


def session_uid(session_id: int, uid_domain: str) -> str:
    return f"session-{session_id}@{uid_domain}"


def meeting_url(base_url: str, meeting) -> str:
    return f"{base_url.rstrip('/')}/meetings/{meeting.slug}/"


def session_url(base_url: str, meeting, session) -> str:
    return f"{base_url.rstrip('/')}/meetings/{meeting.slug}/agenda#session-{session.id}"


zone_of = days.zone_name


@dataclass
class Context:
    """What every event of one calendar shares: domain, links, language, words."""

    uid_domain: str
    base_url: str
    contact_email: str
    language: str = "en"
    words: dict = field(default_factory=dict)
    zones: dict = field(default_factory=dict)  # zone name -> (first year, last year)
    shared: dict = field(default_factory=dict)  # property values reused across events

    def __post_init__(self):
        self.words = self.words or translated_words(self.language)

    def text(self, value, meeting) -> str:
        return localized(value, self.language, fallback=meeting.main_language)

    def use_zone(self, name: str, *moments: datetime) -> ZoneInfo:
        years = [m.year for m in moments]
        first, last = self.zones.get(name, (min(years), max(years)))
        self.zones[name] = (min(first, *years), max(last, *years))
        return days.zoneinfo(name)


def translated_words(language: str) -> dict:
    """The few words the feed writes itself, in the feed's language."""
    with force_locale(language or "en"):
        return {
            "cancelled": _("Cancelled: %(title)s", title="{}"),
            "theme": _("Theme"),
            "online": _("Online"),
            "join": _("Join online"),
            "online_link": _("Online link (personal, do not share)"),
            "roles": {code: str(label) for code, label in labels.PERSON_ROLE.items()},
            "kinds": {code: str(label) for code, label in labels.SESSION_KIND.items()},
            "formats": {code: str(label) for code, label in labels.FORMAT.items()},
            "secretariat": _("Secretariat"),
            "reminder": _("Reminder"),
            "colon": colon(language or "en"),
            "session_languages": languages.words(),
        }


# ---------------------------------------------------------------- calendars


def new_calendar(
    *, uid: str, name: str, description: str, method: str = "PUBLISH"
) -> Calendar:
    """An empty VCALENDAR with the properties feeds need (RFC 5545 + RFC 7986)."""
    calendar = Calendar.new(
        uid=uid,
        prodid=PRODID,
        method=method,
        name=single_line(name) or None,
        description=printable(description) or None,
    )
    if method == "PUBLISH":
        calendar["REFRESH-INTERVAL"] = vDuration(
            REFRESH_INTERVAL, params={"VALUE": "DURATION"}
        )
        # Outlook reads this one; icalendar writes a bare timedelta wrongly.
        calendar["X-PUBLISHED-TTL"] = vDuration(REFRESH_INTERVAL)
    return calendar


def finish(calendar: Calendar, ctx: Context) -> bytes:
    """Put a VTIMEZONE for every zone used first, then serialise."""
    zones = [
        _vtimezone(name, *years)
        for name, years in sorted(ctx.zones.items())
        if name != "UTC"
    ]
    calendar.subcomponents[0:0] = zones
    # Properties stay in the order written here (stable): sorting costs ~15%.
    return calendar.to_ical(sorted=False)


@lru_cache(maxsize=128)
def _vtimezone(name: str, first_year: int, last_year: int) -> Timezone:
    """A VTIMEZONE covering the years used (a margin of a year on each side)."""
    return Timezone.from_tzid(
        name,
        first_date=date(first_year - 1, 1, 1),
        last_date=date(last_year + 1, 12, 31),
    )


@dataclass
class FeedEntry:
    """One meeting in a feed, the sessions to show with it, and whether the link may show."""

    meeting: object
    sessions: list = field(default_factory=list)
    online: bool = False
    with_meeting: bool = True
    days: list = field(default_factory=list)  # agenda.days.meeting_days
    # The feed carries all the meeting's sessions: they, not the meeting, are busy.
    transparent: bool = False


def build_feed(
    entries,
    *,
    uid: str,
    name: str,
    description: str,
    ctx: Context,
    alarm_minutes: int | None = None,
) -> bytes:
    """A METHOD:PUBLISH calendar of meetings and sessions (with alarms if asked)."""
    calendar = new_calendar(uid=uid, name=name, description=description)
    events = calendar.subcomponents
    for entry in entries:
        if entry.with_meeting:
            event = meeting_event(entry.meeting, ctx, online=entry.online)
            if entry.transparent:
                event["TRANSP"] = vText("TRANSPARENT")
            events.extend(on_days(event, entry.days, zone_of(entry.meeting), ctx))
        for session in entry.sessions:
            events.append(
                session_event(session, entry.meeting, ctx, online=entry.online)
            )
    add_alarm(events, alarm_minutes, ctx.words["reminder"])
    return finish(calendar, ctx)


# ---------------------------------------------------------------- events


def organizer(meeting, ctx: Context) -> vCalAddress:
    """The secretariat's address (one shared value per meeting: values are never changed)."""
    key = ("organizer", meeting.id)
    if key not in ctx.shared:
        address = vCalAddress(f"mailto:{meeting.contact_email or ctx.contact_email}")
        address.params["CN"] = ctx.words["secretariat"]
        ctx.shared[key] = address
    return ctx.shared[key]


def meeting_event(meeting, ctx: Context, *, online: bool = False) -> Event:
    """The meeting's event without its times (on_days adds them)."""
    event = Event()
    event["UID"] = vText(meeting_uid(meeting.id, ctx.uid_domain))
    event["DTSTAMP"] = event["LAST-MODIFIED"] = vDDDTypes(as_utc(meeting.updated_at))
    event["SEQUENCE"] = vInt(meeting.sequence or 0)
    event["SUMMARY"] = vText(
        summary_text(
            ctx.text(meeting.title, meeting), meeting.status == "cancelled", ctx
        )
    )
    event["DESCRIPTION"] = vText(meeting_description(meeting, ctx, online))
    location = location_text(meeting, ctx)
    if location:
        event["LOCATION"] = vText(location)
    event["URL"] = vUri(meeting_url(ctx.base_url, meeting))
    event["CATEGORIES"] = vCategory(_meeting_categories(meeting, ctx))
    event["STATUS"] = vText(
        "CANCELLED" if meeting.status == "cancelled" else "CONFIRMED"
    )
    event["ORGANIZER"] = organizer(meeting, ctx)
    if online and meeting.online_url:
        event.conferences = [
            Conference(meeting.online_url, feature=["VIDEO"], label=ctx.words["join"])
        ]
    return event


def on_days(event: Event, meeting_days, zone_name: str, ctx: Context) -> list[Event]:
    """The event on each day, never through the night: day 1's hours, a daily
    RRULE for the others, and a RECURRENCE-ID override for each day whose hours
    differ. The UID stays the meeting's, so calendars update what they hold.
    """
    (first_start, first_end), *others = meeting_days
    zone = ctx.use_zone(zone_name, first_start, meeting_days[-1][1])
    first_start, first_end = first_start.astimezone(zone), first_end.astimezone(zone)
    event["DTSTART"] = vDDDTypes(first_start)
    event["DTEND"] = vDDDTypes(first_end)
    if not others:
        return [event]
    event["RRULE"] = vRecur(FREQ="DAILY", COUNT=len(meeting_days))
    events, length = [event], first_end - first_start
    for offset, (start, end) in enumerate(others, start=1):
        planned = datetime.combine(
            first_start.date() + timedelta(days=offset), first_start.time(), zone
        )
        if (start, end) != (planned, planned + length):
            events.append(_override(event, planned, start, end, zone))
    return events


def add_alarm(events: list[Event], minutes: int | None, description: str) -> None:
    """A display VALARM `minutes` before each event that is not cancelled (RFC 5545)."""
    if not minutes:
        return
    for event in events:
        if str(event.get("STATUS", "")) == "CANCELLED":
            continue
        alarm = Alarm()
        alarm["ACTION"] = vText("DISPLAY")
        alarm["TRIGGER"] = vDuration(-timedelta(minutes=minutes))
        alarm["DESCRIPTION"] = vText(single_line(description) or "Reminder")
        event.add_component(alarm)


def _override(event: Event, planned: datetime, start, end, zone) -> Event:
    """One day of a recurring event with other hours (RFC 5545 RECURRENCE-ID)."""
    override = Event()
    for name, value in event.items():
        if name not in ("DTSTART", "DTEND", "RRULE"):
            override[name] = value
    override["RECURRENCE-ID"] = vDDDTypes(planned)
    override["DTSTART"] = vDDDTypes(start.astimezone(zone))
    override["DTEND"] = vDDDTypes(end.astimezone(zone))
    return override


def session_event(session, meeting, ctx: Context, *, online: bool = False) -> Event:
    """A timed event for one session; it stays, marked cancelled, when cancelled."""
    cancelled = session.status == "cancelled" or meeting.status == "cancelled"
    zone = ctx.use_zone(zone_of(meeting), session.starts_at, session.ends_at)
    event = Event()
    event["UID"] = vText(session_uid(session.id, ctx.uid_domain))
    # The meeting's venue and status show in the session too: either change counts.
    stamp = max(as_utc(session.updated_at), as_utc(meeting.updated_at))
    event["DTSTAMP"] = event["LAST-MODIFIED"] = _shared_time(ctx, stamp, "UTC")
    event["SEQUENCE"] = vInt(session.event_sequence(meeting))
    event["DTSTART"] = _shared_time(ctx, session.starts_at, zone)
    event["DTEND"] = _shared_time(ctx, session.ends_at, zone)
    event["SUMMARY"] = vText(
        summary_text(ctx.text(session.title, meeting), cancelled, ctx)
    )
    event["DESCRIPTION"] = vText(_session_description(session, meeting, ctx, online))
    location = location_text(
        meeting, ctx, room=session.room.name if session.room else ""
    )
    if location:
        event["LOCATION"] = vText(location)
    event["URL"] = vUri(session_url(ctx.base_url, meeting, session))
    event["CATEGORIES"] = _session_categories(session.kind, meeting, ctx)
    event["STATUS"] = _shared_text(ctx, "CANCELLED" if cancelled else "CONFIRMED")
    event["ORGANIZER"] = organizer(meeting, ctx)
    if online and meeting.online_url:
        event.conferences = [
            Conference(meeting.online_url, feature=["VIDEO"], label=ctx.words["join"])
        ]
    return event


def _shared_time(ctx: Context, moment: datetime, zone) -> vDDDTypes:
    """One property value per instant and zone: parallel sessions share their times."""
    key = ("time", str(zone), moment)
    if key not in ctx.shared:
        ctx.shared[key] = vDDDTypes(moment.astimezone(UTC if zone == "UTC" else zone))
    return ctx.shared[key]


def _shared_text(ctx: Context, text: str) -> vText:
    key = ("text", text)
    if key not in ctx.shared:
        ctx.shared[key] = vText(text)
    return ctx.shared[key]


def as_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def summary_text(title: str, cancelled: bool, ctx: Context) -> str:
    # Outlook shows cancelled events like others: say it in the title too.
    title = single_line(title)
    return ctx.words["cancelled"].format(title) if cancelled else title


def location_text(meeting, ctx: Context, room: str = "") -> str:
    text = place(meeting, ctx.language, room)
    if meeting.format == "virtual" and not (meeting.venue or meeting.city):
        text = ", ".join(part for part in (text, ctx.words["online"]) if part)
    return single_line(text)


def _session_categories(kind: str, meeting, ctx: Context) -> vCategory:
    key = ("categories", kind, meeting.series_id)
    if key not in ctx.shared:
        ctx.shared[key] = vCategory(
            [ctx.words["kinds"].get(kind, kind), single_line(meeting.series.acronym)]
        )
    return ctx.shared[key]


def _meeting_categories(meeting, ctx: Context) -> list[str]:
    return [
        single_line(meeting.series.acronym),
        ctx.words["formats"].get(meeting.format, meeting.format),
    ]


def _access_lines(meeting, ctx: Context, online: bool) -> list[str]:
    if online and meeting.online_url:
        return [f"{ctx.words['online_link']}{ctx.words['colon']} {meeting.online_url}"]
    note = ctx.text(meeting.online_access_note, meeting)
    return [note] if note else []


def meeting_description(meeting, ctx: Context, online: bool) -> str:
    lines = []
    theme = ctx.text(meeting.theme, meeting)
    if theme:
        lines.append(f"{ctx.words['theme']}{ctx.words['colon']} {theme}")
    if meeting.status == "cancelled" and meeting.cancel_reason:
        lines.append(meeting.cancel_reason)
    lines += _access_lines(meeting, ctx, online)
    lines.append(meeting_url(ctx.base_url, meeting))
    return printable("\n\n".join(lines))


def _session_description(session, meeting, ctx: Context, online: bool) -> str:
    lines = []
    text = ctx.text(session.description, meeting)
    if text:
        lines.append(text)
    people = _people_lines(session.people, ctx)
    if people:
        lines.append("\n".join(people))
    spoken_in = languages.languages_line(
        session, ctx.words["session_languages"], ctx.language
    )
    if spoken_in:
        lines.append(spoken_in)
    lines += _access_lines(meeting, ctx, online)
    lines.append(session_url(ctx.base_url, meeting, session))
    return printable("\n\n".join(lines))


def _people_lines(people, ctx: Context) -> list[str]:
    by_role: dict[str, list[str]] = {}
    for person in people:
        name = single_line(person.name)
        if person.affiliation:
            name = f"{name} ({single_line(person.affiliation)})"
        by_role.setdefault(person.role, []).append(name)
    roles = ctx.words["roles"]
    return [
        f"{roles.get(role, role)}{ctx.words['colon']} {', '.join(by_role[role])}"
        for role in DESCRIBED_ROLES
        if role in by_role
    ]


METHODS = ("REQUEST", "CANCEL")


def _stamp(registration, meeting):
    moments = [
        m for m in (meeting.updated_at, registration.updated_at) if m is not None
    ]
    return max(as_utc(m) for m in moments)


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
    ctx = Context(
        uid_domain=uid_domain,
        base_url=base_url,
        contact_email=current_app.config["EVENTSYS_CONTACT_EMAIL"],
        language=registration.language or meeting.main_language,
    )
    title = ctx.text(meeting.title, meeting)
    calendar = new_calendar(
        uid=f"invitation-{meeting.id}@{uid_domain}",
        name=title,
        description="",
        method=method,
    )
    (meeting_days,) = public_days_of([meeting]).values()
    zone = zone_of(meeting) if len(meeting_days) > 1 else "UTC"
    event = _invitation_event(registration, method, ctx)
    events = on_days(event, meeting_days, zone, ctx)
    if method == "REQUEST":
        add_alarm(events, invitation_alarm_minutes(meeting), title)
    calendar.subcomponents.extend(events)
    return finish(calendar, ctx)


def _invitation_event(registration, method: str, ctx: Context) -> Event:
    meeting = registration.meeting
    cancelled = method == "CANCEL" or meeting.status == "cancelled"
    online = method == "REQUEST" and may_see_online_link(registration)
    event = Event()
    event["UID"] = vText(meeting_uid(meeting.id, ctx.uid_domain))
    event["DTSTAMP"] = vDDDTypes(_stamp(registration, meeting))
    event["SEQUENCE"] = vInt(registration.invite_sequence or 0)
    event["SUMMARY"] = vText(
        summary_text(ctx.text(meeting.title, meeting), cancelled, ctx)
    )
    event["DESCRIPTION"] = vText(meeting_description(meeting, ctx, online))
    location = location_text(meeting, ctx)
    if location:
        event["LOCATION"] = vText(location)
    event["URL"] = vUri(meeting_url(ctx.base_url, meeting))
    event["STATUS"] = vText("CANCELLED" if cancelled else "CONFIRMED")
    event["ORGANIZER"] = organizer(meeting, ctx)
    event["ATTENDEE"] = attendee(registration)
    if online:
        event.conferences = [
            Conference(meeting.online_url, feature=["VIDEO"], label=ctx.words["join"])
        ]
    return event


def attendee(registration) -> vCalAddress:
    address = vCalAddress(f"mailto:{registration.email}")
    address.params.update(
        {
            "CN": single_line(registration.display_name) or registration.email,
            "CUTYPE": "INDIVIDUAL",
            "ROLE": "REQ-PARTICIPANT",
            "PARTSTAT": "NEEDS-ACTION",
            "RSVP": "TRUE",
        }
    )
    return address


def _stamp(registration, meeting) -> datetime:
    """The latest change behind this invitation: the same inputs give the same bytes."""
    moments = [
        m for m in (meeting.updated_at, registration.updated_at) if m is not None
    ]
    return max(as_utc(m) for m in moments)


def attendee(registration) -> vCalAddress:
    address = vCalAddress(f"mailto:{registration.email}")
    address.params.update(
        {
            "CN": single_line(registration.display_name) or registration.email,
            "CUTYPE": "INDIVIDUAL",
            "ROLE": "REQ-PARTICIPANT",
            "PARTSTAT": "NEEDS-ACTION",
            "RSVP": "TRUE",
        }
    )
    return address
