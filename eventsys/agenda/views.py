"""The public agenda of a meeting."""

import hashlib
from functools import lru_cache
from itertools import groupby

from flask import Blueprint
from flask import render_template
from flask import request
from flask_babel import gettext as _
from markupsafe import Markup

from eventsys import caching
from eventsys.agenda import changes
from eventsys.agenda import languages
from eventsys.agenda import public
from eventsys.agenda import queries as agenda_queries
from eventsys.agenda import releases
from eventsys.agenda.models import SESSION_LANGUAGES
from eventsys.calendar.queries import meeting_fingerprint_by_slug
from eventsys.database import read_row
from eventsys.dates import common_timezones
from eventsys.dates import is_known_timezone
from eventsys.dates import local_day
from eventsys.documents import queries as document_queries
from eventsys.extensions import db
from eventsys.i18n import current_language
from eventsys.labels import SESSION_LANGUAGE
from eventsys.lookup import plausible_slug
from eventsys.meetings.views import get_visible_meeting
from eventsys.outcomes import presentation

bp = Blueprint("agenda", __name__)


def days_of(sessions, zone: str) -> list[tuple]:
    """[(date, [sessions])] in agenda order, days counted in the given zone."""
    return [
        (day, list(items))
        for day, items in groupby(sessions, key=lambda s: local_day(s.starts_at, zone))
    ]


def describe_clash(clash, titles: dict[int, str]) -> str:
    """A sentence for one agenda clash (conflicts.Clash)."""
    names = [titles.get(i, "?") for i in clash.session_ids]
    if clash.kind == "room":
        return _("Room %(room)s is booked twice at once: %(a)s and %(b)s.",
                 room=clash.detail, a=names[0], b=names[1])  # fmt: skip
    if clash.kind == "person":
        return _("%(person)s is in two sessions at once: %(a)s and %(b)s.",
                 person=clash.detail, a=names[0], b=names[1])  # fmt: skip
    return _("%(a)s is outside the meeting's dates.", a=names[0])


def session_flags(clashes, titles: dict[int, str]) -> dict[int, list[str]]:
    """Session id -> what is wrong with it, said from that session's side.

    A room or person clash names the room or person and the other session; a
    session outside the meeting's dates is said so, and not called a clash.
    """
    flags: dict[int, list[str]] = {}
    for clash in clashes:
        for own, other in _sides(clash.session_ids):
            flags.setdefault(own, []).append(
                _flag(clash, titles.get(other, "?") if other else "")
            )
    return flags


def _sides(ids: tuple) -> list[tuple]:
    if len(ids) == 1:
        return [(ids[0], None)]
    return [(ids[0], ids[1]), (ids[1], ids[0])]


def _flag(clash, other: str) -> str:
    if clash.kind == "room":
        return _("Clash: %(room)s is also booked for %(other)s.",
                 room=clash.detail, other=other)  # fmt: skip
    if clash.kind == "person":
        return _("Clash: %(person)s is also in %(other)s.",
                 person=clash.detail, other=other)  # fmt: skip
    return _("Outside the meeting's dates.")


def _asked_zone(meeting) -> tuple[str, str | None]:
    """(zone to show, the unknown zone asked for or None)."""
    asked = request.args.get("tz", "").strip()
    if asked and is_known_timezone(asked):
        return asked, None
    return meeting.timezone, (asked[:64] if asked else None)


@bp.app_template_global("session_languages")
def session_languages(session) -> str:
    """The session's floor language and interpretation, in the page's language."""
    return languages.languages_line(session, languages.words(), current_language())


@bp.get("/meetings/<slug>/agenda")
def public_agenda(slug: str):
    # One statement for everything the page shows (queries.agenda_page_version):
    # a cached page is then sent without loading the meeting at all.
    version = (
        read_row(agenda_queries.agenda_page_version_by_slug(), {"slug": slug})
        if plausible_slug(slug)
        else None
    )
    if version is None or version.status in (None, "draft"):
        get_visible_meeting(slug)  # 404, or a draft its managers see (uncached)
    fingerprint, linked = agenda_queries.split_agenda_version(version)

    def render() -> str:
        meeting = get_visible_meeting(slug)
        language = request.args.get("language", "")
        language = language if language in SESSION_LANGUAGES else ""
        zone, bad_zone = _asked_zone(meeting)
        latest = version.latest_release
        release = (
            public.latest_release(meeting) if latest and meeting.uses_releases else None
        )
        days = agenda_days_html(meeting, zone, fingerprint, language, linked)
        return render_template(
            "agenda/public.html",
            meeting=meeting,
            days_html=Markup(days),
            zone=zone,
            language=language,
            language_names=SESSION_LANGUAGE,
            bad_zone=bad_zone,
            zone_options=zone_options_html(current_language()),
            release=release,
            has_releases=latest is not None,
        )

    # The zone and the language filter are in the URL's query, part of the key.
    return caching.cached_page(tuple(version), render)


