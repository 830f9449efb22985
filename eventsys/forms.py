"""Small helpers every domain's forms and views share."""

from collections.abc import Callable
from typing import TypeVar

from flask import flash
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms import StringField
from wtforms import TextAreaField
from wtforms.validators import ValidationError

from eventsys.errors import Conflict
from eventsys.errors import InvalidInput
from eventsys.errors import ServiceError
from eventsys.extensions import db
from eventsys.text import NOT_ALLOWED
from eventsys.text import is_clean

T = TypeVar("T")


def attach_errors(form, error: ServiceError) -> None:
    """Show a service's error on the form: per field where it can.

    Any ServiceError works (InvalidInput, or a Conflict such as "full" or
    "closed"); the view answers with the error's own status.
    """
    for name, message in error.fields.items():
        field = getattr(form, name, None)
        if field is not None and hasattr(field, "errors"):
            if not isinstance(field.errors, list):
                field.errors = list(field.errors)
            field.errors.append(message)
        else:
            # A form should carry every field its service may name; if one is
            # missing, the summary still says which field the message is about.
            form.form_errors.append(f"{field_name_text(name)}: {message}")
    if not error.fields and error.message:
        form.form_errors.append(error.message)


def field_name_text(name: str) -> str:
    """A readable name for a field the form lacks ("focal_point_email" -> "Focal point email")."""
    text = name.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def run_service(
    call: Callable[[], T], *, form=None
) -> tuple[T | None, ServiceError | None]:
    """The views' one pattern for a state change: call the service, commit once.

    On a refusal (InvalidInput or Conflict) the transaction is rolled back, so
    every loaded object reads its stored state again, and the error is attached
    to the form (or flashed when there is none); the view then re-renders with
    ``error.status`` or redirects. NotFound and PermissionDenied are left to the
    app's handlers. Returns ``(result, None)`` or ``(None, error)``.
    """
    try:
        result = call()
    except (InvalidInput, Conflict) as error:
        db.session.rollback()
        if form is not None:
            attach_errors(form, error)
        else:
            flash(error.message, "error")
        return None, error
    db.session.commit()
    return result, None


def strip_whitespace(value):
    return value.strip() if isinstance(value, str) else value


def clean_text(multiline: bool):
    """The validator every text field gets (eventsys.text owns the rule)."""

    def check(form, field) -> None:
        if isinstance(field.data, str) and not is_clean(
            field.data, multiline=multiline
        ):
            raise ValidationError(str(NOT_ALLOWED))

    return check


class CleanTextMeta:
    """Binds the control-character check to every text field of a form.

    Single-line fields (StringField and its kinds) refuse line breaks too;
    TextAreaFields keep them. Passwords are left as typed.
    """

    def bind_field(self, form, unbound_field, options):
        field = super().bind_field(form, unbound_field, options)
        if isinstance(field, StringField) and not isinstance(field, PasswordField):
            multiline = isinstance(field, TextAreaField)
            field.validators = [*field.validators, clean_text(multiline)]
        return field


class Form(FlaskForm):
    """The base of every form: FlaskForm (CSRF) plus the control-character check."""

    Meta = CleanTextMeta
