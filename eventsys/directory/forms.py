"""Forms of the directory pages; the service holds the rules."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField
from wtforms import HiddenField
from wtforms import IntegerField
from wtforms import SelectField
from wtforms import StringField
from wtforms import TextAreaField
from wtforms.validators import Length
from wtforms.validators import Optional

from eventsys.directory import vetting
from eventsys.forms import Form
from eventsys.forms import strip_whitespace
from eventsys.labels import ORGANISATION_KIND
from eventsys.labels import VETTING_STATUS
from eventsys.registration import countries

STRIP = [strip_whitespace]
LANGUAGE_LABELS = {"en": _l("English"), "fr": _l("French"), "es": _l("Spanish")}
TYPED_KINDS = [(k, v) for k, v in ORGANISATION_KIND.items() if k != "state"]


class OrganisationForm(Form):
    kind = SelectField(_l("Kind"), choices=TYPED_KINDS, validate_choice=False)
    name_en = StringField(_l("Name (English)"), [Length(max=200)], filters=STRIP)
    name_fr = StringField(_l("Name (French)"), [Length(max=200)], filters=STRIP)
    name_es = StringField(_l("Name (Spanish)"), [Length(max=200)], filters=STRIP)
    acronym_en = StringField(_l("Acronym (English)"), [Length(max=40)], filters=STRIP)
    acronym_fr = StringField(_l("Acronym (French)"), [Length(max=40)], filters=STRIP)
    acronym_es = StringField(_l("Acronym (Spanish)"), [Length(max=40)], filters=STRIP)
    country = SelectField(
        _l("Country of headquarters"), choices=[], validate_choice=False
    )
    website = StringField(_l("Website"), [Length(max=300)], filters=STRIP)
    description = TextAreaField(_l("Description"), [Length(max=4000)])
    secretariat = StringField(
        _l("Secretariat (consultation mechanisms)"), [Length(max=300)], filters=STRIP
    )
    aliases = TextAreaField(_l("Other names, one per line"), [Length(max=8000)])
    tags = TextAreaField(_l("Tags, one per line"), [Length(max=2000)])
    contacts = TextAreaField(
        _l("Functional addresses, one per line as “Duty station: address”"),
        [Length(max=6000)],
    )

    def set_country_choices(self, language: str) -> None:
        self.country.choices = [("", "—"), *countries.choices(language)]

    def to_data(self) -> dict:
        return {
            name: field.data
            for name, field in self._fields.items()
            if name != "csrf_token"
        }


def review_form_class():
    """A review form with one checkbox per criterion of the checklist in force."""

    class ReviewForm(Form):
        decision = SelectField(
            _l("Decision"),
            choices=[
                (k, VETTING_STATUS[k]) for k in ("in_review", "approved", "declined")
            ],
        )
        reason = TextAreaField(_l("Reason"), [Length(max=4000)])
        expires_on = StringField(
            _l("Approval expires on (YYYY-MM-DD)"),
            [Optional(), Length(max=10)],
            filters=STRIP,
        )

    for criterion in vetting.criteria():
        setattr(ReviewForm, f"criterion_{criterion.key}", BooleanField(criterion.label))
    return ReviewForm


class MergeForm(Form):
    target_id = IntegerField(_l("Merge into the organisation number"), [Optional()])


class LinkForm(Form):
    text = HiddenField()
    organisation_id = IntegerField(_l("Organisation number"), [Optional()])
    kind = SelectField(_l("Kind"), choices=TYPED_KINDS, validate_choice=False)
    action = HiddenField()


class ConfirmForm(Form):
    organisation_id = IntegerField(_l("Organisation number"), [Optional()])


MEMBERSHIP_CHOICES = [("member", _l("Member")), ("observer", _l("Observer"))]


class AddStatesForm(Form):
    states = TextAreaField(
        _l("States (ISO codes or names, one a line)"), [Length(max=20_000)]
    )
    status = SelectField(_l("As"), choices=MEMBERSHIP_CHOICES, validate_choice=False)


class MembershipForm(Form):
    """One organisation's place in one series; "none" takes it out."""

    series_id = IntegerField(_l("Series"), [Optional()])
    status = SelectField(
        _l("Status"),
        choices=[*MEMBERSHIP_CHOICES, ("none", _l("Not a member"))],
        validate_choice=False,
    )


class DesignationSendForm(Form):
    """The secretariat sends an approved organisation its designation link."""

    organisation_id = SelectField(
        _l("Organisation (approved, vetting in force)"),
        choices=[],
        validate_choice=False,
    )
    category = SelectField(
        _l("Category its representatives register in"),
        choices=[],
        validate_choice=False,
    )
    email = StringField(
        _l("Send to (empty: its functional address)"), [Length(max=254)], filters=STRIP
    )
    duty_station = StringField(
        _l("Duty station of the functional address (optional)"),
        [Length(max=100)],
        filters=STRIP,
    )
    language = SelectField(
        _l("Language"), choices=list(LANGUAGE_LABELS.items()), validate_choice=False
    )


class DesignateForm(Form):
    """The organisation names one representative."""

    title = StringField(_l("Title"), [Length(max=40)], filters=STRIP)
    given_name = StringField(_l("Given name"), [Length(max=100)], filters=STRIP)
    family_name = StringField(_l("Family name"), [Length(max=100)], filters=STRIP)
    email = StringField(_l("Email"), [Length(max=254)], filters=STRIP)
    language = SelectField(
        _l("Language of the invitation"),
        choices=list(LANGUAGE_LABELS.items()),
        validate_choice=False,
    )
