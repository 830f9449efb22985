"""The iCalendar text the feeds and invitations write (RFC 5545), and nothing else.

A component holds its properties as the text that follows each name, already
escaped and formatted (`text()`, `at()`, `utc()`...): building a feed of 1,000
sessions with the icalendar library's objects and its `to_ical` took ~500 ms
of CPU, most of it generic folding and parameter handling; this writes the
same content in a tenth of that (docs/performance.md). The icalendar library
still writes the VTIMEZONEs (once per zone and years, then cached) and is the
independent parser the tests read every feed back with
(tests/calendar/test_serialiser.py compares field by field).

Rules kept here:
- TEXT escapes backslash, semicolon, comma and newline (RFC 5545 3.3.11);
- parameter values are quoted when they hold a space, ";", ":", "," or a
  quote, and caret-encoded (RFC 6868) for quotes and newlines;
- a content line longer than 75 octets is folded (CRLF and one space) on a
  UTF-8 character boundary (RFC 5545 3.1); lines end with CRLF;
- DATE-TIME in UTC ends with "Z"; any other zone is written as local time with
  its TZID (the calendar then needs that zone's VTIMEZONE: ics.Context).
"""

import re
from datetime import UTC
from datetime import datetime
from datetime import timedelta

CRLF = b"\r\n"
LINE_OCTETS = 75
# paramtext (RFC 5545 3.1) without spaces: TZID=Europe/Zurich stays unquoted,
# as clients expect; a name with a space or a comma is quoted.
_PLAIN_PARAMETER = re.compile(r'[^";:,\s\x00-\x1f\x7f]*')


class Component:
    """One component (VCALENDAR, VEVENT, VALARM): properties in the order set.

    `component["SUMMARY"] = text("...")`: a value is what follows the property
    name on its line, parameters first (";TZID=...:..." or ":...").
    Subcomponents are components or ready iCalendar bytes (a VTIMEZONE).
    """

    __slots__ = ("name", "properties", "subcomponents")

    def __init__(self, name: str):
        self.name = name
        self.properties: dict[str, str] = {}
        self.subcomponents: list = []

    def __setitem__(self, name: str, value: str) -> None:
        self.properties[name] = value

    def __getitem__(self, name: str) -> str:
        return self.properties[name]

    def __contains__(self, name: str) -> bool:
        return name in self.properties

    def get(self, name: str, default=None):
        return self.properties.get(name, default)

    def items(self):
        return self.properties.items()

    def to_ical(self) -> bytes:
        chunks: list[bytes] = []
        _write(self, chunks)
        return b"".join(chunks)


def _write(component: Component, chunks: list[bytes]) -> None:
    chunks.append(b"BEGIN:" + component.name.encode() + CRLF)
    for name, value in component.properties.items():
        chunks.append(content_line(name + value))
    for sub in component.subcomponents:
        if isinstance(sub, bytes):
            chunks.append(sub)
        else:
            _write(sub, chunks)
    chunks.append(b"END:" + component.name.encode() + CRLF)


def content_line(line: str) -> bytes:
    """One content line, folded at 75 octets without cutting a character, with CRLF."""
    data = line.encode("utf-8")
    if len(data) <= LINE_OCTETS:
        return data + CRLF
    parts, start, limit = [], 0, LINE_OCTETS
    while len(data) - start > limit:
        cut = start + limit
        while data[cut] & 0xC0 == 0x80:  # a UTF-8 continuation byte: step back
            cut -= 1
        parts.append(data[start:cut])
        start, limit = cut, LINE_OCTETS - 1  # the next line starts with a space
    parts.append(data[start:])
    return b"\r\n ".join(parts) + CRLF


# ---------------------------------------------------------------- values


def escape(value: str) -> str:
    """TEXT as RFC 5545 writes it (3.3.11)."""
    if "\\" in value:
        value = value.replace("\\", "\\\\")
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def parameter(value: str) -> str:
    """A parameter value: quoted unless plain, RFC 6868 carets for ^, " and newlines."""
    if _PLAIN_PARAMETER.fullmatch(value):
        return value
    value = value.replace("^", "^^").replace('"', "^'").replace("\n", "^n")
    return f'"{value}"'


def parameters(params: dict) -> str:
    return "".join(f";{name}={parameter(str(value))}" for name, value in params.items())


def text(value: str) -> str:
    return ":" + escape(value)


def texts(values) -> str:
    """A list of TEXT values (CATEGORIES)."""
    return ":" + ",".join(escape(value) for value in values)


def raw(value) -> str:
    """A value written as it is: URI, CAL-ADDRESS, INTEGER, RECUR."""
    return f":{value}"


def address(uri: str, **params) -> str:
    """A CAL-ADDRESS with its parameters (ORGANIZER, ATTENDEE)."""
    return f"{parameters(params)}:{uri}"


def utc(moment: datetime) -> str:
    return ":" + _utc_stamp(moment)


def at(moment: datetime) -> str:
    """DATE-TIME in the moment's own zone: "Z" for UTC, else local time and TZID."""
    zone = moment.tzinfo
    if zone is None or _is_utc(zone):
        return ":" + _utc_stamp(moment)
    return f";TZID={parameter(zone.key)}:{moment.strftime('%Y%m%dT%H%M%S')}"


def _is_utc(zone) -> bool:
    return zone is UTC or getattr(zone, "key", None) in ("UTC", "Etc/UTC")


def _utc_stamp(moment: datetime) -> str:
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y%m%dT%H%M%SZ")


def duration(delta: timedelta, **params) -> str:
    """DURATION (RFC 5545 3.3.6): [-]P[nD][T[nH][nM][nS]]."""
    sign, delta = ("-", -delta) if delta < timedelta(0) else ("", delta)
    seconds = delta.seconds
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    body = f"{delta.days}D" if delta.days else ""
    clock = "".join(
        f"{amount}{unit}"
        for amount, unit in ((hours, "H"), (minutes, "M"), (seconds, "S"))
        if amount
    )
    if clock or not body:
        body += "T" + (clock or "0S")
    return f"{parameters(params)}:{sign}P{body}"
