"""Public, read-only endpoints: meetings, series, agendas, lists of speakers, outcomes."""

from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta

from flask import jsonify
from flask_babel import gettext as _
from sqlalchemy import orm as so

from eventsys.agenda import speakers
from eventsys.agenda.models import AgendaSession
from eventsys.agenda.public import public_sessions
from eventsys.agenda.public import release_sessions
from eventsys.agenda.public import releases_of
from eventsys.agenda.public import with_links
from eventsys.api import bp
from eventsys.api import serializers
from eventsys.api.http import SLUG_PATTERN
from eventsys.api.http import page_body
from eventsys.api.http import pagination
from eventsys.api.http import query_choice
from eventsys.api.http import query_date
from eventsys.api.http import query_pattern
from eventsys.api.http import valid_slug
from eventsys.documents import queries as document_queries
from eventsys.errors import NotFound
from eventsys.extensions import db
from eventsys.lookup import get_visible_meeting
from eventsys.meetings import queries as meeting_queries
from eventsys.meetings.models import Meeting
from eventsys.outcomes.queries import published_documents
from eventsys.registration import questions
from eventsys.registration import rules

PUBLIC_STATUSES = ("published", "cancelled")
# The export in five statements at any size (tests/perf/test_export_queries.py):
# the sessions' rooms are the meeting's rooms, already loaded, so a many-to-one
# lazy load finds them in the identity map without SQL; the people come in the
# sessions' own statement.
EXPORT_SESSION_LOADING = (
    so.lazyload(AgendaSession.room),
    so.joinedload(AgendaSession.people),
    # Side events' organisations in the same statement (few rows: only side
    # events have them), so the export stays at five statements.
    so.joinedload(AgendaSession.organisations),
)


@bp.get("/meetings")
def list_meetings():
    page, per_page = pagination()
    query = meeting_queries.public_meetings_between(
        series=query_pattern("series", SLUG_PATTERN),
        status=query_choice("status", PUBLIC_STATUSES),
        since=_midnight(query_date("from")),
        before=_day_after(query_date("to")),
    )
    result = db.paginate(query, page=page, per_page=per_page, error_out=False)
    return jsonify(
        page_body(result, [serializers.meeting_summary(m) for m in result.items])
    )


def _midnight(day: date | None) -> datetime | None:
    return datetime.combine(day, time(0), tzinfo=UTC) if day is not None else None


def _day_after(day: date | None) -> datetime | None:
    if day is None:
        return None
    return _midnight(day) + timedelta(days=1) if day < date.max else _midnight(day)


@bp.get("/meetings/<slug>")
def get_meeting(slug: str):
    meeting = public_meeting(slug, so.selectinload(Meeting.rooms))
    body = serializers.meeting_detail(
        meeting,
        sessions=with_links(public_sessions(meeting, *EXPORT_SESSION_LOADING)),
        categories=rules.meeting_categories(meeting),
        questions=questions.questions_for(meeting, all_categories=True),
    )
    return jsonify(body)


def public_meeting(slug: str, *options) -> Meeting:
    """A published or cancelled meeting; drafts and unknown slugs are 404.

    Raises: NotFound.
    """
    if not valid_slug(slug):
        raise NotFound(_("No such meeting."))
    return get_visible_meeting(slug, None, *options)


@bp.get("/meetings/<slug>/agenda/releases")
def list_agenda_releases(slug: str):
    meeting = public_meeting(slug)
    released = [(r, release_sessions(r)) for r in releases_of(meeting)]
    with_links([s for _release, sessions in released for s in sessions])
    items = [serializers.agenda_release(r, meeting, s) for r, s in released]
    return jsonify({"agenda_visibility": meeting.agenda_visibility, "items": items})


@bp.get("/meetings/<slug>/sessions/<int:session_id>/speakers")
def get_speakers(slug: str, session_id: int):
    meeting = public_meeting(slug)
    session = speakers.listed_session(meeting, session_id)
    body = serializers.speakers_list(
        session, speakers.published_list(session), shows_name=speakers.shows_name
    )
    return jsonify(body)


@bp.get("/series")
def list_series():
    items = db.session.scalars(meeting_queries.list_series()).all()
    return jsonify({"items": [serializers.series(s) for s in items]})


@bp.get("/meetings/<slug>/outcomes")
def list_outcomes(slug: str):
    meeting = public_meeting(slug)
    documents = (
        db.session.scalars(published_documents(meeting, with_content=False))
        .unique()
        .all()
    )
    items = [serializers.outcome_document(d, d.versions) for d in documents]
    return jsonify({"items": items})


@bp.get("/meetings/<slug>/documents")
def list_documents(slug: str):
    meeting = public_meeting(slug)
    documents = db.session.scalars(document_queries.public_documents(meeting)).all()
    return jsonify({"items": [serializers.meeting_document(d) for d in documents]})
