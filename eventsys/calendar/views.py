"""Calendar feeds, a participant's invitation download, and the private feed token."""

import gzip

import sqlalchemy as sa
from flask import Blueprint
from flask import Response
from flask import abort
from flask import current_app
from flask import flash
from flask import make_response
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_login import login_required

from eventsys import caching
from eventsys import links
from eventsys.auth.models import User
from eventsys.auth.service import calendar_link
from eventsys.auth.service import rotate_calendar_token
from eventsys.calendar import feeds
from eventsys.calendar.forms import FeedAlarmForm
from eventsys.calendar.invitations import build_invitation
from eventsys.calendar.links import add_links
from eventsys.calendar.service import set_feed_alarm
from eventsys.extensions import db
from eventsys.forms import run_service
from eventsys.i18n import current_language
from eventsys.meetings.models import Meeting
from eventsys.meetings.models import Series
from eventsys.registration.models import Registration
from eventsys.secret_urls import secret_in_path

bp = Blueprint("calendar", __name__)

ICS_MIMETYPE = "text/calendar"
PUBLIC_CACHE = "public, max-age=300"


def _feed_language() -> str:
    """?lang= if given, else the negotiated one (calendar apps send no Accept-Language)."""
    asked = (request.args.get("lang") or "").strip().lower()
    return asked if asked in current_app.config["LANGUAGES"] else current_language()


def _not_modified(version: feeds.FeedVersion, etag: str) -> bool:
    """If-None-Match decides when sent; else If-Modified-Since (RFC 9110 13.2.2)."""
    if request.if_none_match:
        return request.if_none_match.contains_weak(etag)
    since = request.if_modified_since
    if since and version.last_modified:
        return version.last_modified.replace(microsecond=0) <= since
    return False


def _gzip_wanted() -> bool:
    # Calendar clients ask for gzip: a large feed is then a tenth of the bytes.
    return request.accept_encodings.quality("gzip") > 0


def _feed_body(version: feeds.FeedVersion, build, gzipped: bool) -> bytes:
    """The feed's bytes from the cache (built on a miss), gzipped once if asked."""
    cached = caching.lru("calendar_feeds")
    body = cached.get_or_build(version.etag, build)
    if not gzipped:
        return body
    return cached.get_or_build(
        version.etag + GZIP_SUFFIX, lambda: gzip.compress(body, GZIP_LEVEL, mtime=0)
    )


GZIP_SUFFIX, GZIP_LEVEL = "-gzip", 6  # the gzipped variant's ETag and cache key


def _feed_response(
    version: feeds.FeedVersion, build, *, filename: str, cache: str | None
) -> Response:
    """cache: the public feeds' Cache-Control; None leaves it to security_headers."""
    gzipped = _gzip_wanted()
    # Each content coding is its own representation, with its own ETag.
    etag = version.etag + GZIP_SUFFIX if gzipped else version.etag
    if _not_modified(version, etag):
        response = make_response("", 304)
    else:
        response = make_response(_feed_body(version, build, gzipped))
        response.mimetype = ICS_MIMETYPE
        response.headers["Content-Type"] = "text/calendar; charset=utf-8"
        response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
        if gzipped:
            response.headers["Content-Encoding"] = "gzip"
    response.set_etag(etag)
    if version.last_modified:
        response.last_modified = version.last_modified
    if cache:
        response.headers["Cache-Control"] = cache
    response.vary.update(("Accept-Language", "Accept-Encoding"))
    return response


@bp.get("/meetings/<slug>/calendar.ics")
def meeting_feed(slug: str):
    language = _feed_language()
    version = feeds.meeting_version(slug, language)
    if not version.exists:
        abort(404)

    def build():
        meeting = db.session.scalar(sa.select(Meeting).where(Meeting.slug == slug))
        return feeds.build_meeting_feed(meeting, language)

    return _feed_response(version, build, filename=f"{slug}.ics", cache=PUBLIC_CACHE)


@bp.get("/series/<slug>/calendar.ics")
def series_feed(slug: str):
    language = _feed_language()
    version = feeds.series_version(slug, language)
    if not version.exists:
        abort(404)

    def build():
        series = db.session.scalar(sa.select(Series).where(Series.slug == slug))
        return feeds.build_series_feed(series, language)

    return _feed_response(version, build, filename=f"{slug}.ics", cache=PUBLIC_CACHE)


