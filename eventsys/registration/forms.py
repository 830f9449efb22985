"""Registration forms. They render and carry input; the rules live in service.py.

Validators here only set flags (required markers, maxlength); the service
checks everything again, so the API and the form refuse the same input.
"""

from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from markupsafe import escape
from wtforms import BooleanField
from wtforms import DateTimeLocalField
from wtforms import EmailField
from wtforms import IntegerField
from wtforms import RadioField
from wtforms import SelectField
from wtforms import StringField
from wtforms import TextAreaField
from wtforms.validators import InputRequired
from wtforms.validators import Length
from wtforms.validators import Optional
from wtforms.widgets import Select
from wtforms.widgets import html_params

from eventsys.forms import Form
from eventsys.i18n import language_name
from eventsys.i18n import localized
from eventsys.labels import GENDER
from eventsys.registration import countries
from eventsys.registration import questions as questions_module
from eventsys.registration.rules import LIMITS


class ListSelect(Select):
    """A select of a long fixed list (the 239 countries and territories).

    Writing out 239 options took most of the registration form's time, twice
    (country and nationality) per request. The options are the same for every
    request in a language, so their HTML is written once per list and reused;
    a chosen value is marked on that text.
    """

    _written: dict[tuple, str] = {}

    def __call__(self, field, **kwargs):
        kwargs.setdefault("id", field.id)
        for flag in self.validation_attrs:
            if flag not in kwargs and getattr(field.flags, flag, False):
                kwargs[flag] = getattr(field.flags, flag)
        options = self._options(
            tuple((str(value), str(label)) for value, label in field.choices)
        )
        if field.data:
            plain = f"<option {html_params(value=str(field.data))}>"
            options = options.replace(plain, plain[:-1] + " selected>", 1)
        return Markup(
            f"<select {html_params(name=field.name, **kwargs)}>{options}</select>"
        )

    @classmethod
    def _options(cls, choices: tuple) -> str:
        written = cls._written.get(choices)
        if written is None:
            if len(cls._written) > 32:  # a few languages times a few placeholders
                cls._written.clear()
            written = cls._written[choices] = "".join(
                f"<option {html_params(value=value)}>{escape(label)}</option>"
                for value, label in choices
            )
        return written


ATTENDANCE_CHOICES = [("in_person", _l("In person")), ("online", _l("Online"))]


def _text(label, name, required=False, **kwargs):
    checks = [InputRequired()] if required else [Optional()]
    return StringField(
        label,
        checks + [Length(max=LIMITS[name])],
        render_kw={"maxlength": LIMITS[name]},
        **kwargs,
    )


GENDER_CHOICES = [("", _l("Not given"))] + list(GENDER.items())


class PersonFields(Form):
    title = _text(
        _l("Title"), "title", description=_l("For example Ms., Mr., Dr., H.E.")
    )
    given_name = _text(_l("Given name"), "given_name", required=True)
    family_name = _text(_l("Family name"), "family_name", required=True)
    organisation = _text(_l("Organization"), "organisation")
    represents = _text(_l("State or organization represented"), "represents")
    nationality = SelectField(
        _l("Nationality"), validate_choice=False, widget=ListSelect()
    )
    country = SelectField(
        _l("Country"), [InputRequired()], validate_choice=False, widget=ListSelect()
    )
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
    gender = SelectField(
        _l("Gender (optional)"), choices=GENDER_CHOICES, validate_choice=False
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
            questions_module.field(question, language, meeting.main_language),
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
        "gender",
        "privacy_accepted",
    ]
    data = {name: formdata.get(name) for name in names}
    data.update(questions_module.answer_payload(formdata, questions))
    return data


class QuestionForm(Form):
    kind = SelectField(
        _l("Kind of answer"),
        choices=questions_module.kind_choices(),
        validate_choice=False,
    )
    category = SelectField(_l("Asked of"), validate_choice=False)
    required = BooleanField(_l("An answer is required"))
    asked_of_members = BooleanField(
        _l("Asked of delegation members too (the focal point answers)"), default=True
    )
    choices = TextAreaField(
        _l("New choices, one per line"), [Length(max=4000)], render_kw={"rows": 3}
    )


