from flask_babel import lazy_gettext as _l
from wtforms import BooleanField
from wtforms import EmailField
from wtforms import HiddenField
from wtforms import IntegerField
from wtforms import PasswordField
from wtforms import SelectField
from wtforms import StringField
from wtforms.validators import DataRequired
from wtforms.validators import Email
from wtforms.validators import Length
from wtforms.validators import Optional

from eventsys.forms import Form


class LoginForm(Form):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(
        _l("Password"), validators=[DataRequired(), Length(max=256)]
    )
    remember = BooleanField(_l("Keep me signed in on this device"))


class ChangePasswordForm(Form):
    current_password = PasswordField(
        _l("Current password"), validators=[DataRequired(), Length(max=256)]
    )
    password = PasswordField(
        _l("New password"), validators=[DataRequired(), Length(max=256)]
    )


class ProfileForm(Form):
    name = StringField(_l("Name"), validators=[Length(max=200)])
    language = SelectField(
        _l("Language"),
        choices=[("en", "English"), ("fr", "Français"), ("es", "Español")],
    )


class ResetRequestForm(Form):
    email = EmailField(
        _l("Email"), validators=[DataRequired(), Email(), Length(max=254)]
    )


class ResetPasswordForm(Form):
    password = PasswordField(
        _l("New password"), validators=[DataRequired(), Length(max=256)]
    )


class InvitationForm(Form):
    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=200)])
    password = PasswordField(
        _l("Choose a password"), validators=[DataRequired(), Length(max=256)]
    )


class NewAccountForm(Form):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    name = StringField(_l("Name"), validators=[Length(max=200)])
    is_admin = BooleanField(_l("Site administrator"))


class AccountActionForm(Form):
    """One of the buttons of an account's page (the name says which)."""

    action = HiddenField()
    series = HiddenField()
    role_id = IntegerField(validators=[Optional()])


class SecondFactorForm(Form):
    code = StringField(
        _l("Code from your authenticator app, or a recovery code"),
        validators=[DataRequired(), Length(max=32)],
    )
