"""The agenda editor of the secretariat (/manage/meetings/<slug>/agenda...)."""

from flask import abort
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_login import login_required

from eventsys.agenda import parity
from eventsys.agenda import releases
from eventsys.agenda import service
from eventsys.agenda import side_events
from eventsys.agenda.changes import describe_all
from eventsys.agenda.conflicts import conflicts_for
from eventsys.agenda.conflicts import find_conflicts
from eventsys.agenda.forms import MoveForm
from eventsys.agenda.forms import OrganisationLinkForm
from eventsys.agenda.forms import ReleaseForm
from eventsys.agenda.forms import VisibilityForm
from eventsys.agenda.forms import add_blank_people_rows
from eventsys.agenda.forms import session_data
from eventsys.agenda.forms import session_form
from eventsys.agenda.public import releases_of
from eventsys.agenda.queries import agenda_sessions
from eventsys.agenda.views import bp
from eventsys.agenda.views import days_of
from eventsys.agenda.views import describe_clash
from eventsys.agenda.views import session_flags
from eventsys.errors import Conflict
from eventsys.errors import InvalidInput
from eventsys.extensions import db
from eventsys.forms import attach_errors
from eventsys.forms import run_service
from eventsys.i18n import current_language
from eventsys.i18n import localized
from eventsys.meetings.forms import EmptyForm
from eventsys.meetings.manage import get_managed_meeting
from eventsys.models import utcnow


def _titles(meeting, sessions) -> dict[int, str]:
    return {s.id: localized(s.title, fallback=meeting.main_language) for s in sessions}


def _agenda(meeting):
    return db.session.scalars(agenda_sessions(meeting.id)).all()


def _managed_session(slug: str, session_id: int):
    """A session of a meeting the signed-in user manages (404, then 403)."""
    return service.get_session(get_managed_meeting(slug), session_id)


def _at_session(slug: str, session):
    """Back to the agenda editor, at the session."""
    return redirect(
        url_for("agenda.manage_agenda", slug=slug) + f"#session-{session.id}"
    )


@bp.get("/manage/meetings/<slug>/agenda")
@login_required
def manage_agenda(slug: str):
    meeting = get_managed_meeting(slug)
    sessions = _agenda(meeting)
    clashes = find_conflicts(meeting, sessions)
    titles = _titles(meeting, sessions)
    return render_template(
        "agenda/manage/editor.html",
        meeting=meeting,
        days=days_of(sessions, meeting.timezone),
        warnings=[describe_clash(c, titles) for c in clashes if c.kind != "outside"],
        date_warnings=[
            describe_clash(c, titles) for c in clashes if c.kind == "outside"
        ],
        flags=session_flags(clashes, titles),
        button=EmptyForm(),
        balances={s.id: parity.panel_balance(s) for s in sessions
                  if s.kind in parity.PANEL_KINDS and s.people},
        single_gender=parity.single_gender,
        parity_table=parity.meeting_table(meeting) if meeting.asks_gender else None,
    )  # fmt: skip


def _warn_clashes(meeting, session) -> None:
    """Warn after a save (the save stands): a clash is for people to judge."""
    sessions = _agenda(meeting)
    titles = _titles(meeting, sessions)
    for clash in conflicts_for(meeting, session, sessions):
        flash(_("Warning: %(clash)s", clash=describe_clash(clash, titles)), "warning")


def _render_form(meeting, form, session, status=200, link_form=None):
    if "people" in form.errors and isinstance(form.people.errors, list):
        messages = [m for m in form.people.errors if isinstance(m, str)]
        form.form_errors.extend(messages)
    # A side event's organisers in the directory (a refused link shows its message).
    organisations = {"link_form": link_form, "suggested": []}
    if session is not None and session.kind == "side_event":
        organisations = {
            "link_form": link_form or OrganisationLinkForm(formdata=None),
            "suggested": side_events.suggested_organisations(session),
        }
    page = render_template("agenda/manage/session_form.html", meeting=meeting, form=form,
                           session=session, **organisations)  # fmt: skip
    return page, status


def _save(meeting, form, session):
    data = session_data(form, meeting)
    if session is None:
        return service.create_session(
            meeting, actor=current_user, data=data, now=utcnow()
        )
    service.update_session(session, actor=current_user, data=data, now=utcnow())
    return session


@bp.route("/manage/meetings/<slug>/agenda/new", methods=["GET", "POST"])
@bp.route(
    "/manage/meetings/<slug>/agenda/<int:session_id>/edit", methods=["GET", "POST"]
)
@login_required
def manage_session(slug: str, session_id: int | None = None):
    meeting = get_managed_meeting(slug)
    session = service.get_session(meeting, session_id) if session_id else None
    formdata = request.form if request.method == "POST" else None
    form = session_form(meeting, session, formdata=formdata)
    if session is None and formdata is None:
        form.day.data = form.day.data or _first_day(meeting)
    if formdata is not None and "more_people" in formdata:
        add_blank_people_rows(form)  # nothing is saved yet
        return _render_form(meeting, form, session)
    if not form.validate_on_submit():
        return _render_form(meeting, form, session, 422 if form.is_submitted() else 200)
    try:
        session = _save(meeting, form, session)
    except InvalidInput as error:
        db.session.rollback()
        fields = dict(error.fields)
        if "people" in fields:
            form.form_errors.append(fields.pop("people"))
        attach_errors(form, InvalidInput(error.message, fields))
        return _render_form(meeting, form, session, 422)
    db.session.commit()
    flash(_("Session saved."), "success")
    _warn_clashes(meeting, session)
    return _at_session(slug, session)


