"""The list of speakers: public list, requests (participant, focal point), the floor."""

from flask import abort
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_login import login_required

from eventsys.agenda import speakers
from eventsys.agenda.forms import FocalSpeakForm
from eventsys.agenda.forms import speak_form
from eventsys.agenda.queries import requests_of
from eventsys.agenda.queries import speaker_sessions
from eventsys.agenda.queries import speakers_list
from eventsys.agenda.service import get_session
from eventsys.agenda.views import bp
from eventsys.extensions import db
from eventsys.forms import run_service
from eventsys.i18n import localized
from eventsys.meetings.forms import EmptyForm
from eventsys.meetings.manage import get_managed_meeting
from eventsys.meetings.views import get_visible_meeting
from eventsys.models import utcnow
from eventsys.registration import delegations
from eventsys.registration import service as registrations
from eventsys.secret_urls import secret_in_path


def _listed_session(meeting, session_id: int):
    return speakers.listed_session(meeting, session_id)


@bp.get("/meetings/<slug>/agenda/<int:session_id>/speakers")
def public_speakers(slug: str, session_id: int):
    meeting = get_visible_meeting(slug)
    session = _listed_session(meeting, session_id)
    return render_template(
        "agenda/speakers/public.html", meeting=meeting, session=session,
        entries=speakers.published_list(session), shows_name=speakers.shows_name,
    )  # fmt: skip


# ---------------------------------------------------------------- requests


def _registration(token: str):
    registration = registrations.find_by_token(token)
    if registration is None:
        abort(404)
    return registration


@bp.post("/registrations/<token>/sessions/<int:session_id>/speak")
@secret_in_path("token")
def speak(token: str, session_id: int):
    registration = _registration(token)
    session = get_session(registration.meeting, session_id)
    form = speak_form()
    if form.validate_on_submit():
        _result, error = run_service(lambda: speakers.request_floor(
            session, registration, data=form.data, now=utcnow()))  # fmt: skip
        if error is None:
            flash(_("You are on the list of speakers."), "success")
    else:
        flash(_("Please correct the request."), "error")
    return redirect(url_for("agenda.my_sessions", token=token), code=303)


@bp.post("/registrations/<token>/sessions/<int:session_id>/speak/withdraw")
@secret_in_path("token")
def speak_withdraw(token: str, session_id: int):
    registration = _registration(token)
    session = get_session(registration.meeting, session_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    own = [r for r in speakers.list_of(session, statuses=speakers.WAITING)
           if r.registration_id == registration.id]  # fmt: skip
    if not own:
        abort(404)
    _result, error = run_service(lambda: speakers.withdraw(own[0]))
    if error is None:
        flash(_("Your request for the floor is withdrawn."), "success")
    return redirect(url_for("agenda.my_sessions", token=token), code=303)


def _delegation(token: str):
    delegation = delegations.find_by_token(token)
    if delegation is None:
        abort(404)
    return delegation


def _focal_form(delegation, sessions, formdata=None):
    form = speak_form(FocalSpeakForm, formdata=formdata)
    main = delegation.meeting.main_language
    form.session_id.choices = [
        (s.id, localized(s.title, fallback=main)) for s in sessions
    ]
    form.member.choices = [
        (delegations.member_ref(m), m.display_name)
        for m in delegations.active_members(delegation)
        if m.status == "confirmed"
    ]
    return form


@bp.route("/delegations/<token>/speakers", methods=["GET", "POST"])
@secret_in_path("token")
def delegation_speakers(token: str):
    delegation = _delegation(token)
    meeting = delegation.meeting
    sessions = db.session.scalars(speaker_sessions(meeting.id)).all()
    formdata = request.form if request.method == "POST" else None
    form = _focal_form(delegation, sessions, formdata)
    status = 200
    if formdata is not None:
        if form.validate_on_submit():
            session = get_session(meeting, form.session_id.data)
            member = delegations.find_member(delegation, form.member.data)
            _result, error = run_service(lambda: speakers.request_floor(
                session, member, data=form.data, now=utcnow()), form=form)  # fmt: skip
            if error is None:
                flash(_("The speaker is on the list."), "success")
                return redirect(url_for("agenda.delegation_speakers", token=token), 303)
            status = error.status
        else:
            status = 422
    member_ids = [m.id for m in delegation.members]
    requests = db.session.scalars(requests_of(member_ids, speakers.LISTED)).all()
    page = render_template(
        "agenda/speakers/delegation.html", delegation=delegation, meeting=meeting,
        sessions=sessions, form=form, requests=requests, token=token,
    )  # fmt: skip
    return page, status


# ---------------------------------------------------------------- the floor


@bp.get("/manage/meetings/<slug>/agenda/<int:session_id>/speakers")
@login_required
def manage_speakers(slug: str, session_id: int):
    meeting = get_managed_meeting(slug)
    session = _listed_session(meeting, session_id)
    entries = db.session.scalars(speakers_list(session.id, speakers.LISTED)).all()
    return render_template(
        "agenda/speakers/manage.html", meeting=meeting, session=session,
        waiting=[e for e in entries if e.status in speakers.WAITING],
        spoken=[e for e in entries if e.status == "spoken"], button=EmptyForm(),
    )  # fmt: skip


@bp.get("/manage/meetings/<slug>/agenda/<int:session_id>/speakers/floor")
@login_required
def manage_floor(slug: str, session_id: int):
    """The phone page of the officer at the rostrum: who speaks, who is next."""
    meeting = get_managed_meeting(slug)
    session = _listed_session(meeting, session_id)
    waiting = db.session.scalars(speakers_list(session.id, speakers.WAITING)).all()
    called = [e for e in waiting if e.status == "called"]
    upcoming = [e for e in waiting if e.status != "called"]
    return render_template(
        "agenda/speakers/floor.html", meeting=meeting, session=session,
        called=called, upcoming=upcoming[:3], left=len(upcoming), button=EmptyForm(),
    )  # fmt: skip


@bp.post(
    "/manage/meetings/<slug>/agenda/<int:session_id>/speakers/<int:request_id>"
    "/<any(call, spoken, absent, withdraw, up, down):action>"
)
@login_required
def manage_speaker_action(slug: str, session_id: int, request_id: int, action: str):
    meeting = get_managed_meeting(slug)
    session = _listed_session(meeting, session_id)
    entry = speakers.get_request(session, request_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    run_service(lambda: speakers.act(entry, action, actor=current_user))
    back = "agenda.manage_floor" if request.form.get("back") == "floor" else None
    return redirect(
        url_for(back or "agenda.manage_speakers", slug=slug, session_id=session.id),
        code=303,
    )


@bp.post(
    "/manage/meetings/<slug>/agenda/<int:session_id>/speakers/<any(publish, unpublish):action>"
)
@login_required
def manage_speakers_publish(slug: str, session_id: int, action: str):
    meeting = get_managed_meeting(slug)
    session = _listed_session(meeting, session_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    _result, error = run_service(lambda: speakers.publish(
        session, published=action == "publish", actor=current_user, now=utcnow()))  # fmt: skip
    if error is None:
        flash(_("The list of speakers is public.") if action == "publish"
              else _("The list of speakers is no longer public."), "success")  # fmt: skip
    return redirect(
        url_for("agenda.manage_speakers", slug=slug, session_id=session.id), code=303
    )
