"""The days of a meeting and the hours of each: one rule for every calendar entry.

A meeting of several days is not one block from the first morning to the last
evening: calendars show it day by day (a daily recurring event, see
eventsys/calendar/ics.py), each day with its own hours. Day 1 starts when the
meeting starts and the last day ends when it ends; the other bounds come from
that day's scheduled sessions, or else from the meeting's own start and end
times of day. Pure functions over models (or light rows with the same names).
"""

from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from eventsys.dates import is_known_timezone


def zone_name(meeting) -> str:
    """The meeting's zone, or UTC for a name this machine does not know."""
    return meeting.timezone if is_known_timezone(meeting.timezone or "") else "UTC"


@lru_cache(maxsize=64)
def zoneinfo(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def local_dates(meeting) -> tuple[date, date]:
    """First and last local day (an end at midnight belongs to the day before)."""
    zone = zoneinfo(zone_name(meeting))
    first = meeting.starts_at.astimezone(zone).date()
    last = (meeting.ends_at - timedelta(microseconds=1)).astimezone(zone).date()
    return first, max(first, last)


def meeting_dates(meeting) -> list[date]:
    """Each local day of the meeting, first day first."""
    first, last = local_dates(meeting)
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def meeting_days(meeting, sessions) -> list[tuple[datetime, datetime]]:
    """(start, end) of each day of the meeting, in its zone, first day first.

    sessions: the meeting's sessions (cancelled ones and those outside its
    dates do not count).
    """
    zone = zoneinfo(zone_name(meeting))
    start, end = meeting.starts_at.astimezone(zone), meeting.ends_at.astimezone(zone)
    first, last = local_dates(meeting)
    if first == last:
        return [(start, end)]
    spans = _session_spans(sessions, zone, first, last)
    days = []
    for offset in range((last - first).days + 1):
        day = first + timedelta(days=offset)
        default = (_at(day, start.time(), zone), _at(day, end.time(), zone, end=True))
        begins, ends = spans.get(day, default)
        if day == first:
            begins = start
        if day == last:
            ends = end
        if ends <= begins:  # e.g. an evening start and a morning end
            begins = max(start, _at(day, time(0), zone))
            ends = min(end, _at(day + timedelta(days=1), time(0), zone))
        days.append((begins, ends))
    return days


def _session_spans(sessions, zone, first: date, last: date) -> dict:
    spans: dict[date, tuple[datetime, datetime]] = {}
    for session in sessions:
        if session.status == "cancelled":
            continue
        begins = session.starts_at.astimezone(zone)
        ends = session.ends_at.astimezone(zone)
        day = begins.date()
        if first <= day <= last:
            low, high = spans.get(day, (begins, ends))
            spans[day] = (min(low, begins), max(high, ends))
    return spans


def _at(day: date, clock: time, zone: ZoneInfo, *, end: bool = False) -> datetime:
    """A wall-clock time on a day; midnight as an end means the end of that day."""
    if end and clock == time(0):
        day += timedelta(days=1)
    return datetime.combine(day, clock, tzinfo=zone)