@bp.get("/meetings/<slug>/agenda/v<int:number>")
def release_agenda(slug: str, number: int):
    meeting = get_visible_meeting(slug)
    release = public.get_release(meeting, number)
    zone, bad_zone = _asked_zone(meeting)
    return render_template(
        "agenda/public.html",
        meeting=meeting,
        days_html=Markup(release_days_html(meeting, release, zone)),
        zone=zone,
        language="",
        language_names=SESSION_LANGUAGE,
        bad_zone=bad_zone,
        zone_options=zone_options_html(current_language()),
        release=release,
        shown_release=release,
        has_releases=True,
    )


@bp.get("/meetings/<slug>/agenda/changes")
def agenda_changes(slug: str):
    meeting = get_visible_meeting(slug)
    language = current_language()
    entries = [
        (
            release,
            changes.describe_all(
                found, language, meeting.timezone, meeting.main_language
            ),
        )  # fmt: skip
        for release, found in releases.changelog(meeting)
    ]
    return render_template("agenda/changes.html", meeting=meeting, entries=entries)


@lru_cache(maxsize=8)
def zone_options_html(language: str) -> Markup:
    """The picker's <option>s of every canonical zone, rendered once per language.

    They carry no selection (the picker is an <input list>), so one rendering
    serves every meeting and every chosen zone.
    """
    return Markup(
        render_template("agenda/_zone_options.html", zones=common_timezones())
    )


def agenda_days_html(
    meeting,
    zone: str,
    version: tuple | None = None,
    language: str = "",
    linked: tuple | None = None,
) -> str:
    """The sessions part of the agenda, rendered once per version of the agenda.

    The key is the calendar feed's fingerprint of the meeting (meeting, sessions,
    people through the sessions' sequence, rooms), so an entry is never stale and
    every app server may keep its own copy.
    """
    if version is None:
        version = tuple(
            db.session.execute(
                meeting_fingerprint_by_slug(), {"slug": meeting.slug}
            ).one()
        )
    # Sessions link to their published summaries: a publication changes the key.
    published, documents = linked or (
        presentation.published_key(meeting),
        document_queries.public_documents_key(meeting),
    )
    key = hashlib.sha256(
        repr(
            (
                version,
                published,
                documents,
                meeting.slug,
                zone,
                current_language(),
                language,
            )
        ).encode()
    ).hexdigest()

    def render() -> str:
        sessions = public.public_sessions(meeting)
        if language:  # sessions one can follow in that language
            sessions = [s for s in sessions if languages.offers(s, language)]
        return _render_days(meeting, sessions, zone, published)

    return caching.lru("agenda_fragments").get_or_build(key, render)


def release_days_html(meeting, release, zone: str) -> str:
    """The sessions of one release: it never changes, so its id is its version."""
    published = presentation.published_key(meeting)
    documents = document_queries.public_documents_key(meeting)
    key = hashlib.sha256(
        repr(
            ("release", release.id, published, documents, zone, current_language())
        ).encode()
    ).hexdigest()

    def render() -> str:
        sessions = public.release_sessions(release)
        return _render_days(meeting, sessions, zone, published)

    return caching.lru("agenda_fragments").get_or_build(key, render)


def _render_days(meeting, sessions, zone: str, published) -> str:
    return render_template(
        "agenda/_days.html",
        meeting=meeting,
        days=days_of(sessions, zone),
        zone=zone,
        summaries=presentation.summary_links(meeting) if published else {},
        session_documents=document_queries.public_session_documents(meeting),
    )


from eventsys.agenda import manage  # noqa: E402,F401  (registers the /manage/ routes)
from eventsys.agenda import side_event_views  # noqa: E402,F401  (side events)
from eventsys.agenda import signup_views  # noqa: E402,F401  (sign-up routes)
from eventsys.agenda import speaker_views  # noqa: E402,F401  (list of speakers)
