"""Secretariat pages for registrations: table, decisions, edits, exports, settings."""

from flask import Response
from flask import abort
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_login import login_required

from eventsys.auth.permissions import can_manage_meeting
from eventsys.auth.permissions import can_view_meeting
from eventsys.auth.permissions import require
from eventsys.errors import Conflict
from eventsys.errors import InvalidInput
from eventsys.extensions import db
from eventsys.forms import attach_errors
from eventsys.i18n import current_language
from eventsys.lookup import get_of_meeting
from eventsys.meetings import queries as meeting_queries
from eventsys.models import utcnow
from eventsys.pagination import paginate
from eventsys.registration import exports
from eventsys.registration import forms
from eventsys.registration import queries
from eventsys.registration import rules
from eventsys.registration import service
from eventsys.registration import settings
from eventsys.registration.models import REGISTRATION_STATUSES
from eventsys.registration.models import ParticipantCategory
from eventsys.registration.models import Registration
from eventsys.registration.models import RegistrationQuestion
from eventsys.registration.views import bp

PER_PAGE = 50
ACTIONS = ("approve", "reject", "waitlist", "cancel")
SINGLE_ACTIONS = ACTIONS + ("category", "link")


def managed_meeting(slug: str):
    meeting = db.session.scalar(meeting_queries.get_meeting_by_slug(slug))
    if meeting is None or not can_view_meeting(current_user, meeting):
        abort(404)  # a draft is 404, not 403, for people who may not see it
    require(can_manage_meeting(current_user, meeting))
    return meeting


def _registration(meeting, registration_id: int) -> Registration:
    return get_of_meeting(Registration, registration_id, meeting)


def _filters() -> dict:
    args = request.args
    category = args.get("category", "")
    return {
        "q": args.get("q", "").strip()[:100],
        "status": args.get("status", "")
        if args.get("status") in REGISTRATION_STATUSES
        else "",
        "category_id": int(category) if category.isdigit() else None,
        "country": args.get("country", "").upper()[:2],
        "attendance": args.get("attendance", "")
        if args.get("attendance") in ("in_person", "online")
        else "",
        "sort": args.get("sort", "created")
        if args.get("sort") in queries.SORTS
        else "created",
    }


@bp.get("/manage/meetings/<slug>/registrations")
@login_required
def manage_list(slug: str):
    meeting = managed_meeting(slug)
    filters = _filters()
    page = paginate(queries.search_registrations(meeting, **filters), per_page=PER_PAGE)
    categories = rules.meeting_categories(meeting)
    return render_template(
        "registration/manage/list.html",
        meeting=meeting,
        page=page,
        filters=filters,
        categories=categories,
        by_status=queries.count_by_status(meeting),
        by_category=queries.count_by_category(meeting),
        statuses=REGISTRATION_STATUSES,
        decision_form=forms.DecisionForm(formdata=None),
        approval={c.id: rules.requires_approval(c) for c in categories},
    )


@bp.post("/manage/meetings/<slug>/registrations/bulk")
@login_required
def manage_bulk(slug: str):
    meeting = managed_meeting(slug)
    action = request.form.get("action", "")
    ids = [i for i in request.form.getlist("ids") if i.isdigit()]
    if action not in ACTIONS or not ids:
        flash(_("Choose registrations and an action."), "warning")
        return redirect(url_for("registration.manage_list", slug=slug), code=303)
    now, done, skipped = utcnow(), 0, 0
    if action == "approve":
        result = service.bulk_approve(meeting, ids, actor=current_user, now=now)
        done = sum(result.values())
    else:
        for registration_id in ids:
            registration = _registration(meeting, int(registration_id))
            try:
                _act(registration, action, now)
                done += 1
            except Conflict:
                skipped += 1
    db.session.commit()
    flash(
        _(
            "%(done)d registrations updated, %(skipped)d skipped.",
            done=done,
            skipped=skipped,
        ),
        "success",
    )
    return redirect(url_for("registration.manage_list", slug=slug), code=303)


