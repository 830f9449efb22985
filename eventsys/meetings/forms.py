"""Forms of the secretariat's meeting pages; the services hold the real rules."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField
from wtforms import DateField
from wtforms import DateTimeLocalField
from wtforms import EmailField
from wtforms import IntegerField
from wtforms import SelectField
from wtforms import SelectMultipleField
from wtforms import StringField
from wtforms import TextAreaField
from wtforms import URLField
from wtforms import widgets
from wtforms.validators import DataRequired
from wtforms.validators import Length
from wtforms.validators import NumberRange
from wtforms.validators import Optional

from eventsys.dates import common_timezones
from eventsys.forms import Form
from eventsys.forms import strip_whitespace
from eventsys.labels import FORMAT
from eventsys.labels import MEETING_ROLE
from eventsys.labels import SERIES_KIND

LANGUAGE_CHOICES = [("en", "English"), ("fr", "Français"), ("es", "Español")]
LANGUAGE_NAMES = {"en": _l("English"), "fr": _l("French"), "es": _l("Spanish")}
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
STRIP = [strip_whitespace]


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def _translations(form_class, name: str, label, textarea: bool, limit: int) -> None:
    """Add <name> (main language) and <name>_en/_fr/_es (other languages)."""
    field = TextAreaField if textarea else StringField
    setattr(
        form_class, name, field(label, validators=[Length(max=limit)], filters=STRIP)
    )
    for code, language in LANGUAGE_NAMES.items():
        text = _l("%(what)s in %(language)s (optional)", what=label, language=language)
        setattr(form_class, f"{name}_{code}",
                field(text, validators=[Length(max=limit)], filters=STRIP))  # fmt: skip


def i18n_data(form, name: str, main: str) -> dict[str, str]:
    """{main: text, other: translation, ...} from a form's translation fields."""
    value = {main: form[name].data or ""}
    for code in LANGUAGE_NAMES:
        if code != main and form[f"{name}_{code}"].data:
            value[code] = form[f"{name}_{code}"].data
    return value


def fill_i18n(form, name: str, value: dict, main: str) -> None:
    form[name].data = (value or {}).get(main, "")
    for code in LANGUAGE_NAMES:
        if code != main:
            form[f"{name}_{code}"].data = (value or {}).get(code, "")


class SeriesForm(Form):
    slug = StringField(_l("Address (slug)"), validators=[DataRequired(), Length(max=80)],
                       filters=STRIP)  # fmt: skip
    acronym = StringField(_l("Acronym"), validators=[DataRequired(), Length(max=20)],
                          filters=STRIP)  # fmt: skip
    kind = SelectField(_l("Kind"), choices=list(SERIES_KIND.items()))


_translations(SeriesForm, "name", _l("Name"), False, 300)
_translations(SeriesForm, "description", _l("Description"), True, 20000)


class MeetingForm(Form):
    series_id = SelectField(_l("Series"), coerce=int, validate_choice=False)
    # Rules the service checks (required, ranges, order) are left to it, so one
    # submission shows every problem at once.
    slug = StringField(_l("Address (slug)"), validators=[Length(max=80)], filters=STRIP)
    timezone = SelectField(_l("Time zone"), choices=[(z, z) for z in common_timezones()],
                           default="Europe/Zurich", validate_choice=False)  # fmt: skip
    starts_at = DateTimeLocalField(
        _l("Starts"), format=DATETIME_FORMAT, validators=[Optional()]
    )
    ends_at = DateTimeLocalField(
        _l("Ends"), format=DATETIME_FORMAT, validators=[Optional()]
    )
    format = SelectField(_l("Format"), choices=list(FORMAT.items()))
    venue = StringField(_l("Venue"), validators=[Length(max=200)], filters=STRIP)
    city = StringField(_l("City"), validators=[Length(max=100)], filters=STRIP)
    country = StringField(_l("Country code (ISO 3166, e.g. CH)"), validators=[Length(max=2)],
                          filters=STRIP)  # fmt: skip
    online_url = URLField(_l("Online meeting link (confidential)"),
                          validators=[Length(max=500)], filters=STRIP)  # fmt: skip
    online_access_note = TextAreaField(_l("Public note on online access"),
                                       validators=[Length(max=2000)], filters=STRIP)  # fmt: skip
    contact_email = EmailField(_l("Secretariat email"), validators=[Length(max=254)],
                               filters=STRIP)  # fmt: skip
    languages = MultiCheckboxField(
        _l("Languages"), choices=LANGUAGE_CHOICES, default=["en"]
    )
    main_language = SelectField(
        _l("Main language"), choices=LANGUAGE_CHOICES, default="en"
    )
    # Written by agenda/parity.py set_asking, not by the meeting's service.
    asks_gender = BooleanField(
        _l(
            "Ask registrations and session people their gender (optional, with “prefer not to say”), for parity counts only"
        )
    )


