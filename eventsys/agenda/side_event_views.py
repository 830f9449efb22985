"""Side events: the public call, the proposer's personal page, the secretariat's review."""

from datetime import datetime
from datetime import time

from flask import abort
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_login import login_required

from eventsys import links
from eventsys.agenda import side_events
from eventsys.agenda.conflicts import conflicts_for
from eventsys.agenda.forms import CallForm
from eventsys.agenda.forms import proposal_form
from eventsys.agenda.forms import review_form
from eventsys.agenda.models import PROPOSAL_STATUSES
from eventsys.agenda.models import SideEventProposal
from eventsys.agenda.queries import agenda_sessions
from eventsys.agenda.queries import side_event_proposals
from eventsys.agenda.views import bp
from eventsys.agenda.views import describe_clash
from eventsys.dates import local_day
from eventsys.dates import local_to_utc
from eventsys.extensions import db
from eventsys.extensions import limiter
from eventsys.forms import run_service
from eventsys.i18n import localized
from eventsys.lookup import get_of_meeting
from eventsys.meetings.forms import EmptyForm
from eventsys.meetings.manage import get_managed_meeting
from eventsys.meetings.views import get_visible_meeting
from eventsys.models import utcnow
from eventsys.secret_urls import secret_in_path


@bp.route("/meetings/<slug>/side-events/propose", methods=["GET", "POST"])
def propose_side_event(slug: str):
    meeting = get_visible_meeting(slug)
    now = utcnow()
    formdata = request.form if request.method == "POST" else None
    form = proposal_form(meeting, formdata)
    status = 200
    if formdata is not None:
        if form.validate_on_submit():
            result, error = run_service(
                lambda: side_events.propose(meeting, data=form.data, now=now), form=form
            )
            if error is None:
                flash(_("Thank you: your proposal is received. We have emailed you "
                        "a personal link to follow it."), "success")  # fmt: skip
                return redirect(url_for("meetings.detail", slug=slug), code=303)
            status = error.status
        else:
            status = 422
    page = render_template(
        "agenda/side_events/propose.html", meeting=meeting, form=form,
        open=side_events.call_is_open(meeting, now),
        languages=side_events.proposal_languages(meeting),
    )  # fmt: skip
    return page, status


def _proposal(token: str) -> SideEventProposal:
    """The proposal of a current link; 410 if the link was replaced, else 404."""
    return links.open_link(SideEventProposal, token)


@bp.get("/side-events/<token>")
@secret_in_path("token")
def my_side_event(token: str):
    proposal = _proposal(token)
    return render_template(
        "agenda/side_events/mine.html", proposal=proposal, meeting=proposal.meeting,
        token=token, button=EmptyForm(),
    )  # fmt: skip


@bp.post("/side-events/<token>/withdraw")
@secret_in_path("token")
def my_side_event_withdraw(token: str):
    proposal = _proposal(token)
    if not EmptyForm().validate_on_submit():
        abort(400)
    _result, error = run_service(lambda: side_events.withdraw(proposal, now=utcnow()))
    if error is None:
        flash(_("Your proposal is withdrawn."), "success")
    return redirect(url_for("agenda.my_side_event", token=token), code=303)


@bp.post("/side-events/<token>/resend")
@secret_in_path("token")
@limiter.shared_limit(links.resend_limit, "link-resend", key_func=links.resend_key)
def my_side_event_resend(token: str):
    """From a replaced link's page: email the current link to the proposer."""
    proposal = links.owner(side_events.find_by_token(token))
    if proposal is None:
        abort(404)
    side_events.send_link(proposal, now=utcnow())
    db.session.commit()
    return render_template("links/sent.html")


# ---------------------------------------------------------------- secretariat


@bp.get("/manage/meetings/<slug>/side-events")
@login_required
def manage_side_events(slug: str):
    meeting = get_managed_meeting(slug)
    status = request.args.get("status", "")
    status = status if status in PROPOSAL_STATUSES else ""
    proposals = db.session.scalars(side_event_proposals(meeting.id, status)).all()
    call = CallForm(formdata=None, side_events_open=meeting.side_events_open,
                    side_events_deadline=_deadline_day(meeting))  # fmt: skip
    return render_template(
        "agenda/side_events/manage.html", meeting=meeting, proposals=proposals,
        status=status, statuses=PROPOSAL_STATUSES, call=call,
    )  # fmt: skip


