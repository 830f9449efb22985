"""iCalendar builders: models in, bytes out (written by calendar/icstext.py).

Every event has a permanent UID (meeting-<id>@<domain>, session-<id>@<domain>),
DTSTAMP and LAST-MODIFIED from the model (so the same data gives the same
bytes and ETag), SEQUENCE that only rises, local times with a TZID and the
VTIMEZONE it needs. The confidential online link is written only when the
caller says so (`online=True`): public feeds never pass it.
"""

from dataclasses import dataclass
from dataclasses import field
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from flask_babel import force_locale
from flask_babel import gettext as _
from icalendar import Timezone

from eventsys import labels
from eventsys.agenda import days
from eventsys.agenda import languages
from eventsys.calendar import icstext
from eventsys.calendar.icstext import Component
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
) -> Component:
    """An empty VCALENDAR with the properties feeds need (RFC 5545 + RFC 7986).

    NAME and DESCRIPTION go with their older X-WR- twins, which Apple and
    Outlook read.
    """
    calendar = Component("VCALENDAR")
    calendar["PRODID"] = icstext.raw(PRODID)
    calendar["VERSION"] = icstext.raw("2.0")
    name, description = single_line(name), printable(description)
    if name:
        calendar["NAME"] = calendar["X-WR-CALNAME"] = icstext.text(name)
    if description:
        calendar["DESCRIPTION"] = icstext.text(description)
        calendar["X-WR-CALDESC"] = icstext.text(description)
    calendar["METHOD"] = icstext.raw(method)
    calendar["UID"] = icstext.text(uid)
    if method == "PUBLISH":
        calendar["REFRESH-INTERVAL"] = icstext.duration(
            REFRESH_INTERVAL, VALUE="DURATION"
        )
        calendar["X-PUBLISHED-TTL"] = icstext.duration(REFRESH_INTERVAL)  # Outlook
    return calendar


def finish(calendar: Component, ctx: Context) -> bytes:
    """Put a VTIMEZONE for every zone used first, then serialise."""
    zones = [
        _vtimezone(name, *years)
        for name, years in sorted(ctx.zones.items())
        if name != "UTC"
    ]
    calendar.subcomponents[0:0] = zones
    return calendar.to_ical()


@lru_cache(maxsize=128)
def _vtimezone(name: str, first_year: int, last_year: int) -> bytes:
    """A VTIMEZONE covering the years used (a margin of a year on each side).

    Written by the icalendar library (it knows the zone's transitions), once.
    """
    return Timezone.from_tzid(
        name,
        first_date=date(first_year - 1, 1, 1),
        last_date=date(last_year + 1, 12, 31),
    ).to_ical()


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
                event["TRANSP"] = icstext.raw("TRANSPARENT")
            events.extend(on_days(event, entry.days, zone_of(entry.meeting), ctx))
        for session in entry.sessions:
            events.append(
                session_event(session, entry.meeting, ctx, online=entry.online)
            )
    add_alarm(events, alarm_minutes, ctx.words["reminder"])
    return finish(calendar, ctx)


# ---------------------------------------------------------------- events


def organizer(meeting, ctx: Context) -> str:
    """The secretariat's address (one value per meeting)."""
    key = ("organizer", meeting.id)
    if key not in ctx.shared:
        ctx.shared[key] = icstext.address(
            f"mailto:{meeting.contact_email or ctx.contact_email}",
            CN=ctx.words["secretariat"],
        )
    return ctx.shared[key]


def conference(meeting, ctx: Context) -> str:
    """The online link as a CONFERENCE (RFC 7986), for those who may see it."""
    return icstext.address(
        meeting.online_url, FEATURE="VIDEO", LABEL=ctx.words["join"], VALUE="URI"
    )


def meeting_event(meeting, ctx: Context, *, online: bool = False) -> Component:
    """The meeting's event without its times (on_days adds them)."""
    event = Component("VEVENT")
    event["UID"] = icstext.text(meeting_uid(meeting.id, ctx.uid_domain))
    event["DTSTAMP"] = event["LAST-MODIFIED"] = icstext.utc(as_utc(meeting.updated_at))
    event["SEQUENCE"] = icstext.raw(meeting.sequence or 0)
    event["SUMMARY"] = icstext.text(
        summary_text(
            ctx.text(meeting.title, meeting), meeting.status == "cancelled", ctx
        )
    )
    event["DESCRIPTION"] = icstext.text(meeting_description(meeting, ctx, online))
    location = location_text(meeting, ctx)
    if location:
        event["LOCATION"] = icstext.text(location)
    event["URL"] = icstext.raw(meeting_url(ctx.base_url, meeting))
    event["CATEGORIES"] = icstext.texts(_meeting_categories(meeting, ctx))
    event["STATUS"] = _status(meeting.status == "cancelled")
    event["ORGANIZER"] = organizer(meeting, ctx)
    if online and meeting.online_url:
        event["CONFERENCE"] = conference(meeting, ctx)
    return event