_translations(MeetingForm, "title", _l("Title"), False, 300)
_translations(MeetingForm, "theme", _l("Theme"), False, 300)
_translations(MeetingForm, "description", _l("Description"), True, 20000)
_translations(MeetingForm, "practical_info", _l("Practical information"), True, 20000)

MEETING_I18N = ("title", "theme", "description", "practical_info")
MEETING_PLAIN = (
    "series_id", "slug", "timezone", "starts_at", "ends_at", "format", "venue", "city",
    "country", "online_url", "contact_email", "languages", "main_language",
)  # fmt: skip


def meeting_data(form: MeetingForm, current=None) -> dict:
    """Plain data for the service; wall-clock times stay naive (meeting's zone)."""
    main = form.main_language.data or "en"
    data = {name: form[name].data for name in MEETING_PLAIN}
    for name in MEETING_I18N:
        data[name] = i18n_data(form, name, main)
    note = dict(current.online_access_note or {}) if current is not None else {}
    note[main] = form.online_access_note.data or ""
    data["online_access_note"] = note
    return data


def fill_meeting_form(form: MeetingForm, meeting) -> None:
    """Put a meeting's values in the form, times on the meeting's wall clock."""
    from eventsys.dates import to_zone

    for name in MEETING_PLAIN:
        value = getattr(meeting, name)
        if name.endswith("_at") and value is not None:
            value = to_zone(value, meeting.timezone).replace(tzinfo=None)
        form[name].data = value
    zones = form.timezone.choices
    if meeting.timezone not in dict(zones):  # an alias chosen before: keep it shown
        form.timezone.choices = [(meeting.timezone, meeting.timezone), *zones]
    for name in MEETING_I18N:
        fill_i18n(form, name, getattr(meeting, name), meeting.main_language)
    form.online_access_note.data = (meeting.online_access_note or {}).get(
        meeting.main_language, ""
    )
    form.asks_gender.data = meeting.asks_gender


class CancelForm(Form):
    reason = TextAreaField(_l("Reason (shown publicly)"),
                           validators=[DataRequired(), Length(max=2000)], filters=STRIP)  # fmt: skip


class EditionForm(Form):
    slug = StringField(_l("Address (slug) of the new meeting"),
                       validators=[DataRequired(), Length(max=80)], filters=STRIP)  # fmt: skip
    start_date = DateField(
        _l("First day of the new meeting"), validators=[DataRequired()]
    )


# title (the source's main language) and title_en/_fr/_es: every language carries over.
_translations(EditionForm, "title", _l("Title of the new meeting"), False, 300)
EditionForm.title = StringField(_l("Title of the new meeting"),
                                validators=[DataRequired(), Length(max=300)],
                                filters=STRIP)  # fmt: skip


class RoleForm(Form):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)],
                       filters=STRIP)  # fmt: skip
    role = SelectField(_l("Role"), choices=list(MEETING_ROLE.items()))
    language = SelectField(
        _l("Language of the invitation (for an address without an account)"),
        choices=[("en", "English"), ("fr", "Français"), ("es", "Español")],
    )


class RoomForm(Form):
    name = StringField(_l("Room name"), validators=[DataRequired(), Length(max=120)],
                       filters=STRIP)  # fmt: skip
    capacity = IntegerField(_l("Seats"), validators=[Optional(), NumberRange(min=0)])


class EmptyForm(Form):
    """A button that posts: only the CSRF token."""
