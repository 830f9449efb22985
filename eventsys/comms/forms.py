"""The compose form of messages; the service checks placeholders and languages."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField
from wtforms import SelectField
from wtforms import SelectMultipleField
from wtforms import StringField
from wtforms import TextAreaField
from wtforms import widgets
from wtforms.validators import Length
from wtforms.validators import Optional

from eventsys.comms.queries import Audience
from eventsys.comms.service import MAX_BODY
from eventsys.comms.service import MAX_SUBJECT
from eventsys.forms import Form
from eventsys.forms import strip_whitespace
from eventsys.labels import ATTENDANCE
from eventsys.labels import STATUS
from eventsys.registration.models import DELEGATION_STATUSES
from eventsys.registration.models import REGISTRATION_STATUSES

LANGUAGE_NAMES = {"en": "English", "fr": "Français", "es": "Español"}
STRIP = [strip_whitespace]


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class MessageForm(Form):
    kind = SelectField(
        _l("Send to"),
        choices=[
            ("registrations", _l("Registered participants")),
            ("focal_points", _l("Focal points of delegations")),
        ],
        default="registrations",
    )
    statuses = MultiCheckboxField(
        _l("Registration status"),
        choices=[(s, STATUS[s]) for s in REGISTRATION_STATUSES],
        default=["confirmed"],
    )
    delegation_statuses = MultiCheckboxField(
        _l("Delegation status"),
        choices=[(s, STATUS[s]) for s in DELEGATION_STATUSES],
    )
    category_ids = MultiCheckboxField(_l("Categories"), coerce=int, choices=[])
    attendance = SelectField(
        _l("Attendance"),
        choices=[("", _l("Any"))] + list(ATTENDANCE.items()),
        default="",
    )
    delegation = SelectField(
        _l("Delegations"),
        choices=[
            ("", _l("Everyone")),
            ("members", _l("Members of a delegation")),
            ("heads", _l("Heads of delegation only")),
        ],
        default="",
    )
    languages = MultiCheckboxField(_l("Participants' language"), choices=[])
    attended = BooleanField(_l("Only participants with recorded attendance"))
    subject_en = StringField(
        _l("Subject (English)"), filters=STRIP, validators=[Length(max=MAX_SUBJECT)]
    )
    subject_fr = StringField(
        _l("Subject (French)"), filters=STRIP, validators=[Length(max=MAX_SUBJECT)]
    )
    subject_es = StringField(
        _l("Subject (Spanish)"), filters=STRIP, validators=[Length(max=MAX_SUBJECT)]
    )
    body_en = TextAreaField(
        _l("Message (English, Markdown)"), validators=[Length(max=MAX_BODY)]
    )
    body_fr = TextAreaField(
        _l("Message (French, Markdown)"), validators=[Length(max=MAX_BODY)]
    )
    body_es = TextAreaField(
        _l("Message (Spanish, Markdown)"), validators=[Length(max=MAX_BODY)]
    )
    preview_as = SelectField(
        _l("Preview as"), choices=[], validators=[Optional()], validate_choice=False
    )
    action = SelectField(
        choices=[("count", ""), ("preview", ""), ("test", ""), ("send", "")],
        default="count",
    )

    def audience(self) -> Audience:
        kind = self.kind.data or "registrations"
        if kind == "focal_points":
            return Audience(
                kind=kind, statuses=tuple(self.delegation_statuses.data or ())
            )
        return Audience(
            kind=kind,
            statuses=tuple(self.statuses.data or ()),
            category_ids=tuple(self.category_ids.data or ()),
            attendance=self.attendance.data or "",
            delegation=self.delegation.data or "",
            languages=tuple(self.languages.data or ()),
            attended=bool(self.attended.data),
        )

    def texts(self) -> tuple[dict[str, str], dict[str, str]]:
        subject = {c: getattr(self, f"subject_{c}").data or "" for c in LANGUAGE_NAMES}
        body = {
            c: (getattr(self, f"body_{c}").data or "").strip() for c in LANGUAGE_NAMES
        }
        return subject, body


class ReminderForm(Form):
    """A meeting's reminders (comms/reminders.py reads and checks the values)."""

    enabled = BooleanField(_l("Send reminders to confirmed participants"))
    offsets = StringField(
        _l("When, before the start"),
        filters=STRIP,
        validators=[Length(max=100)],
        description=_l(
            "Separated by commas: 7d for seven days, 2h for two hours. The default is 7d, 1d."
        ),
    )
    invitation_alarm_minutes = StringField(
        _l("Alarm in calendar invitations (minutes before the start)"),
        filters=STRIP,
        validators=[Length(max=10)],
        description=_l("Empty: calendar invitations carry no alarm."),
    )
    nomination_reminder_days = StringField(
        _l("Remind focal points without members (days before the nomination deadline)"),
        filters=STRIP,
        validators=[Length(max=10)],
        description=_l("Empty: focal points get no reminder."),
    )
    invitation_reminder_days = StringField(
        _l(
            "Remind invitees who have not answered (days before the invitation expires)"
        ),
        filters=STRIP,
        validators=[Length(max=10)],
        description=_l(
            "One automatic reminder; empty: none (the Remind button on the invitations page still works)."
        ),
    )


class NotificationForm(Form):
    mode = SelectField(
        _l("News of the meetings I work on"),
        choices=[
            ("immediate", _l("Email me at once")),
            ("digest", _l("One email a day (a digest)")),
            ("off", _l("Do not email me")),
        ],
        default="immediate",
    )