@bp.get("/calendar.ics")
def all_feed():
    language = _feed_language()
    version = feeds.all_version(language)
    return _feed_response(
        version,
        lambda: feeds.build_all_feed(language),
        filename="meetings.ics",
        cache=PUBLIC_CACHE,
    )


@bp.get("/calendar/<token>.ics")
@secret_in_path("token")
def private_feed(token: str):
    user = links.open_link(User, token)  # 410 for a replaced address
    if not user.is_active:
        abort(404)
    version = feeds.private_version(user)
    return _feed_response(
        version,
        lambda: feeds.build_private_feed(user),
        filename="my-meetings.ics",
        cache=None,  # no-store, no-referrer: the route's secret_in_path
    )


@bp.get("/registrations/<token>/invite.ics")
@secret_in_path("token")
def registration_invite(token: str):
    registration = links.open_link(Registration, token)
    if registration.meeting.status == "draft":
        abort(404)
    if registration.status == "confirmed":
        method = "CANCEL" if registration.meeting.status == "cancelled" else "REQUEST"
    elif registration.status == "cancelled":
        method = "CANCEL"
    else:
        abort(404)  # pending, waitlisted or rejected: nothing to put in a calendar
    config = current_app.config
    body = build_invitation(
        registration,
        method,
        uid_domain=config["EVENTSYS_UID_DOMAIN"],
        base_url=config["EVENTSYS_BASE_URL"],
    )
    response = make_response(body)
    response.headers["Content-Type"] = f"text/calendar; charset=utf-8; method={method}"
    response.headers["Content-Disposition"] = 'attachment; filename="invite.ics"'
    return response  # no-store, no-referrer: the route's secret_in_path


@bp.post("/account/calendar-token")
@login_required
def regenerate_token():
    """A new private feed address; the old one stops working at once."""
    token = rotate_calendar_token(current_user)
    db.session.commit()
    feed_url = absolute(url_for("calendar.private_feed", token=token))
    page = render_template(
        "calendar/token_created.html", feed_url=feed_url, webcal_url=webcal(feed_url)
    )
    return page, 201, {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


@bp.post("/account/calendar-alarm")
@login_required
def feed_alarm():
    """An alarm before each event of the private feed (or none)."""
    form = FeedAlarmForm(prefix="alarm")
    if form.validate():
        _done, error = run_service(
            lambda: set_feed_alarm(current_user, form.minutes.data or ""), form=form
        )
        if error is None:
            flash(_("Your calendar alarm is saved."), "success")
    else:
        flash(_("Please choose from the list."), "error")
    return redirect(url_for("auth.account") + "#calendar-feed", code=303)


@bp.app_template_global()
def feed_alarm_form():
    form = FeedAlarmForm(formdata=None, prefix="alarm")
    minutes = current_user.calendar_alarm_minutes
    form.minutes.data = str(minutes) if minutes else ""
    return form


def absolute(path: str) -> str:
    return current_app.config["EVENTSYS_BASE_URL"].rstrip("/") + path


def webcal(url: str) -> str:
    """The same address with the webcal scheme, which opens a subscription."""
    return "webcal://" + url.split("://", 1)[-1]


@bp.app_template_global()
def calendar_links(meeting=None, series=None) -> dict:
    """Subscribe (webcal) and download addresses for templates/calendar/_links.html."""
    if series is not None:
        url = absolute(url_for("calendar.series_feed", slug=series.slug))
    elif meeting is not None:
        url = absolute(url_for("calendar.meeting_feed", slug=meeting.slug))
    else:
        url = absolute(url_for("calendar.all_feed"))
    return {"download": url, "subscribe": webcal(url)}


@bp.app_template_global()
def private_feed_links(user) -> dict:
    """The user's private feed (subscribe and download addresses), {} before one is made."""
    link = calendar_link(user)
    if not link:
        return {}
    url = absolute(url_for("calendar.private_feed", token=link))
    return {"download": url, "subscribe": webcal(url)}


@bp.app_template_global()
def session_add_links(session, meeting) -> dict:
    """Add-to-Google and add-to-Outlook addresses for one session (public facts only)."""
    return add_links(
        session,
        meeting,
        language=current_language(),
        base_url=current_app.config["EVENTSYS_BASE_URL"],
    )
