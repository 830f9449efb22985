"""Public pages of meetings and series."""

from flask import Blueprint
from flask import render_template
from flask import request
from flask_login import current_user

from eventsys import caching
from eventsys import lookup
from eventsys.agenda.side_events import call_is_open
from eventsys.auth.permissions import can_manage_meeting
from eventsys.auth.permissions import can_manage_series
from eventsys.calendar.queries import listing_fingerprint_at_now
from eventsys.database import read_row
from eventsys.documents import queries as document_queries
from eventsys.extensions import db
from eventsys.meetings import queries
from eventsys.meetings.models import MEETING_FORMATS
from eventsys.models import utcnow
from eventsys.outcomes.queries import published_documents
from eventsys.pagination import paginate
from eventsys.registration import delegations
from eventsys.registration.rules import closes_at
from eventsys.registration.rules import registration_state

bp = Blueprint("meetings", __name__)
PER_PAGE = 12


def get_visible_meeting(slug: str):
    """The meeting for the signed-in user (eventsys.lookup owns the rule)."""
    return lookup.get_visible_meeting(slug, current_user)


@bp.app_context_processor
def registration_helpers():
    return {
        "registration_state": registration_state,
        "registration_closes_at": closes_at,
        "can_manage_meeting": can_manage_meeting,
        "can_manage_series": can_manage_series,
    }


def listing_version(now) -> tuple:
    """What the lists of meetings show, as of now (calendar/queries.py owns it)."""
    return tuple(read_row(listing_fingerprint_at_now(), {"now": now}))


@bp.get("/")
def home():
    now = utcnow()

    def render() -> str:
        upcoming = db.session.scalars(queries.upcoming_meetings(now).limit(10)).all()
        recent = db.session.scalars(queries.recent_meetings(now).limit(10)).all()
        return render_template(
            "meetings/home.html", upcoming=upcoming, recent=recent, now=now
        )

    return caching.cached_page(listing_version(now), render)


@bp.get("/meetings/")
def index():
    now = utcnow()

    def render() -> str:
        filters = _list_filters()
        page = paginate(queries.filtered_meetings(**filters), per_page=PER_PAGE)
        return render_template(
            "meetings/index.html",
            page=page,
            filters=filters,
            all_series=db.session.scalars(queries.list_series()).all(),
            years=[int(y) for y in db.session.scalars(queries.meeting_years())],
            formats=MEETING_FORMATS,
            now=now,
        )

    return caching.cached_page(listing_version(now), render)


def _list_filters() -> dict:
    """The filters as given, with anything unusable dropped (never an error)."""
    year = request.args.get("year", "")
    format = request.args.get("format", "")
    return {
        "series": request.args.get("series", "")[:80] or None,
        "year": int(year) if year.isdigit() and 1900 < int(year) < 3000 else None,
        "format": format if format in MEETING_FORMATS else None,
    }


@bp.get("/meetings/<slug>/")
def detail(slug: str):
    meeting = get_visible_meeting(slug)
    now = utcnow()
    outcomes = (
        db.session.scalars(published_documents(meeting, with_content=False))
        .unique()
        .all()
    )
    documents = db.session.scalars(document_queries.public_documents(meeting)).all()
    return render_template(
        "meetings/detail.html",
        meeting=meeting,
        outcomes=outcomes,
        document_groups=document_queries.group_by_kind(documents),
        uses_delegations=delegations.uses_delegations(meeting),
        side_events_open=call_is_open(meeting, now),
        now=now,
    )


@bp.get("/series/<slug>/")
def series_detail(slug: str):
    series = db.first_or_404(queries.get_series_by_slug(slug))
    now = utcnow()
    meetings = db.session.scalars(queries.series_meetings(series.id)).all()
    upcoming = sorted(
        (m for m in meetings if m.ends_at >= now), key=lambda m: m.starts_at
    )
    past = [m for m in meetings if m.ends_at < now]
    return render_template(
        "meetings/series.html", series=series, upcoming=upcoming, past=past, now=now
    )


from eventsys.meetings import manage  # noqa: E402,F401  (registers the /manage/ routes)
