from flask_babel import lazy_gettext as _l
from wtforms import BooleanField
from wtforms import EmailField
from wtforms import PasswordField
from wtforms import SelectField
from wtforms import StringField
from wtforms.validators import DataRequired
from wtforms.validators import Email
from wtforms.validators import Length

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
