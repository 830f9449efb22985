"""Forms of the onsite pages (visa letters); onsite/visa.py holds the rules."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField
from wtforms import DateField
from wtforms import DateTimeLocalField
from wtforms import EmailField
from wtforms import SelectField
from wtforms import StringField
from wtforms import TextAreaField
from wtforms.validators import Optional

from eventsys.forms import Form
from eventsys.forms import strip_whitespace
from eventsys.i18n import language_name
from eventsys.registration import countries

STRIP = [strip_whitespace]
PASSPORT_TYPE_CHOICES = [
    ("ordinary", _l("Ordinary")),
    ("diplomatic", _l("Diplomatic")),
    ("service", _l("Service")),
    ("other", _l("Other")),
]
FUNDING_CHOICES = [
    ("none", _l("No costs: the participant or their organisation pays")),
    ("travel", _l("Travel")),
    ("travel_and_subsistence", _l("Travel and subsistence")),
]


class VisaRequestForm(Form):
    """Names and passport details exactly as in the passport."""

    surnames = StringField(_l("Surnames, as in the passport"), filters=STRIP)
    given_names = StringField(_l("Given names, as in the passport"), filters=STRIP)
    passport_number = StringField(_l("Passport number"), filters=STRIP)
    passport_type = SelectField(_l("Passport type"), choices=PASSPORT_TYPE_CHOICES)
    nationality = SelectField(_l("Nationality"))
    date_of_birth = DateField(_l("Date of birth"), [Optional()])
    passport_expiry = DateField(_l("Passport expiry"), [Optional()])
    place_of_issue = StringField(_l("Place of issue"), filters=STRIP)
    consulate = StringField(
        _l("Consulate or embassy where you apply for the visa"), filters=STRIP
    )
    consulate_email = EmailField(
        _l("Email of the consulate (optional, for a copy)"), filters=STRIP
    )


def visa_request_form(language: str, **kwargs) -> VisaRequestForm:
    form = VisaRequestForm(**kwargs)
    form.nationality.choices = [("", "")] + countries.choices(language)
    return form


class IssueForm(Form):
    funding = SelectField(_l("Who bears the costs"), choices=FUNDING_CHOICES)
    language = SelectField(_l("Language of the letter"))


def issue_form(meeting, **kwargs) -> IssueForm:
    form = IssueForm(**kwargs)
    form.language.choices = [
        (code, language_name(code))
        for code in (meeting.languages or [meeting.main_language])
    ]
    return form


class RefuseForm(Form):
    reason = TextAreaField(_l("Reason (the participant reads it)"), filters=STRIP)


class VisaSettingsForm(Form):
    visa_support = BooleanField(_l("Offer visa support letters"))
    visa_deadline = DateTimeLocalField(_l("Deadline for requests"), [Optional()])
    visa_signatory_name = StringField(_l("Signatory's name"), filters=STRIP)
    visa_signatory_title = StringField(_l("Signatory's title"), filters=STRIP)


class GroundsPassForm(Form):
    un_premises = BooleanField(
        _l("The venue is UN premises: entry by a UN grounds pass")
    )
