"""Public, read-only endpoints: meetings, series, agendas, outcomes."""

from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta

import sqlalchemy as sa
from flask import jsonify
from flask_babel import gettext as _
from sqlalchemy import orm as so

from eventsys.agenda.queries import agenda_sessions
from eventsys.api import bp
from eventsys.api import serializers
from eventsys.api.http import SLUG_PATTERN
from eventsys.api.http import page_body
from eventsys.api.http import pagination
from eventsys.api.http import query_choice
from eventsys.api.http import query_date
from eventsys.api.http import query_pattern
from eventsys.api.http import valid_slug
from eventsys.errors import NotFound
from eventsys.extensions import db
from eventsys.meetings.models import Meeting
from eventsys.meetings.models import Series
from eventsys.outcomes.queries import published_documents
from eventsys.registration import questions
from eventsys.registration.models import ParticipantCategory

PUBLIC_STATUSES = ("published", "cancelled")


@bp.get("/meetings")
def list_meetings():
    page, per_page = pagination()
    query = _filtered_meetings().order_by(Meeting.starts_at, Meeting.id)
    result = db.paginate(query, page=page, per_page=per_page, error_out=False)
    return jsonify(
        page_body(result, [serializers.meeting_summary(m) for m in result.items])
    )


def _filtered_meetings() -> sa.Select:
    query = (
        sa.select(Meeting)
        .where(Meeting.status.in_(PUBLIC_STATUSES))
        .options(so.joinedload(Meeting.series))
    )
    series = query_pattern("series", SLUG_PATTERN)
    status = query_choice("status", PUBLIC_STATUSES)
    start, end = query_date("from"), query_date("to")
    if series is not None:
        query = query.join(Meeting.series).where(Series.slug == series)
    if status is not None:
        query = query.where(Meeting.status == status)
    if start is not None:
        query = query.where(Meeting.ends_at >= _midnight(start))
    if end is not None:
        query = query.where(Meeting.starts_at < _day_after(end))
    return query


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)


def _day_after(day: date) -> datetime:
    return _midnight(day) + timedelta(days=1) if day < date.max else _midnight(day)


@bp.get("/meetings/<slug>")
def get_meeting(slug: str):
    meeting = public_meeting(slug, rooms=True)
    body = serializers.meeting_detail(
        meeting,
        sessions=db.session.scalars(agenda_sessions(meeting.id)).all(),
        categories=db.session.scalars(_categories(meeting)).all(),
        questions=questions.questions_for(meeting, all_categories=True),
    )
    return jsonify(body)


def public_meeting(slug: str, *, rooms: bool = False) -> Meeting:
    """A published or cancelled meeting; drafts and unknown slugs are 404."""
    meeting = None
    if valid_slug(slug):
        query = (
            sa.select(Meeting)
            .where(Meeting.slug == slug, Meeting.status.in_(PUBLIC_STATUSES))
            .options(so.joinedload(Meeting.series))
        )
        if rooms:
            query = query.options(so.selectinload(Meeting.rooms))
        meeting = db.session.scalar(query)
    if meeting is None:
        raise NotFound(_("No such meeting."))
    return meeting


def _categories(meeting) -> sa.Select:
    return (
        sa.select(ParticipantCategory)
        .where(ParticipantCategory.meeting_id == meeting.id)
        .order_by(ParticipantCategory.position, ParticipantCategory.id)
    )


@bp.get("/series")
def list_series():
    items = db.session.scalars(
        sa.select(Series).order_by(Series.acronym, Series.id)
    ).all()
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
