"""The meeting's attendance page (/manage/meetings/<slug>/attendance): record
attendance by hand, import the online platform's attendance report (preview,
then confirm), download the attendance."""

from pathlib import Path

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

from eventsys.dates import format_date
from eventsys.exports import FORMATS
from eventsys.exports import download
from eventsys.forms import run_service
from eventsys.i18n import current_language
from eventsys.meetings.manage import get_managed_meeting
from eventsys.models import utcnow
from eventsys.onsite import attendance
from eventsys.onsite import attendance_forms as forms
from eventsys.onsite import service
from eventsys.onsite.views import bp
from eventsys.secret_urls import secret_in_path

TABLES = ("people", "counts")


def _stash_dir() -> Path:
    return Path(current_app.instance_path) / "attendance-imports"


def _with_days(meeting, form):
    days = service.days_of(meeting)
    form.day.choices = forms.day_choices(
        days, lambda d: format_date(d, meeting.timezone, current_language(), "full")
    )
    if isinstance(form, forms.AttendanceImportForm):
        form.day.choices = [("", _("(the file has a date column)"))] + form.day.choices
    return form


def _page(meeting, *, manual=None, upload=None, preview=None, status=200):
    page = render_template(
        "onsite/manage/attendance.html",
        meeting=meeting,
        table=service.attendance(meeting),
        manual=manual or _with_days(meeting, forms.ManualAttendanceForm(formdata=None)),
        upload=upload or _with_days(meeting, forms.AttendanceImportForm(formdata=None)),
        preview=preview,
        email_columns=attendance.EMAIL_COLUMNS,
        day_columns=attendance.DAY_COLUMNS,
    )
    return page, status


@bp.get("/manage/meetings/<slug>/attendance")
@login_required
def manage_attendance(slug: str):
    meeting = get_managed_meeting(slug)
    return _page(meeting)


@bp.post("/manage/meetings/<slug>/attendance")
@login_required
def manage_attendance_record(slug: str):
    meeting = get_managed_meeting(slug)
    form = _with_days(meeting, forms.ManualAttendanceForm())
    if not form.validate_on_submit():
        return _page(meeting, manual=form, status=422)
    checkin, error = run_service(
        lambda: attendance.record_by_hand(
            meeting,
            email=form.email.data or "",
            day=form.day.data,
            actor=current_user,
            now=utcnow(),
        ),
        form=form,
    )
    if error is not None:
        return _page(meeting, manual=form, status=error.status)
    flash(
        _(
            "Attendance of %(name)s recorded for %(day)s.",
            name=checkin.registration.display_name,
            day=format_date(checkin.day, meeting.timezone, current_language(), "full"),
        ),
        "success",
    )
    return redirect(url_for("onsite.manage_attendance", slug=meeting.slug), code=303)


@bp.post("/manage/meetings/<slug>/attendance/import")
@login_required
def manage_attendance_import(slug: str):
    meeting = get_managed_meeting(slug)
    form = _with_days(meeting, forms.AttendanceImportForm())
    if not form.validate_on_submit():
        return _page(meeting, upload=form, status=422)
    upload = request.files.get("file")
    preview, error = run_service(
        lambda: attendance.preview_import(
            meeting,
            body=upload.read() if upload else b"",
            filename=upload.filename if upload else "",
            day=form.day.data or None,
            actor=current_user,
            directory=_stash_dir(),
        ),
        form=form,
    )
    status = error.status if error is not None else 200
    return _page(meeting, upload=form, preview=preview, status=status)


@bp.post("/manage/meetings/<slug>/attendance/import/<key>")
@secret_in_path(
    "key"
)  # the preview's stash name: whoever holds it confirms that import
@login_required
def manage_attendance_import_confirm(slug: str, key: str):
    meeting = get_managed_meeting(slug)
    preview, error = run_service(
        lambda: attendance.confirm_import(
            meeting, key, actor=current_user, directory=_stash_dir(), now=utcnow()
        )
    )
    if error is None:
        flash(
            ngettext(
                "Attendance imported: %(num)d person-day recorded.",
                "Attendance imported: %(num)d person-days recorded.",
                len(preview.matched),
            ),
            "success",
        )
    return redirect(url_for("onsite.manage_attendance", slug=meeting.slug), code=303)


@bp.get("/manage/meetings/<slug>/attendance.<fmt>")
@login_required
def manage_attendance_export(slug: str, fmt: str):
    meeting = get_managed_meeting(slug)
    table = request.args.get("table", "people")
    if fmt not in FORMATS or table not in TABLES:
        abort(404)
    return download(meeting, attendance.export_attendance, fmt, table=table)
