from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField
from wtforms import EmailField
from wtforms import SelectField
from wtforms import StringField
from wtforms import TextAreaField
from wtforms.validators import Length

from eventsys.i18n import localized
from eventsys.registration import forms as registration_forms
from eventsys.registration.rules import LIMITS

LANGUAGE_CHOICES = [("en", "English"), ("fr", "Français"), ("es", "Español")]


class InvitationForm(FlaskForm):
    email = EmailField(_l("Email"), render_kw={"maxlength": LIMITS["email"]})
    title = StringField(_l("Title"), render_kw={"maxlength": LIMITS["title"]})
    given_name = StringField(_l("Given name"))
    family_name = StringField(_l("Family name"))
    represents = StringField(
        _l("Represents (State or organization)"),
        render_kw={"maxlength": LIMITS["represents"]},
    )
    duty_station = StringField(
        _l("Duty station of the functional address (optional)"),
        render_kw={"maxlength": 100},
    )
    category = SelectField(_l("Participant category"), validate_choice=False)
    language = SelectField(
        _l("Language of the invitation"),
        choices=LANGUAGE_CHOICES,
        validate_choice=False,
    )
    bound = BooleanField(_l("Personal: only this address may register"), default=True)
    send = BooleanField(_l("Send it now"), default=True)

    def set_categories(self, categories, language: str, main: str) -> None:
        self.category.choices = [
            (c.key, localized(c.name, language, main)) for c in categories
        ]


class DeclineForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason (optional)"),
        [Length(max=2000)],
        render_kw={"rows": 3, "maxlength": 2000},
    )


class ImportForm(FlaskForm):
    file = FileField(_l("CSV or XLSX file"))


def accept_form(invitation, questions, language: str, **kwargs):
    """The registration form with the invitation's category only, pre-filled;
    the email (when bound) and represents are shown read-only."""
    meeting = invitation.meeting
    if "formdata" in kwargs and kwargs["formdata"] is None:
        kwargs.update(
            email=invitation.email,
            title=invitation.title,
            given_name=invitation.given_name,
            family_name=invitation.family_name,
            represents=invitation.represents,
            organisation=invitation.represents,
        )
    form = registration_forms.registration_form(
        meeting, [invitation.category], questions, language, **kwargs
    )
    if invitation.bound:
        form.email.render_kw = {**(form.email.render_kw or {}), "readonly": True}
        form.email.data = invitation.email
    if invitation.represents:
        form.represents.render_kw = {
            **(form.represents.render_kw or {}),
            "readonly": True,
        }
        form.represents.data = invitation.represents
    return form
