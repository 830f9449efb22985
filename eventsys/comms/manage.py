"""The secretariat's messages page (/manage/meetings/<slug>/messages).

One form: count the audience, preview as a recipient, send a test to
yourself, send. The page lists every message the meeting sent, with its
delivery counts read from the outbox.
"""

from flask import flash
from flask import redirect
from flask import render_template
from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from flask_login import login_required

from eventsys.comms import forms
from eventsys.comms import queries
from eventsys.comms import reminders
from eventsys.comms import service
from eventsys.comms.views import bp
from eventsys.errors import InvalidInput
from eventsys.extensions import db
from eventsys.forms import attach_errors
from eventsys.forms import run_service
from eventsys.i18n import localized
from eventsys.meetings.manage import get_managed_meeting
from eventsys.models import utcnow
from eventsys.registration.models import ParticipantCategory
from eventsys.registration.models import Registration

PREVIEW_CHOICES = 20


def _form(meeting, **kwargs) -> forms.MessageForm:
    form = forms.MessageForm(**kwargs)
    categories = db.session.scalars(
        db.select(ParticipantCategory)
        .where(ParticipantCategory.meeting_id == meeting.id)
        .order_by(ParticipantCategory.position, ParticipantCategory.id)
    )
    form.category_ids.choices = [
        (c.id, localized(c.name, None, meeting.main_language)) for c in categories
    ]
    languages = meeting.languages or [meeting.main_language]
    form.languages.choices = [
        (code, forms.LANGUAGE_NAMES.get(code, code)) for code in languages
    ]
    return form


def _preview_choices(meeting, audience) -> list[tuple[str, str]]:
    if audience.kind != "registrations":
        return []
    rows = db.session.scalars(
        queries.audience_query(meeting.id, audience).limit(PREVIEW_CHOICES)
    )
    return [(str(r.id), f"{r.display_name} <{r.email}> ({r.language})") for r in rows]


def _sample(meeting, form, audience):
    """The recipient chosen to preview as, if it is in the audience."""
    chosen = form.preview_as.data
    if not chosen or not str(chosen).isdigit() or audience.kind != "registrations":
        return None
    registration = db.session.scalar(
        queries.audience_query(meeting.id, audience).where(
            Registration.id == int(chosen)
        )
    )
    return service.recipient_of(registration) if registration else None


def _page(meeting, form, *, reach=None, preview=None, status=200, reminder_form=None):
    messages = db.session.scalars(queries.meeting_messages(meeting.id)).all()
    counts = queries.delivery_counts([m.id for m in messages])
    return render_template(
        "comms/manage/messages.html",
        meeting=meeting,
        form=form,
        reach=reach,
        preview=preview,
        messages=messages,
        counts=counts,
        placeholders=service.PLACEHOLDERS,
        reminder_form=reminder_form or _reminder_form(meeting),
    ), status


def _reminder_form(meeting, **kwargs) -> forms.ReminderForm:
    schedule = reminders.schedule_of(meeting)
    form = forms.ReminderForm(formdata=None, prefix="reminders", **kwargs)
    form.enabled.data = schedule.enabled
    form.offsets.data = reminders.format_offsets(schedule.offsets or [])
    for name in (
        "invitation_alarm_minutes",
        "invitation_reminder_days",
        "nomination_reminder_days",
    ):
        value = getattr(schedule, name)
        form[name].data = "" if value is None else str(value)
    return form


@bp.post("/manage/meetings/<slug>/reminders")
@login_required
def manage_reminders(slug: str):
    """The reminders' settings (shown on the messages page, one form of its own)."""
    meeting = get_managed_meeting(slug)
    form = forms.ReminderForm(prefix="reminders")
    if form.validate():
        data = {name: form[name].data for name in reminders.SETTING_FIELDS}
        data["enabled"] = "y" if form.enabled.data else ""
        _schedule, error = run_service(
            lambda: reminders.update_schedule(
                meeting, data=data, actor=current_user, now=utcnow()
            ),
            form=form,
        )
        if error is None:
            flash(_("Reminder settings saved."), "success")
            return redirect(
                url_for("comms.manage_messages", slug=slug) + "#reminders", code=303
            )
    message_form = _form(meeting, formdata=None)
    message_form.preview_as.choices = []
    return _page(meeting, message_form, status=422, reminder_form=form)


@bp.route("/manage/meetings/<slug>/messages", methods=["GET", "POST"])
@login_required
def manage_messages(slug: str):
    meeting = get_managed_meeting(slug)
    form = _form(meeting)
    audience = form.audience()
    form.preview_as.choices = _preview_choices(meeting, audience)
    if not form.is_submitted():
        return _page(meeting, form, reach=service.count(meeting, audience))
    if not form.validate():
        return _page(meeting, form, status=422)
    reach = service.count(meeting, audience)
    subject, body = form.texts()
    action = form.action.data
    if action == "count":
        return _page(meeting, form, reach=reach)
    if action == "preview":
        sample = _sample(meeting, form, audience)
        if sample is None:
            flash(_("Choose a recipient of this audience to preview as."), "error")
            return _page(meeting, form, reach=reach, status=422)
        try:
            preview = service.preview(meeting, subject, body, sample, audience=audience)
        except InvalidInput as error:
            attach_errors(form, error)
            return _page(meeting, form, reach=reach, status=error.status)
        return _page(meeting, form, reach=reach, preview=preview)
    if action == "test":
        _row, error = run_service(
            lambda: service.send_test(
                meeting,
                subject,
                body,
                audience=audience,
                actor=current_user,
                now=utcnow(),
                sample=_sample(meeting, form, audience),
            ),
            form=form,
        )
        if error:
            return _page(meeting, form, reach=reach, status=error.status)
        flash(_("A test was sent to %(email)s.", email=current_user.email), "success")
        return _page(meeting, form, reach=reach)
    message, error = run_service(
        lambda: service.send(
            meeting, subject, body, audience=audience, actor=current_user, now=utcnow()
        ),
        form=form,
    )
    if error:
        return _page(meeting, form, reach=reach, status=error.status)
    flash(
        ngettext(
            "Message queued for %(num)d person.",
            "Message queued for %(num)d people.",
            message.recipients,
        ),
        "success",
    )
    return redirect(url_for("comms.manage_messages", slug=meeting.slug))
