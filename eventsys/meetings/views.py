"""Public pages of meetings and series."""

from flask import Blueprint
from flask import abort
from flask import render_template
from flask_login import current_user

from eventsys.auth.permissions import can_view_meeting
from eventsys.extensions import db
from eventsys.meetings import queries
from eventsys.models import utcnow

bp = Blueprint("meetings", __name__)


def get_visible_meeting(slug: str):
    """The meeting, or 404 when it does not exist or is a draft the user may not see."""
    meeting = db.session.scalar(queries.get_meeting_by_slug(slug))
    if meeting is None or not can_view_meeting(current_user, meeting):
        abort(404)
    return meeting


@bp.get("/")
def home():
    now = utcnow()
    upcoming = db.session.scalars(queries.upcoming_meetings(now).limit(10)).all()
    recent = db.session.scalars(queries.recent_meetings(now).limit(10)).all()
    return render_template("meetings/home.html", upcoming=upcoming, recent=recent, now=now)


@bp.get("/meetings/<slug>/")
def detail(slug: str):
    meeting = get_visible_meeting(slug)
    return render_template("meetings/detail.html", meeting=meeting, now=utcnow())
