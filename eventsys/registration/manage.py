"""Secretariat pages for registrations: table, decisions, edits, exports, settings."""

from datetime import datetime
from types import SimpleNamespace

from flask import abort
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from flask_login import login_required

from eventsys.agenda.forms import VisibilityForm
from eventsys.dates import to_zone
from eventsys.directory import service as directory
from eventsys.directory import vetting
from eventsys.errors import Conflict
from eventsys.errors import InvalidInput
from eventsys.exports import download
from eventsys.extensions import db
from eventsys.forms import run_service
from eventsys.i18n import current_language
from eventsys.labels import STATUS
from eventsys.labels import label
from eventsys.lookup import get_of_meeting
from eventsys.meetings.manage import get_managed_meeting as managed_meeting
from eventsys.models import utcnow
from eventsys.pagination import paginate
from eventsys.registration import exports
from eventsys.registration import forms
from eventsys.registration import lists
from eventsys.registration import queries
from eventsys.registration import questions
from eventsys.registration import rules
from eventsys.registration import service
from eventsys.registration import settings
from eventsys.registration.models import REGISTRATION_STATUSES
from eventsys.registration.models import ParticipantCategory
from eventsys.registration.models import Registration
from eventsys.registration.views import bp

PER_PAGE = 50
ACTIONS = ("approve", "reject", "waitlist", "cancel")
SINGLE_ACTIONS = ACTIONS + ("category", "link")


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
    query = queries.search_registrations(meeting, **filters)
    number = request.args.get("page", 1, type=int)
    language = current_language()
    if filters["sort"] == "list":
        rows = db.session.scalars(query).unique().all()
        page = lists.page(
            lists.in_list_order(rows, language),
            page=number,
            per_page=PER_PAGE,
        )
    else:
        page = paginate(query, per_page=PER_PAGE)
    categories = rules.meeting_categories(meeting)
    return render_template(
        "registration/manage/list.html",
        meeting=meeting,
        page=page,
        shown={r.id: lists.represents(r, language) for r in page.items},
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
    ids = [int(i) for i in request.form.getlist("ids") if i.isdigit() and len(i) < 10]
    if action not in ACTIONS or not ids:
        flash(_("Choose registrations and an action."), "warning")
        return redirect(url_for("registration.manage_list", slug=slug), code=303)
    now, done, skipped = utcnow(), 0, {}
    # One at a time in arrival order, so bulk approval seats people as they came.
    rows = queries.registrations_in_order(meeting, ids)
    for registration in db.session.scalars(rows).all():
        try:
            _act(registration, action, now)
            done += 1
        except (Conflict, InvalidInput) as error:
            skipped.setdefault(error.message, []).append(registration.display_name)
    db.session.commit()
    _flash_bulk(done, skipped)
    return redirect(url_for("registration.manage_list", slug=slug), code=303)


def _flash_bulk(done: int, skipped: dict[str, list[str]]) -> None:
    """How many changed, and for each reason which rows were skipped."""
    flash(
        ngettext(
            "%(num)d registration updated.", "%(num)d registrations updated.", done
        ),
        "success" if done else "info",
    )
    for reason, names in skipped.items():
        flash(
            ngettext(
                "%(num)d registration skipped. %(names)s: %(reason)s",
                "%(num)d registrations skipped. %(names)s: %(reason)s",
                len(names),
                names=", ".join(names),
                reason=reason,
            ),
            "warning",
        )


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
        _result, error = run_service(
            lambda: service.update_registration(
                registration,
                data=request.form.to_dict(),
                actor=current_user,
                now=utcnow(),
            ),
            form=form,
        )
        if error is not None:
            status = error.status
        else:
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
        answers=questions.shown_answers(registration),
        organisation=directory.linked_organisation(registration),
        held=service.held_reason(registration, utcnow()),
        hold_reasons=vetting.HOLD_REASONS,
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
    return label(STATUS, status)


@bp.get("/manage/meetings/<slug>/registrations.csv")
@login_required
def manage_export(slug: str):
    return _export_registrations(slug, "csv")


@bp.get("/manage/meetings/<slug>/registrations.xlsx")
@login_required
def manage_export_xlsx(slug: str):
    return _export_registrations(slug, "xlsx")


def _export_registrations(slug: str, format: str):
    return download(managed_meeting(slug), exports.export_registrations, format)


# --- settings ----------------------------------------------------------------


@bp.route("/manage/meetings/<slug>/registration-settings", methods=["GET", "POST"])
@login_required
def manage_settings(slug: str):
    meeting = managed_meeting(slug)
    form = forms.SettingsForm(formdata=None, obj=_local_times(meeting))
    if request.method == "GET":
        return _settings_page(meeting, form)
    # One form per concern; a post without one (older clients) sends them all.
    names = settings.CONCERNS.get(request.form.get("concern", ""))
    data = _posted(names or settings.MEETING_FIELDS, choices=("access",))
    for name in data:
        form[name].process(request.form)
    promoted, error = run_service(
        lambda: settings.update_meeting_settings(
            meeting, data=data, actor=current_user, now=utcnow()
        ),
        form=form,
    )
    if error:
        return _settings_page(meeting, form, status=error.status)
    _flash_saved(_("Registration settings saved."), promoted)
    return redirect(url_for("registration.manage_settings", slug=slug), code=303)


def _posted(names, *, choices=()) -> dict:
    """The posted values of these fields; an unticked box is "", an absent choice is left out."""
    return {
        name: request.form.get(name, "")
        for name in names
        if name not in choices or name in request.form
    }


def _flash_saved(message: str, promoted) -> None:
    flash(message, "success")
    if promoted:
        flash(
            ngettext(
                "%(num)d person was confirmed from the waiting list: %(names)s.",
                "%(num)d people were confirmed from the waiting list: %(names)s.",
                len(promoted),
                names=", ".join(r.display_name for r in promoted),
            ),
            "info",
        )


def _local_times(obj):
    """An object for form defaults with datetimes as the meeting's local, naive times."""
    zone = obj.timezone if hasattr(obj, "timezone") else obj.meeting.timezone
    values = {}
    for name in LOCAL_FIELDS:
        if hasattr(obj, name):
            value = getattr(obj, name)
            if isinstance(value, datetime):
                value = to_zone(value, zone).replace(tzinfo=None)
            values[name] = value
    if (
        getattr(obj, "meeting", None) is not None
    ):  # a category: NULL is "as the meeting"
        approval = values["requires_approval"]
        values["requires_approval"] = (
            "inherit" if approval is None else ("yes" if approval else "no")
        )
        values["access"] = values["access"] or "inherit"
    return SimpleNamespace(**values)


LOCAL_FIELDS = (
    *settings.MEETING_FIELDS,
    "opens_at",
    "closes_at",
    "on_public_list",
    "approval_for_invited",
    "delegation_size_limit",
)


def _settings_page(meeting, form, *, status=200):
    categories = rules.meeting_categories(meeting)
    page = render_template(
        "registration/manage/settings.html",
        meeting=meeting,
        form=form,
        categories=categories,
        approval={c.id: rules.requires_approval(c) for c in categories},
        access={c.id: rules.access(c) for c in categories},
        agenda_form=VisibilityForm(formdata=None, obj=meeting),
    )
    return page, status


CATEGORY_FIELDS = (
    "capacity",
    "in_person_capacity",
    "online_capacity",
    "delegation_size_limit",
    "requires_approval",
    "access",
    "opens_at",
    "closes_at",
    "on_public_list",
    "approval_for_invited",
    "requires_approved_organisation",
)


@bp.route(
    "/manage/meetings/<slug>/categories/<int:category_id>", methods=["GET", "POST"]
)
@login_required
def manage_category(slug: str, category_id: int):
    meeting = managed_meeting(slug)
    category = get_of_meeting(ParticipantCategory, category_id, meeting)
    form = forms.CategoryForm(formdata=None, obj=_local_times(category))
    status = 200
    if request.method == "POST":
        form.process(request.form)
        data = _posted(CATEGORY_FIELDS, choices=("requires_approval", "access"))
        promoted, error = run_service(
            lambda: settings.update_category_settings(
                category, data=data, actor=current_user, now=utcnow()
            ),
            form=form,
        )
        if error is None:
            _flash_saved(_("Category settings saved."), promoted)
            return redirect(
                url_for("registration.manage_settings", slug=slug) + "#categories",
                code=303,
            )
        status = error.status
    page = render_template(
        "registration/manage/category.html",
        meeting=meeting,
        category=category,
        form=form,
    )
    return page, status


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
