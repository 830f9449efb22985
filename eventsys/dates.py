"""Time zones and locale-aware formatting, shared by pages, email, feeds and PDFs."""

from datetime import UTC
from datetime import date
from datetime import datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path
from zoneinfo import TZPATH
from zoneinfo import ZoneInfo
from zoneinfo import available_timezones

from babel import dates as babel_dates


@lru_cache(maxsize=1)
def known_timezones() -> frozenset[str]:
    return frozenset(available_timezones())


def is_known_timezone(name: str) -> bool:
    return name in known_timezones()


@lru_cache(maxsize=1)
def common_timezones() -> tuple[str, ...]:
    """Zones offered in pickers: the canonical zones of tzdata's zone.tab, and UTC.

    zone.tab names one current zone per place (America/Argentina/Buenos_Aires,
    Africa/Asmara, Europe/Kyiv): no deprecated aliases (America/Buenos_Aires,
    Africa/Asmera, Europe/Kiev) and no legacy names (US/Eastern, Etc/GMT+5).
    Aliases stay valid everywhere a zone is read (is_known_timezone).
    """
    zones = {
        line.split("\t")[2]
        for line in _zone_tab().splitlines()
        if line and not line.startswith("#")
    }
    return tuple(sorted(zones & known_timezones())) + ("UTC",)


def _zone_tab() -> str:
    """tzdata's zone.tab: the system's, where zoneinfo reads, else the tzdata package's."""
    for base in TZPATH:
        path = Path(base) / "zone.tab"
        if path.is_file():
            return path.read_text(encoding="utf-8")
    return (
        resources.files("tzdata")
        .joinpath("zoneinfo", "zone.tab")
        .read_text(encoding="utf-8")
    )


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
