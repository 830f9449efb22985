"""Parsing feeds with two independent parsers, and the rules parsers do not check."""

from datetime import UTC
from datetime import datetime

import icalendar
import vobject


def parse(data: bytes):
    """(icalendar Calendar, vobject component) of the same bytes, after checking the rules."""
    calendar = icalendar.Calendar.from_ical(data)
    check_rules(calendar, data)
    return calendar, vobject.readOne(data.decode("utf-8"))


def check_rules(calendar, data: bytes) -> None:
    """Lenient parsers accept broken files: check what clients need ourselves."""
    assert calendar.get("VERSION") == "2.0" and calendar.get("PRODID")
    events = calendar.walk("VEVENT")
    keys = [(str(e["UID"]), _recurrence_id(e)) for e in events]
    assert len(keys) == len(set(keys)), "duplicate UIDs"
    recurring = {str(e["UID"]) for e in events if "RRULE" in e}
    for uid, recurrence_id in keys:
        assert recurrence_id is None or uid in recurring, f"{uid}: override, no rule"
    zones = {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")}
    for event in events:
        assert "DTSTAMP" in event and event.decoded("DTSTAMP").tzinfo is not None
        assert "METHOD" not in event
        for name in ("DTSTART", "DTEND", "RECURRENCE-ID"):
            if name not in event:
                continue
            tzid = event[name].params.get("TZID")
            assert tzid is None or tzid in zones, f"{tzid} has no VTIMEZONE"
    for line in data.split(b"\r\n"):
        assert len(line) <= 75, line


def _recurrence_id(event):
    return event.decoded("RECURRENCE-ID") if "RECURRENCE-ID" in event else None


def events_by_uid(calendar) -> dict:
    """The events by UID (a recurring event's master, not its overrides)."""
    return {
        str(e["UID"]): e for e in calendar.walk("VEVENT") if "RECURRENCE-ID" not in e
    }


def vevents_by_uid(component) -> dict:
    return {
        e.uid.value: e
        for e in component.contents.get("vevent", [])
        if "recurrence-id" not in e.contents
    }


def utc(event, name="DTSTART") -> datetime:
    return event.decoded(name).astimezone(UTC)


def vutc(vevent, name="dtstart") -> datetime:
    return getattr(vevent, name).value.astimezone(UTC)


def unfolded(data: bytes) -> bytes:
    """The bytes with folded lines joined, for substring checks."""
    return data.replace(b"\r\n ", b"").replace(b"\r\n\t", b"")
