"""Forms of the agenda editor."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from wtforms import DateField
from wtforms import FieldList
from wtforms import Form as RowForm
from wtforms import FormField
from wtforms import SelectField
from wtforms import StringField
from wtforms import TextAreaField
from wtforms import TimeField
from wtforms.validators import DataRequired
from wtforms.validators import Length

from eventsys.dates import to_zone
from eventsys.forms import CleanTextMeta
from eventsys.forms import Form
from eventsys.forms import strip_whitespace
from eventsys.labels import PERSON_ROLE
from eventsys.labels import SESSION_KIND
from eventsys.meetings.forms import LANGUAGE_NAMES
from eventsys.meetings.forms import _translations
from eventsys.meetings.forms import fill_i18n
from eventsys.meetings.forms import i18n_data

STRIP = [strip_whitespace]
BLANK_PEOPLE_ROWS = 5


class PersonForm(RowForm):
    Meta = CleanTextMeta

    name = StringField(_l("Name"), validators=[Length(max=200)], filters=STRIP)
    affiliation = StringField(
        _l("Affiliation"), validators=[Length(max=200)], filters=STRIP
    )
    role = SelectField(_l("Role"), choices=list(PERSON_ROLE.items()), default="speaker")


class SessionForm(Form):
    kind = SelectField(
        _l("Kind"), choices=list(SESSION_KIND.items()), default="plenary"
    )
    day = DateField(_l("Day"), validators=[DataRequired()])
    starts_at = TimeField(_l("Starts"), validators=[DataRequired()])
    ends_at = TimeField(_l("Ends"), validators=[DataRequired()])
    room_id = SelectField(_l("Room"), coerce=int, default=0)
    description = TextAreaField(_l("Description"), validators=[Length(max=10000)],
                                filters=STRIP)  # fmt: skip
    people = FieldList(FormField(PersonForm), min_entries=0, max_entries=60)


_translations(SessionForm, "title", _l("Title"), False, 300)


class MoveForm(Form):
    direction = SelectField(choices=[("up", "up"), ("down", "down")])


def session_form(meeting, session=None, formdata=None) -> SessionForm:
    """The editor form, room choices from the meeting, values in its time zone."""
    data = _session_values(meeting, session) if session is not None else None
    form = (
        SessionForm(formdata=formdata, data=data)
        if data
        else SessionForm(formdata=formdata)
    )
    form.room_id.choices = [(0, str(_l("No room")))] + [
        (r.id, r.name) for r in meeting.rooms
    ]
    if formdata is None and session is not None:
        fill_i18n(form, "title", session.title, meeting.main_language)
    if formdata is None:
        add_blank_people_rows(form)
    return form


def add_blank_people_rows(form: SessionForm) -> None:
    """More empty rows for people, up to the list's limit (no script needed)."""
    room = form.people.max_entries - len(form.people.entries)
    for _ in range(min(BLANK_PEOPLE_ROWS, room)):
        form.people.append_entry()


def _session_values(meeting, session) -> dict:
    starts = to_zone(session.starts_at, meeting.timezone)
    ends = to_zone(session.ends_at, meeting.timezone)
    return {
        "kind": session.kind,
        "day": starts.date(),
        "starts_at": starts.time().replace(tzinfo=None),
        "ends_at": ends.time().replace(tzinfo=None),
        "room_id": session.room_id or 0,
        "description": (session.description or {}).get(meeting.main_language, ""),
        "people": [
            {"name": p.name, "affiliation": p.affiliation, "role": p.role}
            for p in session.people
        ],
    }


def session_data(form: SessionForm, meeting) -> dict:
    """Plain data for the service: wall-clock times of the meeting's zone (naive)."""
    main = meeting.main_language
    day = form.day.data
    return {
        "title": i18n_data(form, "title", main),
        "kind": form.kind.data,
        "starts_at": datetime.combine(day, form.starts_at.data),
        "ends_at": datetime.combine(day, form.ends_at.data),
        "room_id": form.room_id.data or None,
        "description": {main: form.description.data or ""},
        "people": [entry.data for entry in form.people],
    }


__all__ = [
    "LANGUAGE_NAMES",
    "SessionForm",
    "PersonForm",
    "MoveForm",
    "add_blank_people_rows",
    "session_form",
]


class ReleaseForm(Form):
    """Freeze the working agenda as a release the public sees."""

    label = StringField(
        _l("Label"),
        validators=[DataRequired(), Length(max=200)],
        filters=STRIP,
        description=_l("E.g. Provisional programme, Final programme."),
    )
    note = TextAreaField(
        _l("Note to the public (optional)"), validators=[Length(max=5000)],
        filters=STRIP,
    )  # fmt: skip


VISIBILITY_CHOICES = [
    ("always", _l("Always: every change to the agenda is public at once")),
    ("released", _l("Released: the public sees the latest release of the agenda")),
]


class VisibilityForm(Form):
    """Who sees which agenda (one concern of the meeting's settings page)."""

    agenda_visibility = SelectField(_l("Public agenda"), choices=VISIBILITY_CHOICES)
