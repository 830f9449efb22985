"""The door staff's check-in page: search by name, tap to check in for the day."""

from flask import flash
from flask import make_response
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_login import login_required

from eventsys.extensions import db
from eventsys.forms import run_service
from eventsys.lookup import get_checkin_meeting
from eventsys.lookup import get_of_meeting
from eventsys.meetings.forms import EmptyForm
from eventsys.models import utcnow
from eventsys.onsite import queries
from eventsys.onsite import service
from eventsys.onsite.views import bp
from eventsys.registration import queries as registration_queries
from eventsys.registration.models import Registration
from eventsys.security_headers import PERMISSIONS

MAX_SHOWN = 30


def _found(meeting, q: str) -> list:
    if len(q) < 2:
        return []
    query = registration_queries.search_registrations(meeting, q=q[:100])
    return db.session.scalars(query.limit(MAX_SHOWN)).unique().all()


@bp.get("/manage/meetings/<slug>/checkin")
@login_required
def manage_checkin(slug: str):
    meeting = get_checkin_meeting(slug, current_user)
    q = (request.args.get("q") or "").strip()
    people = _found(meeting, q)
    day = service.door_day(meeting, utcnow())
    checked = {
        c.registration_id: c
        for c in db.session.scalars(queries.checkins_of({p.id for p in people}))
        if c.day == day
    }
    page = render_template(
        "onsite/manage/checkin.html",
        meeting=meeting,
        q=q,
        people=people,
        checked=checked,
        day=day,
        button=EmptyForm(),
    )
    response = make_response(page)
    # The page may use the camera (to read badges), and nothing else may.
    response.headers["Permissions-Policy"] = PERMISSIONS.replace(
        "camera=()", "camera=(self)"
    )
    return response


@bp.post("/manage/meetings/<slug>/checkin/<int:registration_id>")
@login_required
def manage_checkin_record(slug: str, registration_id: int):
    meeting = get_checkin_meeting(slug, current_user)
    registration = get_of_meeting(
        Registration, registration_id, meeting, _("No such registration.")
    )
    form = EmptyForm()
    if form.validate_on_submit():
        now = utcnow()
        _checkin, error = run_service(
            lambda: service.check_in_manually(
                registration,
                day=service.door_day(meeting, now),
                actor=current_user,
                now=now,
            )
        )
        if error is None:
            flash(
                _("%(name)s is checked in.", name=registration.display_name), "success"
            )
    return redirect(
        url_for(
            "onsite.manage_checkin", slug=meeting.slug, q=request.form.get("q", "")
        ),
        code=303,
    )
