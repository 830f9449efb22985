"""Registration forms. They render and carry input; the rules live in service.py.

Validators here only set flags (required markers, maxlength); the service
checks everything again, so the API and the form refuse the same input.
"""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField
from wtforms import DateTimeLocalField
from wtforms import EmailField
from wtforms import IntegerField
from wtforms import RadioField
from wtforms import SelectField
from wtforms import SelectMultipleField
from wtforms import StringField
from wtforms import TextAreaField
from wtforms import widgets
from wtforms.validators import InputRequired
from wtforms.validators import Length
from wtforms.validators import Optional

from eventsys.forms import Form
from eventsys.i18n import localized
from eventsys.registration import countries
from eventsys.registration.rules import ANSWER_LIMITS
from eventsys.registration.rules import LIMITS

ATTENDANCE_CHOICES = [("in_person", _l("In person")), ("online", _l("Online"))]


def _text(label, name, required=False, **kwargs):
    checks = [InputRequired()] if required else [Optional()]
    return StringField(
        label,
        checks + [Length(max=LIMITS[name])],
        render_kw={"maxlength": LIMITS[name]},
        **kwargs,
    )


class PersonFields(Form):
    title = _text(
        _l("Title"), "title", description=_l("For example Ms., Mr., Dr., H.E.")
    )
    given_name = _text(_l("Given name"), "given_name", required=True)
    family_name = _text(_l("Family name"), "family_name", required=True)
    organisation = _text(_l("Organization"), "organisation")
    represents = _text(_l("State or organization represented"), "represents")
    nationality = SelectField(_l("Nationality"), validate_choice=False)
    country = SelectField(_l("Country"), [InputRequired()], validate_choice=False)
    position = _text(_l("Position or function"), "position")
    attendance = RadioField(
        _l("I will attend"), choices=ATTENDANCE_CHOICES, validate_choice=False
    )
    needs = TextAreaField(
        _l("Accessibility or other needs"),
        [Length(max=LIMITS["needs"])],
        render_kw={"maxlength": LIMITS["needs"], "rows": 3},
    )
    consent_to_list = BooleanField(
        _l("Show my name on the public list of participants")
    )

    def set_country_choices(self, language: str) -> None:
        listed = countries.choices(language)
        self.country.choices = [("", _l("Choose a country"))] + listed
        self.nationality.choices = [("", _l("Choose a country"))] + listed


class RegistrationForm(PersonFields):
    category = SelectField(
        _l("Participant category"), [InputRequired()], validate_choice=False
    )
    email = EmailField(
        _l("Email"),
        [InputRequired(), Length(max=LIMITS["email"])],
        render_kw={"maxlength": LIMITS["email"], "autocomplete": "email"},
    )
    privacy_accepted = BooleanField(
        _l("I have read and accept the privacy notice"), [InputRequired()]
    )


class UpdateForm(PersonFields):
    """What a participant (or the secretariat) may change after registering."""


class ResendForm(Form):
    email = EmailField(_l("Email"), [InputRequired(), Length(max=LIMITS["email"])])


class DecisionForm(Form):
    message = TextAreaField(
        _l("Message to the participant (optional)"),
        [Length(max=2000)],
        render_kw={"rows": 3, "maxlength": 2000},
    )


def question_field(question, language: str, fallback: str):
    label = localized(question.label, language, fallback)
    checks = (
        [InputRequired()]
        if question.required and question.kind != "multiple_choice"
        else [Optional()]
    )
    choices = [(c, c) for c in question.choices]
    if question.kind == "checkbox":
        return BooleanField(label, checks)
    if question.kind == "single_choice":
        return RadioField(label, choices=choices, validate_choice=False)
    if question.kind == "multiple_choice":
        return SelectMultipleField(
            label,
            choices=choices,
            validate_choice=False,
            widget=widgets.ListWidget(prefix_label=False),
            option_widget=widgets.CheckboxInput(),
        )
    limit = ANSWER_LIMITS.get(question.kind, 500)
    field = TextAreaField if question.kind == "long_text" else StringField
    return field(label, checks + [Length(max=limit)], render_kw={"maxlength": limit})


def registration_form(
    meeting, categories, questions, language: str, **kwargs
) -> RegistrationForm:
    """The meeting's form: its categories, and a q_<id> field per custom question."""

    class MeetingRegistrationForm(RegistrationForm):
        pass

    for question in questions:
        setattr(
            MeetingRegistrationForm,
            f"q_{question.id}",
            question_field(question, language, meeting.main_language),
        )
    form = MeetingRegistrationForm(**kwargs)
    # No empty first option: the first category is the default (benchmarks and
    # scripts that pick the first option rely on it being a real category).
    form.category.choices = [
        (c.key, localized(c.name, language, meeting.main_language)) for c in categories
    ]
    form.set_country_choices(language)
    return form


