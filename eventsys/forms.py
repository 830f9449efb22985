"""Small helpers every domain's forms and views share."""

from eventsys.errors import ServiceError


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
            form.form_errors.append(message)
    if not error.fields and error.message:
        form.form_errors.append(error.message)


def strip_whitespace(value):
    return value.strip() if isinstance(value, str) else value