def _deadline_day(meeting):
    deadline = meeting.side_events_deadline
    return local_day(deadline, meeting.timezone) if deadline else None


@bp.post("/manage/meetings/<slug>/side-events/call")
@login_required
def manage_side_events_call(slug: str):
    meeting = get_managed_meeting(slug)
    form = CallForm()
    if not form.validate_on_submit():
        flash(_("Please give the deadline as a date."), "error")
        return redirect(url_for("agenda.manage_side_events", slug=slug), code=303)
    day = form.side_events_deadline.data
    # The deadline is the end of its last day, in the meeting's time.
    deadline = (
        local_to_utc(datetime.combine(day, time(23, 59)), meeting.timezone)
        if day
        else None
    )
    run_service(lambda: side_events.set_call(
        meeting, actor=current_user, open=bool(form.side_events_open.data),
        deadline=deadline, now=utcnow()))  # fmt: skip
    flash(_("The call for side events is saved."), "success")
    return redirect(url_for("agenda.manage_side_events", slug=slug), code=303)


@bp.route(
    "/manage/meetings/<slug>/side-events/<int:proposal_id>", methods=["GET", "POST"]
)
@login_required
def manage_side_event(slug: str, proposal_id: int):
    meeting = get_managed_meeting(slug)
    proposal = get_of_meeting(SideEventProposal, proposal_id, meeting,
                              _("No such proposal at this meeting."))  # fmt: skip
    formdata = request.form if request.method == "POST" else None
    # The wish fills the empty form only: a posted form says what the manager chose.
    wish = side_events.wished_slot(proposal) if formdata is None else None
    form = review_form(meeting, formdata, wish=wish)
    status = 200
    if formdata is not None:
        if form.validate_on_submit():
            result, error = run_service(lambda: _decide(proposal, form), form=form)
            if error is None:
                _warn_clashes(meeting, result)
                return redirect(url_for("agenda.manage_side_events", slug=slug), 303)
            status = error.status
        else:
            status = 422
    page = render_template("agenda/side_events/review.html", meeting=meeting,
                           proposal=proposal, form=form)  # fmt: skip
    return page, status


@bp.post("/manage/meetings/<slug>/side-events/<int:proposal_id>/link")
@login_required
def manage_side_event_link(slug: str, proposal_id: int):
    """Send the proposer a new personal link; the old one answers 410."""
    meeting = get_managed_meeting(slug)
    proposal = get_of_meeting(SideEventProposal, proposal_id, meeting,
                              _("No such proposal at this meeting."))  # fmt: skip
    side_events.renew_link(proposal, actor=current_user, now=utcnow())
    db.session.commit()
    flash(_("A new link is on its way to the proposer; the old one no longer works."),
          "success")  # fmt: skip
    return redirect(url_for("agenda.manage_side_event", slug=slug,
                            proposal_id=proposal.id), code=303)  # fmt: skip


def _decide(proposal, form):
    """Accept (a session at the given slot) or decline; returns the session or None."""
    comment = form.comment.data or ""
    now = utcnow()
    if form.decision.data == "decline":
        side_events.decline(proposal, actor=current_user, comment=comment, now=now)
        return None
    day, starts, ends = form.day.data, form.starts_at.data, form.ends_at.data
    slot = {
        "starts_at": datetime.combine(day, starts) if day and starts else None,
        "ends_at": datetime.combine(day, ends) if day and ends else None,
        "room_id": form.room_id.data or None,
    }
    return side_events.accept(proposal, actor=current_user, slot=slot,
                              comment=comment, now=now)  # fmt: skip


def _warn_clashes(meeting, session) -> None:
    """The agenda editor's warnings after an acceptance (the acceptance stands)."""
    if session is None:
        flash(_("The proposal is declined; the proposer is told."), "success")
        return
    flash(_("The side event is on the agenda; the proposer is told."), "success")
    sessions = db.session.scalars(agenda_sessions(meeting.id)).all()
    titles = {
        s.id: localized(s.title, fallback=meeting.main_language) for s in sessions
    }
    for clash in conflicts_for(meeting, session, sessions):
        flash(_("Warning: %(clash)s", clash=describe_clash(clash, titles)), "warning")