def _act(registration, action: str, now) -> None:
    if action == "approve":
        service.approve(registration, actor=current_user, now=now)
    elif action == "reject":
        service.reject(
            registration,
            actor=current_user,
            now=now,
            message=request.form.get("message", ""),
        )
    elif action == "waitlist":
        service.waitlist(registration, actor=current_user, now=now)
    else:
        service.cancel(registration, actor=current_user, now=now)


@bp.route(
    "/manage/meetings/<slug>/registrations/<int:registration_id>",
    methods=["GET", "POST"],
)
@login_required
def manage_edit(slug: str, registration_id: int):
    meeting = managed_meeting(slug)
    registration = _registration(meeting, registration_id)
    form = forms.UpdateForm(obj=registration if request.method == "GET" else None)
    form.set_country_choices(current_language())
    status = 200
    if request.method == "POST":
        try:
            service.update_registration(
                registration,
                data=request.form.to_dict(),
                actor=current_user,
                now=utcnow(),
            )
        except (InvalidInput, Conflict) as error:
            db.session.rollback()
            registration = _registration(meeting, registration_id)
            attach_errors(form, error)
            status = error.status
        else:
            db.session.commit()
            flash(_("Changes saved."), "success")
            return redirect(
                url_for(
                    "registration.manage_edit",
                    slug=slug,
                    registration_id=registration_id,
                ),
                code=303,
            )
    page = render_template(
        "registration/manage/edit.html",
        meeting=meeting,
        registration=registration,
        form=form,
        categories=rules.meeting_categories(meeting),
        decision_form=forms.DecisionForm(formdata=None),
        position=service.waitlist_position(registration),
        answers=[
            (a.question, rules.answer_display(a.question, a.value))
            for a in registration.answers
        ],
    )
    return page, status


@bp.post("/manage/meetings/<slug>/registrations/<int:registration_id>/<action>")
@login_required
def manage_action(slug: str, registration_id: int, action: str):
    meeting = managed_meeting(slug)
    registration = _registration(meeting, registration_id)
    if action not in SINGLE_ACTIONS:
        abort(404)
    try:
        if action == "link":
            service.send_new_link(registration, actor=current_user, now=utcnow())
        elif action == "category":
            category = rules.find_category(meeting, request.form.get("category"))
            service.change_category(
                registration, category, actor=current_user, now=utcnow()
            )
        else:
            _act(registration, action, utcnow())
    except (Conflict, InvalidInput) as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(
            _(
                "Registration updated: %(status)s.",
                status=_status_text(registration.status),
            ),
            "success",
        )
    return redirect(
        url_for("registration.manage_edit", slug=slug, registration_id=registration_id),
        code=303,
    )


def _status_text(status: str) -> str:
    from eventsys.labels import STATUS
    from eventsys.labels import label

    return label(STATUS, status)


@bp.get("/manage/meetings/<slug>/registrations.csv")
@login_required
def manage_export(slug: str):
    meeting = managed_meeting(slug)
    text = exports.registrations_csv(
        meeting, actor=current_user, now=utcnow(), language=current_language()
    )
    db.session.commit()
    return Response(
        text.encode("utf-8"),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{meeting.slug}-registrations.csv"',
            "Cache-Control": "no-store",
        },
    )


# --- settings ----------------------------------------------------------------


@bp.route("/manage/meetings/<slug>/registration-settings", methods=["GET", "POST"])
@login_required
def manage_settings(slug: str):
    meeting = managed_meeting(slug)
    form = forms.SettingsForm(
        obj=_local_times(meeting) if request.method == "GET" else None
    )
    status = 200
    if request.method == "POST":
        try:
            settings.update_meeting_settings(
                meeting, data=request.form.to_dict(), actor=current_user, now=utcnow()
            )
        except InvalidInput as error:
            db.session.rollback()
            attach_errors(form, error)
            status = 422
        else:
            db.session.commit()
            flash(_("Registration settings saved."), "success")
            return redirect(
                url_for("registration.manage_settings", slug=slug), code=303
            )
    return _settings_page(meeting, form, status=status)


