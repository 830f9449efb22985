"""The secretariat's pages for series, meetings, rooms and roles (/manage/...)."""

from flask import abort
from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from flask_login import login_required

from eventsys import lookup
from eventsys.agenda import parity
from eventsys.audit.describe import describe_events
from eventsys.auth import invitations
from eventsys.auth.models import AccountInvitation
from eventsys.auth.permissions import can_create_meeting
from eventsys.auth.permissions import can_create_meetings
from eventsys.auth.permissions import can_manage_meeting
from eventsys.auth.permissions import can_manage_series
from eventsys.auth.permissions import can_use_manage_area
from eventsys.auth.permissions import is_admin
from eventsys.auth.permissions import require
from eventsys.comms import queries as comms_queries
from eventsys.errors import Conflict
from eventsys.errors import InvalidInput
from eventsys.extensions import db
from eventsys.forms import attach_errors
from eventsys.forms import run_service
from eventsys.meetings import forms
from eventsys.meetings import queries
from eventsys.meetings import service
from eventsys.meetings.views import bp
from eventsys.models import utcnow
from eventsys.onsite import service as onsite
from eventsys.pagination import paginate


def get_managed_meeting(slug: str):
    """The meeting if the signed-in user manages it (eventsys.lookup owns the rule)."""
    return lookup.get_managed_meeting(slug, current_user)


def _invalid(template: str, form, error: InvalidInput, **context):
    db.session.rollback()
    attach_errors(form, error)
    return render_template(template, form=form, **context), 422


@bp.get("/manage/")
@login_required
def manage_index():
    require(can_use_manage_area(current_user))
    meetings = db.session.scalars(queries.managed_meetings(current_user)).all()
    managed = [m for m in meetings if can_manage_meeting(current_user, m)]
    waiting = comms_queries.waiting_counts(m.id for m in managed)
    return render_template(
        "meetings/manage/index.html",
        meetings=meetings,
        waiting=[(m, waiting[m.id]) for m in managed if any(waiting[m.id].values())],
        can_create=can_create_meetings(current_user),
        can_edit_series=can_manage_series(current_user),
        series=db.session.scalars(queries.list_series()).all(),
        can_manage=lambda meeting: can_manage_meeting(current_user, meeting),
    )


# ---------------------------------------------------------------- series


@bp.route("/manage/series/new", methods=["GET", "POST"])
@login_required
def manage_series_new():
    require(can_manage_series(current_user))
    form = forms.SeriesForm()
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template(
            "meetings/manage/series_form.html", form=form, series=None
        ), status
    try:
        series = service.create_series(
            actor=current_user, data=_series_data(form), now=utcnow()
        )
    except InvalidInput as error:
        return _invalid("meetings/manage/series_form.html", form, error, series=None)
    db.session.commit()
    flash(_("Series created."), "success")
    return redirect(url_for("meetings.series_detail", slug=series.slug))


@bp.route("/manage/series/<slug>/edit", methods=["GET", "POST"])
@login_required
def manage_series_edit(slug: str):
    series = db.first_or_404(queries.get_series_by_slug(slug))
    require(can_manage_series(current_user))
    form = forms.SeriesForm(obj=series)
    if request.method == "GET":
        forms.fill_i18n(form, "name", series.name, "en")
        forms.fill_i18n(form, "description", series.description, "en")
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template(
            "meetings/manage/series_form.html", form=form, series=series
        ), status
    try:
        service.update_series(
            series, actor=current_user, data=_series_data(form), now=utcnow()
        )
    except InvalidInput as error:
        return _invalid("meetings/manage/series_form.html", form, error, series=series)
    db.session.commit()
    flash(_("Series saved."), "success")
    return redirect(url_for("meetings.series_detail", slug=series.slug))


def _series_data(form) -> dict:
    return {
        "slug": form.slug.data,
        "acronym": form.acronym.data,
        "kind": form.kind.data,
        "name": forms.i18n_data(form, "name", "en"),
        "description": forms.i18n_data(form, "description", "en"),
    }


# ---------------------------------------------------------------- meetings


def _meeting_form(meeting=None, **kwargs):
    """The meeting form; the series offered are those the user may create in."""
    form = forms.MeetingForm(**kwargs)
    form.series_id.choices = [
        (s.id, f"{s.acronym}: {s.name.get('en') or next(iter(s.name.values()), '')}")
        for s in db.session.scalars(queries.list_series())
        if can_create_meeting(current_user, s)
        or (meeting is not None and s.id == meeting.series_id)
    ]
    return form


