"""Domain errors that carry their HTTP status, and the one place that renders them."""

import contextlib

import sqlalchemy as sa
from flask import current_app
from flask import jsonify
from flask import make_response
from flask import render_template
from flask import request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from eventsys.database import ask_retry


class ServiceError(Exception):
    status = 400

    def __init__(self, message: str = "", fields: dict[str, str] | None = None):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class NotFound(ServiceError):
    status = 404


class PermissionDenied(ServiceError):
    status = 403


class Conflict(ServiceError):
    """The request is valid but the state forbids it: full, closed, duplicate."""

    status = 409


class Gone(ServiceError):
    """It existed and was taken away on purpose (a withdrawn file)."""

    status = 410


class InvalidInput(ServiceError):
    status = 422


def wants_json() -> bool:
    return request.path.startswith("/api/") or (
        request.accept_mimetypes.best == "application/json"
    )


def register_error_handlers(app) -> None:
    app.register_error_handler(ServiceError, _handle_service_error)
    app.register_error_handler(CSRFError, _handle_csrf_error)
    app.register_error_handler(HTTPException, _handle_http_error)
    app.register_error_handler(sa.exc.OperationalError, _handle_database_down)
    app.register_error_handler(sa.exc.TimeoutError, _handle_database_down)
    app.register_error_handler(Exception, _handle_unexpected)


RETRY_AFTER_SECONDS = 30


def _handle_database_down(error: Exception):
    """The database does not answer (down, unreadable, pool exhausted): 503, try later.

    A read that met a connection the server had dropped is run once more
    (database.RetryAfterDisconnect) and this answer is thrown away.
    The error page must not need the database itself: when even rendering it
    fails (e.g. loading the signed-in user), a plain page goes out.
    """
    retried = ask_retry(error)  # a dropped pooled connection: run the read again
    if not retried:
        current_app.logger.error("Database unavailable: %s", type(error).__name__)
    _rollback_quietly()
    message = _("The service is unavailable for a moment. Please try again shortly.")
    try:
        response = make_response(*render_error(503, message))
    except Exception:
        response = make_response(message, 503)
        response.mimetype = "text/plain"
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _handle_service_error(error: ServiceError):
    return render_error(error.status, error.message, error.fields)


def _handle_csrf_error(error: CSRFError):
    message = _(
        "Your form expired or came from another site. "
        "Please go back, reload the page and try again."
    )
    return render_error(400, message)


def _handle_http_error(error: HTTPException):
    if error.code is None or error.code < 400:
        return error
    body, status = render_error(error.code, "")
    response = make_response(body, status)
    if error.code == 405 and getattr(error, "valid_methods", None):
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


def _handle_unexpected(error: Exception):
    if isinstance(error, HTTPException):
        return _handle_http_error(error)
    current_app.logger.exception("Unhandled error")
    _rollback_quietly()
    return render_error(500, "")


def _rollback_quietly() -> None:
    from eventsys.extensions import db

    with contextlib.suppress(Exception):  # the database may be what failed
        db.session.rollback()


def render_error(status: int, message: str, fields: dict | None = None):
    if request.path.startswith("/api/"):
        from eventsys.api.problems import problem_response

        return problem_response(status, message, fields), status
    if wants_json():
        return jsonify(error=message or _title(status), fields=fields or {}), status
    template = f"errors/{status}.html" if status in _PAGES else "errors/generic.html"
    page = render_template(
        template, status=status, title=_title(status), message=message
    )
    return page, status


_PAGES = {400, 403, 404, 429, 500}


def _title(status: int) -> str:
    titles = {
        400: _("Bad request"),
        403: _("Not allowed"),
        404: _("Page not found"),
        405: _("Method not allowed"),
        409: _("Not possible right now"),
        410: _("No longer available"),
        413: _("Too large"),
        422: _("Please check your input"),
        429: _("Too many requests"),
        500: _("Something went wrong"),
        503: _("Service unavailable"),
    }
    return titles.get(status, _("Error"))