def _local_times(obj):
    """An object for form defaults with datetimes as the meeting's local, naive times."""
    from types import SimpleNamespace

    from eventsys.dates import to_zone

    zone = obj.timezone if hasattr(obj, "timezone") else obj.meeting.timezone
    values = {}
    for name in (
        "capacity",
        "in_person_capacity",
        "online_capacity",
        "requires_approval",
        "public_participant_list",
        "registration_opens_at",
        "registration_closes_at",
        "opens_at",
        "closes_at",
    ):
        if hasattr(obj, name):
            value = getattr(obj, name)
            if hasattr(value, "tzinfo") and value is not None:
                value = to_zone(value, zone).replace(tzinfo=None)
            values[name] = value
    return SimpleNamespace(**values)


def _settings_page(
    meeting, form, *, status=200, question_form=None, category_errors=None
):
    categories = rules.meeting_categories(meeting)
    question_form = question_form or forms.QuestionForm(formdata=None)
    question_form.category.choices = [("", _("Every category"))] + [
        (c.key, c.name.get(current_language()) or next(iter(c.name.values()), c.key))
        for c in categories
    ]
    page = render_template(
        "registration/manage/settings.html",
        meeting=meeting,
        form=form,
        categories=categories,
        local={c.id: _local_times(c) for c in categories},
        category_errors=category_errors or {},
        questions=rules.questions_for(meeting, all_categories=True),
        question_form=question_form,
    )
    return page, status


@bp.post("/manage/meetings/<slug>/categories/<int:category_id>")
@login_required
def manage_category(slug: str, category_id: int):
    meeting = managed_meeting(slug)
    category = get_of_meeting(ParticipantCategory, category_id, meeting)
    try:
        settings.update_category_settings(
            category, data=request.form.to_dict(), actor=current_user, now=utcnow()
        )
    except InvalidInput as error:
        db.session.rollback()
        return _settings_page(
            meeting,
            forms.SettingsForm(obj=_local_times(meeting)),
            status=422,
            category_errors={category_id: error.fields},
        )
    db.session.commit()
    flash(_("Category settings saved."), "success")
    return redirect(url_for("registration.manage_settings", slug=slug), code=303)


@bp.post("/manage/meetings/<slug>/questions")
@login_required
def manage_question_add(slug: str):
    meeting = managed_meeting(slug)
    form = forms.QuestionForm()
    category = (
        rules.find_category(meeting, request.form.get("category"))
        if request.form.get("category")
        else None
    )
    try:
        settings.add_question(
            meeting,
            data=request.form.to_dict(),
            actor=current_user,
            now=utcnow(),
            category=category,
        )
    except InvalidInput as error:
        db.session.rollback()
        attach_errors(form, error)
        return _settings_page(
            meeting,
            forms.SettingsForm(obj=_local_times(meeting)),
            status=422,
            question_form=form,
        )
    db.session.commit()
    flash(_("Question added."), "success")
    return redirect(url_for("registration.manage_settings", slug=slug), code=303)


@bp.post("/manage/meetings/<slug>/questions/<int:question_id>/delete")
@login_required
def manage_question_delete(slug: str, question_id: int):
    meeting = managed_meeting(slug)
    question = get_of_meeting(RegistrationQuestion, question_id, meeting)
    settings.delete_question(
        question, actor=current_user, meeting=meeting, now=utcnow()
    )
    db.session.commit()
    flash(_("Question removed."), "success")
    return redirect(url_for("registration.manage_settings", slug=slug), code=303)


@bp.post("/manage/meetings/<slug>/categories")
@login_required
def manage_category_add(slug: str):
    meeting = managed_meeting(slug)
    try:
        settings.add_category(
            meeting, data=request.form.to_dict(), actor=current_user, now=utcnow()
        )
    except InvalidInput as error:
        db.session.rollback()
        flash(" ".join(error.fields.values()) or error.message, "error")
    else:
        db.session.commit()
        flash(_("Category added."), "success")
    return redirect(url_for("registration.manage_settings", slug=slug), code=303)


@bp.post("/manage/meetings/<slug>/categories/<int:category_id>/delete")
@login_required
def manage_category_delete(slug: str, category_id: int):
    meeting = managed_meeting(slug)
    category = get_of_meeting(ParticipantCategory, category_id, meeting)
    try:
        settings.delete_category(category, actor=current_user, now=utcnow())
    except Conflict as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(_("Category removed."), "success")
    return redirect(url_for("registration.manage_settings", slug=slug), code=303)