@bp.post("/manage/meetings/<slug>/agenda/<int:session_id>/organisations")
@login_required
def manage_session_organisations(slug: str, session_id: int):
    """Link a side event to one of the directory's organisations, or unlink one."""
    session = _managed_session(slug, session_id)
    form = OrganisationLinkForm()
    if not form.validate_on_submit():
        status = 422
    else:
        unlink = form.action.data == "unlink"
        change = (
            side_events.unlink_organisation if unlink else side_events.link_organisation
        )
        organisation, error = run_service(
            lambda: change(session, form.organisation_id.data, actor=current_user,
                           now=utcnow()), form=form)  # fmt: skip
        if error is None:
            name = organisation.display_name(current_language())
            flash(_("%(name)s is no longer linked to the side event.", name=name)
                  if unlink else _("%(name)s is linked to the side event.", name=name),
                  "success")  # fmt: skip
            url = url_for("agenda.manage_session", slug=slug, session_id=session.id)
            return redirect(url + "#organisations", code=303)
        status = error.status
    edit = session_form(session.meeting, session, formdata=None)
    return _render_form(session.meeting, edit, session, status, link_form=form)


def _first_day(meeting):
    from eventsys.dates import local_day

    return local_day(meeting.starts_at, meeting.timezone)


@bp.post(
    "/manage/meetings/<slug>/agenda/<int:session_id>/<any(cancel, reinstate):action>"
)
@login_required
def manage_session_status(slug: str, session_id: int, action: str):
    session = _managed_session(slug, session_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    status = "cancelled" if action == "cancel" else "scheduled"
    try:
        service.set_session_status(session, status, actor=current_user, now=utcnow())
        db.session.commit()
        flash(_("Session cancelled.") if action == "cancel" else _("Session reinstated."),
              "success")  # fmt: skip
    except Conflict:
        flash(_("The session already has this status."), "warning")
    return _at_session(slug, session)


@bp.post("/manage/meetings/<slug>/agenda/<int:session_id>/delete")
@login_required
def manage_session_delete(slug: str, session_id: int):
    session = _managed_session(slug, session_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    service.delete_session(session, actor=current_user, now=utcnow())
    db.session.commit()
    flash(_("Session deleted."), "success")
    return redirect(url_for("agenda.manage_agenda", slug=slug))


@bp.post("/manage/meetings/<slug>/agenda/<int:session_id>/move")
@login_required
def manage_session_move(slug: str, session_id: int):
    session = _managed_session(slug, session_id)
    form = MoveForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        service.move_session(
            session, form.direction.data, actor=current_user, now=utcnow()
        )
        db.session.commit()
    except Conflict:
        flash(_("Sessions follow their start times; only sessions that start at the "
                "same time can change order."), "warning")  # fmt: skip
    return _at_session(slug, session)


# ---------------------------------------------------------------- releases


@bp.route("/manage/meetings/<slug>/agenda/releases", methods=["GET", "POST"])
@login_required
def manage_releases(slug: str):
    meeting = get_managed_meeting(slug)
    form = ReleaseForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            return _releases_page(meeting, form, 422)
        release, error = run_service(
            lambda: releases.release_agenda(
                meeting, actor=current_user, label=form.label.data,
                note=form.note.data or "", now=utcnow(),
            ),
            form=form,
        )  # fmt: skip
        if error:
            return _releases_page(meeting, form, error.status)
        flash(_("Agenda released: %(label)s (version %(number)d).",
                label=release.label, number=release.number), "success")  # fmt: skip
        return redirect(url_for("agenda.manage_releases", slug=slug), code=303)
    return _releases_page(meeting, form)


def _releases_page(meeting, form, status=200):
    found = releases.preview(meeting)
    page = render_template(
        "agenda/manage/releases.html",
        meeting=meeting,
        form=form,
        preview=describe_all(
            found, current_language(), meeting.timezone, meeting.main_language
        ),  # fmt: skip
        releases=releases_of(meeting),
        visibility_form=VisibilityForm(obj=meeting),
    )
    return page, status


@bp.post("/manage/meetings/<slug>/agenda/visibility")
@login_required
def manage_visibility(slug: str):
    meeting = get_managed_meeting(slug)
    form = VisibilityForm()
    back = request.form.get("next") == "releases"
    target = (url_for("agenda.manage_releases", slug=slug) if back else
              url_for("registration.manage_settings", slug=slug) + "#settings-agenda")  # fmt: skip
    if not form.validate_on_submit():
        flash(_("Please choose from the list."), "error")
        return redirect(target, code=303)
    _changed, error = run_service(
        lambda: releases.set_visibility(
            meeting, form.agenda_visibility.data, actor=current_user, now=utcnow()
        )
    )
    if not error:
        flash(_("Agenda setting saved."), "success")
    return redirect(target, code=303)
