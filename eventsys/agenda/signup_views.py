"""Sign-up pages: the participant's (behind their personal link) and the secretariat's."""

from flask import abort
from flask import flash
from flask import redirect
from flask import render_template
from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_login import login_required

from eventsys import exports
from eventsys import lookup
from eventsys.agenda import signups
from eventsys.agenda import speakers
from eventsys.agenda.forms import speak_form
from eventsys.agenda.models import SessionSignup
from eventsys.agenda.queries import registration_signups
from eventsys.agenda.queries import requests_of
from eventsys.agenda.queries import session_signups
from eventsys.agenda.queries import signup_sessions
from eventsys.agenda.queries import speaker_sessions
from eventsys.agenda.service import get_session
from eventsys.agenda.views import bp
from eventsys.dates import format_datetime
from eventsys.extensions import db
from eventsys.forms import run_service
from eventsys.i18n import current_language
from eventsys.i18n import localized
from eventsys.labels import SIGNUP_STATUS
from eventsys.labels import label
from eventsys.meetings.forms import EmptyForm
from eventsys.meetings.manage import get_managed_meeting
from eventsys.models import utcnow
from eventsys.registration import service as registrations
from eventsys.secret_urls import secret_in_path


def _registration(token: str):
    registration = registrations.find_by_token(token)
    if registration is None:
        abort(404)
    return registration


@bp.get("/registrations/<token>/sessions")
@secret_in_path("token")
def my_sessions(token: str):
    registration = _registration(token)
    meeting = registration.meeting
    sessions = db.session.scalars(signup_sessions(meeting.id)).all()
    mine = {s.session_id: s for s in db.session.scalars(
        registration_signups(registration.id))}  # fmt: skip
    return render_template(  # headers: eventsys/secret_urls.py
        "agenda/signups/mine.html",
        registration=registration,
        meeting=meeting,
        sessions=sessions,
        mine=mine,
        positions=signups.queue_positions(registration),
        places_left=signups.places_left,
        token=token,
        button=EmptyForm(),
        floor_sessions=db.session.scalars(speaker_sessions(meeting.id)).all(),
        my_requests={
            r.session_id: r
            for r in db.session.scalars(requests_of([registration.id], speakers.LISTED))
        },  # fmt: skip
        speak_form=speak_form(),
    )


@bp.post("/registrations/<token>/sessions/<int:session_id>/signup")
@secret_in_path("token")
def signup(token: str, session_id: int):
    registration = _registration(token)
    session = get_session(registration.meeting, session_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    result, error = run_service(
        lambda: signups.sign_up(session, registration, now=utcnow())
    )
    if error is None:
        flash(_("Your place is confirmed.") if result.status == "confirmed"
              else _("The session is full: you are on its waiting list."),
              "success")  # fmt: skip
    return redirect(url_for("agenda.my_sessions", token=token), code=303)


@bp.post("/registrations/<token>/sessions/<int:session_id>/cancel")
@secret_in_path("token")
def signup_cancel(token: str, session_id: int):
    registration = _registration(token)
    if not EmptyForm().validate_on_submit():
        abort(400)
    signup = signups.get_signup(registration, session_id)
    _result, error = run_service(lambda: signups.cancel_signup(signup, now=utcnow()))
    if error is None:
        flash(_("Your sign-up is cancelled."), "success")
    return redirect(url_for("agenda.my_sessions", token=token), code=303)


# ---------------------------------------------------------------- secretariat


@bp.get("/manage/meetings/<slug>/agenda/<int:session_id>/signups")
@login_required
def manage_signups(slug: str, session_id: int):
    meeting = get_managed_meeting(slug)
    session = get_session(meeting, session_id)
    rows = db.session.scalars(session_signups(session.id)).all()
    return render_template(
        "agenda/signups/manage.html",
        meeting=meeting,
        session=session,
        confirmed=[r for r in rows if r.status == "confirmed"],
        waiting=[r for r in rows if r.status == "waitlisted"],
        capacity=signups.capacity_of(session),
        button=EmptyForm(),
    )


@bp.post(
    "/manage/meetings/<slug>/agenda/<int:session_id>/signups/<int:signup_id>/remove"
)
@login_required
def manage_signup_remove(slug: str, session_id: int, signup_id: int):
    meeting = get_managed_meeting(slug)
    session = get_session(meeting, session_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    signup = lookup.get_row(SessionSignup, signup_id, session_id=session.id)
    _result, error = run_service(
        lambda: signups.remove_signup(signup, actor=current_user, now=utcnow())
    )
    if error is None:
        flash(_("The participant is taken off the session."), "success")
    return redirect(
        url_for("agenda.manage_signups", slug=slug, session_id=session.id), code=303
    )


@bp.get("/manage/meetings/<slug>/agenda/<int:session_id>/signups.csv")
@login_required
def manage_signups_csv(slug: str, session_id: int):
    return _export_signups(slug, session_id, "csv")


@bp.get("/manage/meetings/<slug>/agenda/<int:session_id>/signups.xlsx")
@login_required
def manage_signups_xlsx(slug: str, session_id: int):
    return _export_signups(slug, session_id, "xlsx")


def _export_signups(slug: str, session_id: int, format: str):
    meeting = get_managed_meeting(slug)
    session = get_session(meeting, session_id)
    rows = db.session.scalars(session_signups(session.id)).all()
    header = [_("Status"), _("Position"), _("Name"), _("Email"), _("Organisation"),
              _("Represents"), _("Signed up")]  # fmt: skip
    language = current_language()
    positions = _queue_positions(rows)
    table = [
        [label(SIGNUP_STATUS, r.status), positions.get(r.id, ""),
         r.registration.display_name, r.registration.email,
         r.registration.organisation, r.registration.represents,
         format_datetime(r.created_at, meeting.timezone, language, "short")]
        for r in rows
    ]  # fmt: skip
    title = localized(session.title, fallback=meeting.main_language)
    export = exports.write_table(
        header, table, format, name=f"signups-{session.id}", sheet=title
    )
    return exports.as_response(export)


def _queue_positions(rows) -> dict[int, int]:
    """Sign-up id -> place in the waiting list, from rows in arrival order."""
    waiting = [r.id for r in rows if r.status == "waitlisted"]
    return {signup_id: n for n, signup_id in enumerate(waiting, start=1)}