def payload(formdata, questions) -> dict:
    """Plain data for the service from submitted form data."""
    names = [
        "category",
        "title",
        "given_name",
        "family_name",
        "email",
        "organisation",
        "represents",
        "nationality",
        "country",
        "position",
        "attendance",
        "needs",
        "consent_to_list",
        "privacy_accepted",
    ]
    data = {name: formdata.get(name) for name in names}
    for question in questions:
        name = f"q_{question.id}"
        data[name] = (
            formdata.getlist(name)
            if question.kind == "multiple_choice"
            else formdata.get(name)
        )
    return data


class QuestionForm(Form):
    label = StringField(
        _l("Question"), [InputRequired(), Length(max=300)], render_kw={"maxlength": 300}
    )
    kind = SelectField(
        _l("Kind of answer"),
        choices=[
            ("text", _l("Short text")),
            ("long_text", _l("Long text")),
            ("single_choice", _l("One choice")),
            ("multiple_choice", _l("Several choices")),
            ("checkbox", _l("Checkbox")),
        ],
        validate_choice=False,
    )
    choices = TextAreaField(
        _l("Choices, one per line"), [Length(max=4000)], render_kw={"rows": 3}
    )
    required = BooleanField(_l("An answer is required"))
    category = SelectField(_l("Asked of"), validate_choice=False)


class SettingsForm(Form):
    capacity = IntegerField(_l("Total seats"), [Optional()])
    in_person_capacity = IntegerField(_l("In-person seats"), [Optional()])
    online_capacity = IntegerField(_l("Online seats"), [Optional()])
    requires_approval = BooleanField(
        _l("Registrations need the secretariat's approval")
    )
    public_participant_list = BooleanField(
        _l("Publish the list of participants (those who consent)")
    )
    registration_opens_at = DateTimeLocalField(_l("Registration opens"), [Optional()])
    registration_closes_at = DateTimeLocalField(_l("Registration closes"), [Optional()])


FUNCTION_CHOICES = [
    ("head_of_delegation", _l("Head of delegation")),
    ("alternate", _l("Alternate")),
    ("adviser", _l("Adviser")),
    ("member", _l("Member")),
]


class MemberForm(PersonFields):
    """A delegation member, registered by the focal point."""

    category = SelectField(
        _l("Participant category"), [InputRequired()], validate_choice=False
    )
    function = SelectField(
        _l("Function in the delegation"),
        [InputRequired()],
        choices=FUNCTION_CHOICES,
        validate_choice=False,
    )
    email = EmailField(
        _l("Personal email (optional)"),
        [Optional(), Length(max=LIMITS["email"])],
        description=_l("Without one, the member's messages go to the focal point."),
        render_kw={"maxlength": LIMITS["email"]},
    )
    privacy_accepted = BooleanField(
        _l("The member knows and accepts the privacy notice"), [InputRequired()]
    )


class DelegationForm(Form):
    country = SelectField(_l("State"), validate_choice=False)
    represents = StringField(
        _l("Or organization"),
        [Optional(), Length(max=200)],
        render_kw={"maxlength": 200},
        description=_l("Leave empty for a State: we use its UN name."),
    )
    focal_point_name = StringField(
        _l("Focal point's name"),
        [Optional(), Length(max=200)],
        render_kw={"maxlength": 200},
    )
    focal_point_email = EmailField(
        _l("Focal point's email"),
        [InputRequired(), Length(max=254)],
        render_kw={"maxlength": 254},
    )
    size_limit = IntegerField(_l("Size limit (members)"), [Optional()])

    def set_country_choices(self, language: str) -> None:
        self.country.choices = [("", _l("Not a State"))] + countries.choices(language)


class NoteForm(Form):
    note_reference = StringField(
        _l("Reference of the nominating note"),
        [InputRequired(), Length(max=100)],
        render_kw={"maxlength": 100},
    )


def update_form(
    meeting, questions, language: str, registration=None, **kwargs
) -> UpdateForm:
    """The participant's form: their own fields and their category's questions."""

    class RegistrationUpdateForm(UpdateForm):
        pass

    for question in questions:
        setattr(
            RegistrationUpdateForm,
            f"q_{question.id}",
            question_field(question, language, meeting.main_language),
        )
    if registration is not None:
        kwargs.setdefault("obj", registration)
        kwargs["data"] = _answer_defaults(registration, questions)
    form = RegistrationUpdateForm(**kwargs)
    form.set_country_choices(language)
    return form


def _answer_defaults(registration, questions) -> dict:
    import json

    values = {a.question_id: a.value for a in registration.answers}
    data = {}
    for question in questions:
        value = values.get(question.id, "")
        if question.kind == "multiple_choice":
            try:
                value = json.loads(value) if value else []
            except ValueError:
                value = []
        elif question.kind == "checkbox":
            value = value == "yes"
        data[f"q_{question.id}"] = value
    return data


def answer_payload(formdata, questions) -> dict:
    return {
        f"q_{q.id}": formdata.getlist(f"q_{q.id}")
        if q.kind == "multiple_choice"
        else formdata.get(f"q_{q.id}")
        for q in questions
    }