CANCELLED, CONFIRMED = icstext.raw("CANCELLED"), icstext.raw("CONFIRMED")


def _status(cancelled: bool) -> str:
    return CANCELLED if cancelled else CONFIRMED


def on_days(
    event: Component, meeting_days, zone_name: str, ctx: Context
) -> list[Component]:
    """The event on each day, never through the night: day 1's hours, a daily
    RRULE for the others, and a RECURRENCE-ID override for each day whose hours
    differ. The UID stays the meeting's, so calendars update what they hold.
    """
    (first_start, first_end), *others = meeting_days
    zone = ctx.use_zone(zone_name, first_start, meeting_days[-1][1])
    first_start, first_end = first_start.astimezone(zone), first_end.astimezone(zone)
    event["DTSTART"] = icstext.at(first_start)
    event["DTEND"] = icstext.at(first_end)
    if not others:
        return [event]
    event["RRULE"] = icstext.raw(f"FREQ=DAILY;COUNT={len(meeting_days)}")
    events, length = [event], first_end - first_start
    for offset, (start, end) in enumerate(others, start=1):
        planned = datetime.combine(
            first_start.date() + timedelta(days=offset), first_start.time(), zone
        )
        if (start, end) != (planned, planned + length):
            events.append(_override(event, planned, start, end, zone))
    return events


def add_alarm(events: list[Component], minutes: int | None, description: str) -> None:
    """A display VALARM `minutes` before each event that is not cancelled (RFC 5545)."""
    if not minutes:
        return
    trigger = icstext.duration(-timedelta(minutes=minutes))
    description = icstext.text(single_line(description) or "Reminder")
    for event in events:
        if event.get("STATUS") == CANCELLED:
            continue
        alarm = Component("VALARM")
        alarm["ACTION"] = icstext.raw("DISPLAY")
        alarm["TRIGGER"] = trigger
        alarm["DESCRIPTION"] = description
        event.subcomponents.append(alarm)


def _override(event: Component, planned: datetime, start, end, zone) -> Component:
    """One day of a recurring event with other hours (RFC 5545 RECURRENCE-ID)."""
    override = Component("VEVENT")
    for name, value in event.items():
        if name not in ("DTSTART", "DTEND", "RRULE"):
            override[name] = value
    override["RECURRENCE-ID"] = icstext.at(planned)
    override["DTSTART"] = icstext.at(start.astimezone(zone))
    override["DTEND"] = icstext.at(end.astimezone(zone))
    return override


def session_event(session, meeting, ctx: Context, *, online: bool = False) -> Component:
    """A timed event for one session; it stays, marked cancelled, when cancelled."""
    cancelled = session.status == "cancelled" or meeting.status == "cancelled"
    zone = ctx.use_zone(zone_of(meeting), session.starts_at, session.ends_at)
    event = Component("VEVENT")
    event["UID"] = icstext.text(session_uid(session.id, ctx.uid_domain))
    # The meeting's venue and status show in the session too: either change counts.
    stamp = max(as_utc(session.updated_at), as_utc(meeting.updated_at))
    event["DTSTAMP"] = event["LAST-MODIFIED"] = _shared_time(ctx, stamp, UTC)
    event["SEQUENCE"] = icstext.raw(session.event_sequence(meeting))
    event["DTSTART"] = _shared_time(ctx, session.starts_at, zone)
    event["DTEND"] = _shared_time(ctx, session.ends_at, zone)
    event["SUMMARY"] = icstext.text(
        summary_text(ctx.text(session.title, meeting), cancelled, ctx)
    )
    event["DESCRIPTION"] = icstext.text(
        _session_description(session, meeting, ctx, online)
    )
    location = location_text(
        meeting, ctx, room=session.room.name if session.room else ""
    )
    if location:
        event["LOCATION"] = icstext.text(location)
    event["URL"] = icstext.raw(session_url(ctx.base_url, meeting, session))
    event["CATEGORIES"] = _session_categories(session.kind, meeting, ctx)
    event["STATUS"] = _status(cancelled)
    event["ORGANIZER"] = organizer(meeting, ctx)
    if online and meeting.online_url:
        event["CONFERENCE"] = conference(meeting, ctx)
    return event


def _shared_time(ctx: Context, moment: datetime, zone) -> str:
    """One written value per instant and zone: parallel sessions share their times."""
    key = ("time", zone, moment)
    if key not in ctx.shared:
        ctx.shared[key] = icstext.at(moment.astimezone(zone))
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


def _session_categories(kind: str, meeting, ctx: Context) -> str:
    key = ("categories", kind, meeting.series_id)
    if key not in ctx.shared:
        ctx.shared[key] = icstext.texts(
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