@bp.route("/manage/meetings/new", methods=["GET", "POST"])
@login_required
def manage_meeting_new():
    require(can_create_meetings(current_user))
    form = _meeting_form()
    if request.method == "GET" and request.args.get("series", "").isdigit():
        form.series_id.data = int(request.args["series"])
    template = "meetings/manage/meeting_form.html"
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template(template, form=form, meeting=None), status
    try:
        meeting = service.create_meeting(
            actor=current_user, data=forms.meeting_data(form), now=utcnow()
        )
    except InvalidInput as error:
        return _invalid(template, form, error, meeting=None)
    db.session.commit()
    flash(_("Meeting created as a draft: only its managers can see it."), "success")
    return redirect(url_for("meetings.manage_meeting", slug=meeting.slug))


@bp.get("/manage/meetings/<slug>/")
@login_required
def manage_meeting(slug: str):
    meeting = get_managed_meeting(slug)
    return render_template(
        "meetings/manage/meeting.html",
        meeting=meeting,
        attendance=onsite.attendance(meeting),
        cancel_form=forms.CancelForm(),
        button=forms.EmptyForm(),
        now=utcnow(),
    )


@bp.route("/manage/meetings/<slug>/edit", methods=["GET", "POST"])
@login_required
def manage_edit(slug: str):
    meeting = get_managed_meeting(slug)
    form = _meeting_form(meeting)
    if request.method == "GET":
        forms.fill_meeting_form(form, meeting)
    template = "meetings/manage/meeting_form.html"
    explains = parity.notice_explains_gender(current_app.config)
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template(template, form=form, meeting=meeting,
                               notice_explains_gender=explains), status  # fmt: skip
    try:
        asked = parity.set_asking(meeting, actor=current_user, now=utcnow(),
                                  asks=form.asks_gender.data, notice_explains=explains)  # fmt: skip
        changed = service.update_meeting(
            meeting,
            actor=current_user,
            data=forms.meeting_data(form, meeting),
            now=utcnow(),
        )
    except InvalidInput as error:
        return _invalid(template, form, error, meeting=meeting,
                        notice_explains_gender=explains)  # fmt: skip
    db.session.commit()
    flash(_("Meeting saved.") if changed or asked else _("Nothing changed."), "success")
    return redirect(url_for("meetings.manage_meeting", slug=meeting.slug))


@bp.post("/manage/meetings/<slug>/publish")
@login_required
def manage_publish(slug: str):
    meeting = get_managed_meeting(slug)
    if forms.EmptyForm().validate_on_submit():
        try:
            service.publish_meeting(meeting, actor=current_user, now=utcnow())
            db.session.commit()
            flash(_("The meeting is published."), "success")
        except Conflict:
            flash(_("Only a draft meeting can be published."), "error")
    return redirect(url_for("meetings.manage_meeting", slug=meeting.slug))


@bp.route("/manage/meetings/<slug>/cancel", methods=["GET", "POST"])
@login_required
def manage_cancel(slug: str):
    meeting = get_managed_meeting(slug)
    form = forms.CancelForm()
    template = "meetings/manage/cancel.html"
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template(template, form=form, meeting=meeting), status
    try:
        service.cancel_meeting(
            meeting, actor=current_user, reason=form.reason.data, now=utcnow()
        )
    except InvalidInput as error:
        return _invalid(template, form, error, meeting=meeting)
    except Conflict:
        flash(_("This meeting is already cancelled."), "error")
        return redirect(url_for("meetings.manage_meeting", slug=meeting.slug))
    db.session.commit()
    flash(_("The meeting is cancelled; the reason is shown on its page."), "success")
    return redirect(url_for("meetings.manage_meeting", slug=meeting.slug))


@bp.post("/manage/meetings/<slug>/delete")
@login_required
def manage_delete(slug: str):
    meeting = get_managed_meeting(slug)
    if not forms.EmptyForm().validate_on_submit():
        abort(400)
    try:
        service.delete_meeting(meeting, actor=current_user, now=utcnow())
    except Conflict:
        flash(
            _("Only a draft can be deleted; cancel a published meeting instead."),
            "error",
        )
        return redirect(url_for("meetings.manage_meeting", slug=meeting.slug))
    db.session.commit()
    flash(_("The draft meeting is deleted."), "success")
    return redirect(url_for("meetings.manage_index"))


