"""Forms of the agenda editor."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField
from wtforms import DateField
from wtforms import FieldList
from wtforms import Form as RowForm
from wtforms import FormField
from wtforms import HiddenField
from wtforms import IntegerField
from wtforms import SelectField
from wtforms import StringField
from wtforms import TextAreaField
from wtforms import TimeField
from wtforms.validators import DataRequired
from wtforms.validators import Length
from wtforms.validators import NumberRange
from wtforms.validators import Optional

from eventsys.agenda.days import meeting_dates
from eventsys.agenda.side_events import proposal_languages
from eventsys.comms.forms import MultiCheckboxField
from eventsys.dates import format_date
from eventsys.dates import to_zone
from eventsys.forms import CleanTextMeta
from eventsys.forms import Form
from eventsys.forms import strip_whitespace
from eventsys.i18n import current_language
from eventsys.labels import GENDER
from eventsys.labels import PERSON_ROLE
from eventsys.labels import PROPOSAL_FORMAT
from eventsys.labels import SESSION_KIND
from eventsys.labels import SESSION_LANGUAGE
from eventsys.labels import SPEAKER_LEVEL
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
    gender = SelectField(
        _l("Gender (optional, for the panel's balance)"),
        choices=[("", _l("Not given"))] + list(GENDER.items()),
        default="",
    )


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
    floor_language = SelectField(
        _l("Floor language"),
        choices=[("", _l("Not set"))] + list(SESSION_LANGUAGE.items()),
        default="",
    )
    interpretation = MultiCheckboxField(
        _l("Interpretation into"), choices=list(SESSION_LANGUAGE.items())
    )
    takes_signups = BooleanField(_l("Participants sign up for this session"))
    signup_capacity = IntegerField(
        _l("Places (empty: the room's capacity)"),
        validators=[Optional(), NumberRange(min=1, max=100000)],
    )
    has_speakers_list = BooleanField(_l("This session keeps a list of speakers"))
    speaking_time = IntegerField(
        _l("Speaking time per speaker, in minutes"),
        validators=[Optional(), NumberRange(min=1, max=120)],
    )
    speakers_per_delegation = IntegerField(
        _l("Speakers per delegation"),
        validators=[Optional(), NumberRange(min=1, max=20)],
        default=1,
    )
    people = FieldList(FormField(PersonForm), min_entries=0, max_entries=60)


_translations(SessionForm, "title", _l("Title"), False, 300)


class MoveForm(Form):
    direction = SelectField(choices=[("up", "up"), ("down", "down")])


class OrganisationLinkForm(Form):
    """Link a side event to a directory organisation, or unlink one (action)."""

    organisation_id = IntegerField(_l("Organisation number"), [Optional()])
    action = HiddenField(default="link")


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
        "floor_language": session.floor_language or "",
        "interpretation": list(session.interpretation or []),
        "takes_signups": session.takes_signups,
        "signup_capacity": session.signup_capacity,
        "has_speakers_list": session.has_speakers_list,
        "speaking_time": (session.speaking_time or 0) // 60 or None,
        "speakers_per_delegation": session.speakers_per_delegation,
        "people": [
            {
                "name": p.name,
                "affiliation": p.affiliation,
                "role": p.role,
                "gender": p.gender or "",
            }
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
        "floor_language": form.floor_language.data or "",
        "interpretation": list(form.interpretation.data or []),
        "takes_signups": bool(form.takes_signups.data),
        "signup_capacity": form.signup_capacity.data,
        "has_speakers_list": bool(form.has_speakers_list.data),
        "speaking_time": form.speaking_time.data * 60
        if form.speaking_time.data
        else None,
        "speakers_per_delegation": form.speakers_per_delegation.data or 1,
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


class SpeakForm(Form):
    """A request for the floor (the participant's own, or a focal point's for a member)."""

    level = SelectField(_l("Level of the speaker"), default="other")
    on_behalf_of_group = StringField(
        _l("On behalf of a group (leave empty for your own statement)"),
        validators=[Length(max=200)],
        filters=STRIP,
    )


class FocalSpeakForm(SpeakForm):
    session_id = SelectField(_l("Session"), coerce=int)
    member = SelectField(_l("Speaker"))


def speak_form(form_class=SpeakForm, **kwargs) -> SpeakForm:
    form = form_class(**kwargs)
    form.level.choices = list(SPEAKER_LEVEL.items())
    return form


class ProposalForm(Form):
    """The public form of the call for side events."""

    organisers = TextAreaField(
        _l("Organising organisations (one per line)"),
        validators=[DataRequired(), Length(max=2000)],
        filters=STRIP,
    )
    contact_name = StringField(
        _l("Contact person"), validators=[DataRequired(), Length(max=200)],
        filters=STRIP,
    )  # fmt: skip
    contact_email = StringField(
        _l("Contact email"), validators=[DataRequired(), Length(max=254)],
        filters=STRIP,
    )  # fmt: skip
    language = SelectField(_l("Language of the event"))
    format = SelectField(_l("Format"), choices=list(PROPOSAL_FORMAT.items()))
    # One of the meeting's days (choices set per meeting), as an ISO date.
    wished_day = SelectField(_l("Wished day"), default="", validate_choice=False)
    wished_start = TimeField(_l("Wished start time"), validators=[Optional()])
    wished_minutes = StringField(
        _l("Length in minutes (optional)"), validators=[Length(max=4)], filters=STRIP
    )
    wished_slot = StringField(
        _l("Anything else about the day and time (optional)"),
        validators=[Length(max=200)], filters=STRIP,
    )  # fmt: skip
    expected_attendance = StringField(
        _l("Expected attendance"), validators=[Length(max=6)], filters=STRIP
    )


# A title and a description per language: the proposer fills the languages
# they choose (the service requires a title in at least one).
for _code, _name in LANGUAGE_NAMES.items():
    setattr(ProposalForm, f"title_{_code}", StringField(
        _l("Title in %(language)s", language=_name),
        validators=[Length(max=300)], filters=STRIP))  # fmt: skip
    setattr(ProposalForm, f"description_{_code}", TextAreaField(
        _l("Description in %(language)s", language=_name),
        validators=[Length(max=5000)], filters=STRIP))  # fmt: skip


def proposal_form(meeting, formdata=None) -> ProposalForm:
    form = ProposalForm(formdata=formdata)
    codes = proposal_languages(meeting)
    form.language.choices = [(c, LANGUAGE_NAMES.get(c, c)) for c in codes]
    form.wished_day.choices = [("", _l("No preference"))] + [
        (
            day.isoformat(),
            format_date(day, meeting.timezone, current_language(), "full"),
        )
        for day in meeting_dates(meeting)
    ]
    return form


class CallForm(Form):
    side_events_open = BooleanField(_l("The call for side events is open"))
    side_events_deadline = DateField(
        _l("Deadline (last day, meeting's time)"), validators=[Optional()]
    )


class ReviewForm(Form):
    decision = SelectField(
        _l("Decision"),
        choices=[("accept", _l("Accept")), ("decline", _l("Decline"))],
    )
    comment = TextAreaField(
        _l("Comment to the proposer"), validators=[Length(max=4000)], filters=STRIP
    )
    room_id = SelectField(_l("Room"), coerce=int, default=0)
    day = DateField(_l("Day"), validators=[Optional()])
    starts_at = TimeField(_l("Starts"), validators=[Optional()])
    ends_at = TimeField(_l("Ends"), validators=[Optional()])


def review_form(meeting, formdata=None, *, wish: dict | None = None) -> ReviewForm:
    """wish: the day and times the proposer asked for, shown until the manager changes them."""
    form = ReviewForm(formdata=formdata, data=wish or {})
    form.room_id.choices = [(0, str(_l("No room")))] + [
        (r.id, r.name) for r in meeting.rooms
    ]
    return form
