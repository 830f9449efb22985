"""Time zones and locale-aware formatting, shared by pages, email, feeds and PDFs."""

from datetime import UTC
from datetime import date
from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo
from zoneinfo import available_timezones

from babel import dates as babel_dates


@lru_cache(maxsize=1)
def known_timezones() -> frozenset[str]:
    return frozenset(available_timezones())


def is_known_timezone(name: str) -> bool:
    return name in known_timezones()


def common_timezones() -> list[str]:
    """Zones offered in pickers: real Area/City names, no legacy aliases."""
    prefixes = (
        "Africa/",
        "America/",
        "Asia/",
        "Atlantic/",
        "Australia/",
        "Europe/",
        "Indian/",
        "Pacific/",
    )
    return sorted(z for z in known_timezones() if z.startswith(prefixes)) + ["UTC"]


def to_zone(moment: datetime, zone: str) -> datetime:
    return moment.astimezone(ZoneInfo(zone))


def local_to_utc(naive: datetime, zone: str) -> datetime:
    """Read a wall-clock time in a zone (as entered in a form) as a UTC instant."""
    return naive.replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)


def local_day(moment: datetime, zone: str) -> date:
    return to_zone(moment, zone).date()


def format_date(moment, zone: str, locale: str, format: str = "medium") -> str:
    if isinstance(moment, datetime):
        moment = to_zone(moment, zone).date()
    return babel_dates.format_date(moment, format=format, locale=locale)


def format_time(moment: datetime, zone: str, locale: str) -> str:
    return babel_dates.format_time(
        moment, format="short", tzinfo=ZoneInfo(zone), locale=locale
    )


def format_datetime(moment: datetime, zone: str, locale: str, format="medium") -> str:
    return babel_dates.format_datetime(
        moment, format=format, tzinfo=ZoneInfo(zone), locale=locale
    )


def format_date_range(start: datetime, end: datetime, zone: str, locale: str) -> str:
    """ "28 Feb 2019" or "15–16 Oct 2019", as the locale writes intervals."""
    first, last = local_day(start, zone), local_day(end, zone)
    if first == last:
        return babel_dates.format_date(first, format="medium", locale=locale)
    return babel_dates.format_interval(first, last, skeleton="yMMMd", locale=locale)


def zone_label(zone: str, moment: datetime, locale: str) -> str:
    """ "Europe/Zurich (UTC+02:00)": the IANA name plus the offset at that moment."""
    offset = to_zone(moment, zone).strftime("%z")
    return f"{zone} (UTC{offset[:3]}:{offset[3:]})"