@bp.route("/manage/meetings/<slug>/edition", methods=["GET", "POST"])
@login_required
def manage_edition(slug: str):
    source = get_managed_meeting(slug)
    require(can_create_meeting(current_user, source.series))
    form = forms.EditionForm()
    if request.method == "GET":
        _suggest_edition(form, source)
    left_out = service.edition_left_out(source)
    context = {"meeting": source, "languages": _other_languages(source), **left_out}
    template = "meetings/manage/edition.html"
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template(template, form=form, **context), status
    data = {**form.data, "title": forms.i18n_data(form, "title", source.main_language)}
    meeting, error = run_service(
        lambda: service.create_edition(
            source, actor=current_user, data=data, now=utcnow()
        ),
        form=form,
    )
    if error is not None:
        return render_template(template, form=form, **context), error.status
    title = source.title.get(source.main_language, source.slug)
    flash(_("New edition created as a draft, with the rooms, agenda and registration set-up of %(title)s.", title=title), "success")  # fmt: skip
    flash(_left_out_message(left_out), "info")
    return redirect(url_for("meetings.manage_edit", slug=meeting.slug))


def _other_languages(source) -> list[str]:
    return [lang for lang in source.languages or [] if lang != source.main_language]


def _left_out_message(left_out: dict[str, int]) -> str:
    """What the new edition did not take, said in words (the page said it before too)."""
    parts = [
        ngettext("%(num)d registration", "%(num)d registrations", left_out["registrations"]),
        ngettext("%(num)d delegation", "%(num)d delegations", left_out["delegations"]),
        ngettext("%(num)d outcome document", "%(num)d outcome documents", left_out["documents"]),
        ngettext("%(num)d cancelled session", "%(num)d cancelled sessions", left_out["cancelled_sessions"]),
    ]  # fmt: skip
    return _("Not copied from the earlier meeting: %(items)s.", items=", ".join(parts))


def _suggest_edition(form, source) -> None:
    """Next year's edition as a starting point: same day, the year bumped in names."""
    import re

    from eventsys.dates import local_day

    first = local_day(source.starts_at, source.timezone)
    year = first.year
    try:
        form.start_date.data = first.replace(year=year + 1)
    except ValueError:  # 29 February
        form.start_date.data = first.replace(year=year + 1, day=28)
    bump = lambda text: re.sub(rf"\b{year}\b", str(year + 1), text)  # noqa: E731
    form.slug.data = (
        bump(source.slug) if str(year) in source.slug else f"{source.slug}-{year + 1}"
    )
    titles = {lang: bump(text) for lang, text in (source.title or {}).items()}
    forms.fill_i18n(form, "title", titles, source.main_language)


@bp.get("/manage/meetings/<slug>/history")
@login_required
def manage_history(slug: str):
    meeting = get_managed_meeting(slug)
    page = paginate(queries.meeting_history(meeting.id), per_page=50)
    return render_template(
        "meetings/manage/history.html",
        meeting=meeting,
        page=page,
        entries=describe_events(page.items, zone=meeting.timezone),
        show_record=is_admin(current_user),
    )


# ---------------------------------------------------------------- roles


@bp.route("/manage/meetings/<slug>/people", methods=["GET", "POST"])
@login_required
def manage_roles(slug: str):
    meeting = get_managed_meeting(slug)
    form = forms.RoleForm()
    template = "meetings/manage/roles.html"
    context = {
        "meeting": meeting,
        "button": forms.EmptyForm(),
        "invitations": db.session.scalars(invitations.pending(meeting)).all(),
    }
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template(template, form=form, **context), status
    result, error = run_service(
        lambda: invitations.add_to_team(
            meeting, actor=current_user, email=form.email.data, role=form.role.data,
            language=form.language.data, links=invitation_links(), now=utcnow(),
        ),
        form=form,
    )  # fmt: skip
    if error is not None:
        context["invitations"] = db.session.scalars(invitations.pending(meeting)).all()
        return render_template(template, form=form, **context), error.status
    if isinstance(result, AccountInvitation):
        flash(_("No account uses this address: we sent an invitation."), "success")
    else:
        flash(_("Role added."), "success")
    return redirect(url_for("meetings.manage_roles", slug=slug))


