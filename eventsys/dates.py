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


# English follows UN style, as British English writes it: day month year
# ("22 June 2027", "Tuesday 22 June 2027") and the 24-hour clock (13:15).
# French and Spanish keep their own CLDR conventions.
ENGLISH_DATES = {
    "short": "d MMM y",
    "medium": "d MMMM y",
    "long": "d MMMM y",
    "full": "EEEE d MMMM y",
}


def _babel_locale(language: str) -> str:
    return "en_GB" if language == "en" else language


def _date_format(format: str, language: str) -> str:
    return ENGLISH_DATES.get(format, format) if language == "en" else format


def format_date(moment, zone: str, locale: str, format: str = "medium") -> str:
    if isinstance(moment, datetime):
        moment = to_zone(moment, zone).date()
    return babel_dates.format_date(
        moment, format=_date_format(format, locale), locale=_babel_locale(locale)
    )


def format_time(moment: datetime, zone: str, locale: str) -> str:
    """Hours and minutes, never seconds: "13:15" (and "13 h 15" where a language says so)."""
    return babel_dates.format_time(
        moment, format="short", tzinfo=ZoneInfo(zone), locale=_babel_locale(locale)
    )


def format_datetime(
    moment: datetime, zone: str, locale: str, format="medium", *, named=False
) -> str:
    """A day and a time (no seconds) in a zone; named=True says which zone."""
    pattern = babel_dates.get_datetime_format(format, locale=_babel_locale(locale))
    text = (
        pattern.replace("'", "")
        .replace("{1}", format_date(moment, zone, locale, format))
        .replace("{0}", format_time(moment, zone, locale))
    )
    if not named:
        return text
    return f"{text} UTC" if zone == "UTC" else f"{text} ({zone})"


def format_date_range(start: datetime, end: datetime, zone: str, locale: str) -> str:
    """ "28 February 2019" or "15–16 October 2019", as the language writes intervals."""
    first, last = local_day(start, zone), local_day(end, zone)
    if first == last:
        return format_date(first, zone, locale)
    if locale == "en":
        return _english_range(first, last)
    return babel_dates.format_interval(first, last, skeleton="yMMMd", locale=locale)


def _english_range(first: date, last: date) -> str:
    # UN style: "22–23 June 2027", "30 June–2 July 2027", "30 December 2027–2 January 2028".
    def day(d: date, pattern: str) -> str:
        return babel_dates.format_date(d, format=pattern, locale="en_GB")

    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}\u2013{day(last, 'd MMMM y')}"
    if first.year == last.year:
        return f"{day(first, 'd MMMM')}\u2013{day(last, 'd MMMM y')}"
    return f"{day(first, 'd MMMM y')}\u2013{day(last, 'd MMMM y')}"


def zone_label(zone: str, moment: datetime, locale: str) -> str:
    """ "Europe/Zurich (UTC+02:00)": the IANA name plus the offset at that moment."""
    offset = to_zone(moment, zone).strftime("%z")
    return f"{zone} (UTC{offset[:3]}:{offset[3:]})"
