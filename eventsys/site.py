"""The site's own addresses, read from the app's config in one place.

Emails, invitations and API links are written inside services (in the
caller's transaction), so they read these here rather than take them as
arguments that every view would have to pass down.
"""

from flask import current_app


def base_url() -> str:
    """EVENTSYS_BASE_URL without a trailing slash: absolute links in emails and feeds."""
    return current_app.config["EVENTSYS_BASE_URL"].rstrip("/")


def uid_domain() -> str:
    """EVENTSYS_UID_DOMAIN: the right-hand side of iCalendar UIDs (never changes)."""
    return current_app.config["EVENTSYS_UID_DOMAIN"]