def invitation_links() -> invitations.Links:
    base = current_app.config["EVENTSYS_BASE_URL"].rstrip("/")
    return invitations.Links(
        accept=lambda token: base + url_for("auth.invitation", token=token),
        sso_domains=tuple(current_app.config["SSO_REQUIRED_DOMAINS"]),
    )


@bp.post("/manage/meetings/<slug>/people/invitations/<int:invitation_id>/resend")
@login_required
def manage_invitation_resend(slug: str, invitation_id: int):
    meeting = get_managed_meeting(slug)
    if not forms.EmptyForm().validate_on_submit():
        abort(400)
    _result, error = run_service(
        lambda: invitations.resend(
            meeting,
            invitation_id,
            actor=current_user,
            links=invitation_links(),
            now=utcnow(),
        )  # fmt: skip
    )
    if error is None:
        flash(_("Invitation sent again, with a new link."), "success")
    return redirect(url_for("meetings.manage_roles", slug=slug))


@bp.post("/manage/meetings/<slug>/people/invitations/<int:invitation_id>/revoke")
@login_required
def manage_invitation_revoke(slug: str, invitation_id: int):
    meeting = get_managed_meeting(slug)
    if not forms.EmptyForm().validate_on_submit():
        abort(400)
    _result, error = run_service(
        lambda: invitations.revoke(
            meeting, invitation_id, actor=current_user, now=utcnow()
        )  # fmt: skip
    )
    if error is None:
        flash(_("Invitation revoked: its link no longer works."), "success")
    return redirect(url_for("meetings.manage_roles", slug=slug))


@bp.post("/manage/meetings/<slug>/people/<int:role_id>/remove")
@login_required
def manage_role_remove(slug: str, role_id: int):
    meeting = get_managed_meeting(slug)
    if not forms.EmptyForm().validate_on_submit():
        abort(400)
    _result, error = run_service(
        lambda: service.remove_role(meeting, role_id, actor=current_user, now=utcnow())
    )
    if error is None:
        flash(_("Role removed."), "success")
    return redirect(url_for("meetings.manage_roles", slug=slug))


# ---------------------------------------------------------------- rooms


@bp.route("/manage/meetings/<slug>/rooms", methods=["GET", "POST"])
@login_required
def manage_rooms(slug: str):
    meeting = get_managed_meeting(slug)
    form = forms.RoomForm()
    template = "meetings/manage/rooms.html"
    context = {"meeting": meeting, "button": forms.EmptyForm()}
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template(template, form=form, **context), status
    try:
        service.save_room(meeting, actor=current_user, data=form.data, now=utcnow())
    except InvalidInput as error:
        return _invalid(template, form, error, **context)
    db.session.commit()
    flash(_("Room added."), "success")
    return redirect(url_for("meetings.manage_rooms", slug=slug))


@bp.route("/manage/meetings/<slug>/rooms/<int:room_id>/edit", methods=["GET", "POST"])
@login_required
def manage_room_edit(slug: str, room_id: int):
    meeting = get_managed_meeting(slug)
    room = service.get_room(meeting, room_id)
    form = forms.RoomForm(obj=room)
    template = "meetings/manage/room_form.html"
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template(template, form=form, meeting=meeting, room=room), status
    try:
        service.save_room(
            meeting, actor=current_user, data=form.data, room=room, now=utcnow()
        )
    except InvalidInput as error:
        return _invalid(template, form, error, meeting=meeting, room=room)
    db.session.commit()
    flash(_("Room saved."), "success")
    return redirect(url_for("meetings.manage_rooms", slug=slug))


@bp.post("/manage/meetings/<slug>/rooms/<int:room_id>/delete")
@login_required
def manage_room_delete(slug: str, room_id: int):
    meeting = get_managed_meeting(slug)
    room = service.get_room(meeting, room_id)
    if not forms.EmptyForm().validate_on_submit():
        abort(400)
    service.delete_room(meeting, room, actor=current_user, now=utcnow())
    db.session.commit()
    flash(_("Room deleted; its sessions no longer have a room."), "success")
    return redirect(url_for("meetings.manage_rooms", slug=slug))
