"""Add-to-calendar links for web calendars that cannot import a file by URL."""

from datetime import UTC
from urllib.parse import urlencode

from eventsys.calendar import ics
from eventsys.i18n import localized
from eventsys.meetings.places import place

GOOGLE = "https://calendar.google.com/calendar/render"
OUTLOOK = "https://outlook.office.com/calendar/0/deeplink/compose"


def add_links(session, meeting, *, language: str, base_url: str) -> dict:
    """{"google": url, "outlook": url} for a session; never the online link."""
    title = localized(session.title, language, fallback=meeting.main_language)
    where = place(meeting, language, session.room.name if session.room else "")
    details = ics.session_url(base_url, meeting, session)
    start, end = session.starts_at.astimezone(UTC), session.ends_at.astimezone(UTC)
    google = {
        "action": "TEMPLATE",
        "text": title,
        "dates": f"{start:%Y%m%dT%H%M%SZ}/{end:%Y%m%dT%H%M%SZ}",
        "details": details,
        "location": where,
    }
    outlook = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": title,
        "startdt": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "enddt": end.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "body": details,
        "location": where,
    }
    return {
        "google": f"{GOOGLE}?{urlencode(google)}",
        "outlook": f"{OUTLOOK}?{urlencode(outlook)}",
    }