def question_form(meeting, categories, language: str, question=None, **kwargs):
    """The secretariat's form for one question: a label per meeting language and,
    for a question with choices, each choice's labels and its retire/remove boxes."""
    languages = [meeting.main_language or "en"] + [
        lang for lang in meeting.languages or [] if lang != meeting.main_language
    ]

    class MeetingQuestionForm(QuestionForm):
        pass

    for n, lang in enumerate(languages):
        text = (
            _l("Question (%(language)s)", language=language_name(lang, language))
            if len(languages) > 1
            else _l("Question")
        )
        checks = [InputRequired()] if n == 0 else [Optional()]
        setattr(MeetingQuestionForm, f"label_{lang}", StringField(
            text, checks + [Length(max=300)], render_kw={"maxlength": 300}
        ))  # fmt: skip
    data = {}
    for choice in question.choices if question is not None else []:
        key = choice["key"]
        for lang in languages:
            setattr(MeetingQuestionForm, f"choice_{key}_{lang}", StringField(
                language_name(lang, language), [Length(max=200)],
                render_kw={"maxlength": 200},
            ))  # fmt: skip
            data[f"choice_{key}_{lang}"] = choice.get("label", {}).get(lang, "")
        setattr(MeetingQuestionForm, f"retire_{key}", BooleanField(_l("Retired")))
        setattr(MeetingQuestionForm, f"remove_{key}", BooleanField(_l("Remove")))
        data[f"retire_{key}"] = bool(choice.get("retired"))
    if question is not None and kwargs.get("formdata", True) is None:
        data.update(
            {f"label_{lang}": question.label.get(lang, "") for lang in languages},
            kind=question.kind,
            category=question.category.key if question.category else "",
            required=question.required,
            asked_of_members=question.asked_of_members,
        )
        kwargs["data"] = data
    form = MeetingQuestionForm(**kwargs)
    form.languages = languages
    form.category.choices = [("", _l("Every category"))] + [
        (c.key, localized(c.name, language, meeting.main_language)) for c in categories
    ]
    return form


ACCESS_CHOICES = [
    ("open", _l("Open: anybody may register on the public form")),
    ("invitation", _l("By invitation only")),
]


class SettingsForm(Form):
    """The meeting's registration settings; the page shows one form per concern."""

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
    access = SelectField(_l("Who may register"), choices=ACCESS_CHOICES)


class CategoryForm(Form):
    """One category's settings; empty or "as the meeting" inherits."""

    capacity = IntegerField(_l("Total seats"), [Optional()])
    in_person_capacity = IntegerField(_l("In-person seats"), [Optional()])
    online_capacity = IntegerField(_l("Online seats"), [Optional()])
    delegation_size_limit = IntegerField(_l("Members per delegation"), [Optional()])
    requires_approval = SelectField(
        _l("Approval"),
        choices=[
            ("inherit", _l("As the meeting")),
            ("yes", _l("Secretariat approves")),
            ("no", _l("Automatic")),
        ],
    )
    access = SelectField(
        _l("Who may register"),
        choices=[
            ("inherit", _l("As the meeting")),
            ("open", _l("Open")),
            ("invitation", _l("By invitation only")),
        ],
    )
    opens_at = DateTimeLocalField(_l("Opens"), [Optional()])
    closes_at = DateTimeLocalField(_l("Closes"), [Optional()])
    on_public_list = BooleanField(
        _l("Members appear on the public list of participants (if they consent)")
    )
    approval_for_invited = BooleanField(
        _l("The secretariat approves invited people too")
    )
    requires_approved_organisation = BooleanField(
        _l("Only representatives of an approved organisation (directory vetting)")
    )


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


def member_form(
    meeting, categories, questions, language: str, member=None, **kwargs
) -> MemberForm:
    """The focal point's member form: a q_<id> field per question asked of members."""

    class DelegationMemberForm(MemberForm):
        pass

    for question in questions:
        setattr(
            DelegationMemberForm,
            f"q_{question.id}",
            questions_module.field(question, language, meeting.main_language),
        )
    if member is not None:
        kwargs.setdefault("obj", member)
        kwargs["data"] = questions_module.form_defaults(member, questions)
    form = DelegationMemberForm(**kwargs)
    form.set_country_choices(language)
    form.category.choices = [("", _l("Choose a category"))] + [
        (c.key, localized(c.name, language, meeting.main_language)) for c in categories
    ]
    return form


class DelegationForm(Form):
    country = SelectField(_l("State"), validate_choice=False, widget=ListSelect())
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
    mission = StringField(
        _l("Permanent Mission or office"),
        [Optional(), Length(max=200)],
        render_kw={"maxlength": 200},
    )
    note_reference = StringField(
        _l("Reference of the note verbale"),
        [Optional(), Length(max=100)],
        render_kw={"maxlength": 100},
    )

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
            questions_module.field(question, language, meeting.main_language),
        )
    if registration is not None:
        kwargs.setdefault("obj", registration)
        kwargs["data"] = questions_module.form_defaults(registration, questions)
    form = RegistrationUpdateForm(**kwargs)
    form.set_country_choices(language)
    return form
