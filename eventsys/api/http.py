"""Request parsing for the API: JSON bodies, query parameters, bearer tokens.

Bodies are checked with the jsonschema library against the same JSON Schema
dicts that the OpenAPI document publishes, so the description and the
behaviour cannot drift apart. Every problem of a body is reported at once.
"""

import json
import re
from collections.abc import Iterator
from datetime import date
from functools import lru_cache

from email_validator import EmailNotValidError
from email_validator import validate_email
from flask import current_app
from flask import g
from flask import request
from flask_babel import gettext as _
from flask_login import current_user
from jsonschema import Draft202012Validator
from jsonschema import FormatChecker
from jsonschema import ValidationError
from jsonschema.validators import extend

from eventsys import lookup
from eventsys import pagination
from eventsys.auth.api_tokens import user_for_bearer
from eventsys.errors import InvalidInput
from eventsys.errors import ServiceError
from eventsys.extensions import csrf
from eventsys.models import utcnow

MAX_PAGE = pagination.MAX_PAGE
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 20
SLUG_PATTERN = "^[a-z0-9][a-z0-9-]{0,79}$"
KEY_PATTERN = "^[A-Za-z0-9_-]{1,40}$"
MAX_ID = lookup.MAX_ID


class BadRequest(ServiceError):
    status = 400


class Unauthorized(ServiceError):
    status = 401


class UnsupportedMediaType(ServiceError):
    status = 415


# --- JSON bodies -------------------------------------------------------------


def json_body(schema: dict) -> dict:
    """The request's JSON object, checked against schema.

    Raises:
        UnsupportedMediaType: the body is not declared as JSON.
        BadRequest: the body is not well-formed JSON.
        InvalidInput: the JSON does not match the schema (every problem at once).
    """
    data = json_value()
    problems = schema_problems(data, schema)
    if problems:
        raise InvalidInput(_("Please check your input."), problems)
    return data


def json_value():
    """The request's body as parsed JSON (any JSON value).

    Raises:
        UnsupportedMediaType: the body is not declared as JSON.
        BadRequest: the body is not well-formed JSON.
    """
    if not request.is_json:
        raise UnsupportedMediaType(_("Send the body as application/json."))
    try:
        raw = request.get_data(cache=True).decode("utf-8")
        return json.loads(raw, parse_constant=_reject_constant)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise BadRequest(_("The body is not well-formed JSON.")) from None


def _reject_constant(name: str):
    raise ValueError(f"{name} is not JSON")


def schema_problems(value, schema: dict) -> dict[str, str]:
    """Every problem of value against schema, as {path: message} (first per path).

    Paths name fields as the API does: "email", "answers.12", "answers.12[0]";
    a problem of the whole body is "body".
    """
    problems: dict[str, str] = {}
    for error in _validator(schema).iter_errors(value):
        for path, message in _explain(error):
            problems.setdefault(path or "body", message)
    for path in _unencodable(value, ""):
        problems.setdefault(
            path or "body", _("Contains characters that are not allowed.")
        )
    return problems


def _ecma_pattern(validator, pattern: str, instance, schema):
    """JSON Schema patterns are ECMA-262: "$" ends the text, never a final newline."""
    if validator.is_type(instance, "string") and not _regex(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


@lru_cache(maxsize=64)
def _regex(pattern: str) -> re.Pattern:
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + "\\Z"
    return re.compile(pattern)


FORMATS = FormatChecker()


@FORMATS.checks("email", raises=EmailNotValidError)
def _is_email(value) -> bool:
    """The same check as the HTML form's (the library's own only looks for an @)."""
    if isinstance(value, str):
        validate_email(value, check_deliverability=False)
    return True


BodyValidator = extend(Draft202012Validator, {"pattern": _ecma_pattern})


_VALIDATORS: dict[int, tuple[dict, Draft202012Validator]] = {}


def _validator(schema: dict) -> Draft202012Validator:
    """One validator per schema dict (the schemas are module constants)."""
    entry = _VALIDATORS.get(id(schema))
    if entry is None or entry[0] is not schema:
        entry = _VALIDATORS[id(schema)] = (
            schema,
            BodyValidator(schema, format_checker=FORMATS),
        )
    return entry[1]


def _explain(error: ValidationError) -> Iterator[tuple[str, str]]:
    path = _path(error.absolute_path)
    keyword = error.validator
    if "propertyNames" in error.absolute_schema_path:
        yield _join(path, str(error.instance)[:50]), _("Not an accepted name.")
    elif keyword == "required":
        for name in error.validator_value:
            if name not in error.instance:
                yield _join(path, name), _("This field is required.")
    elif keyword == "additionalProperties":
        known = error.schema.get("properties", {})
        for name in sorted(set(error.instance) - set(known))[:10]:
            yield _join(path, str(name)[:50]), _("Unknown field.")
    else:
        yield path, _message(error)


def _message(error: ValidationError) -> str:
    keyword, limit = error.validator, error.validator_value
    if keyword == "type":
        kinds = limit if isinstance(limit, list) else [limit]
        return _("Must be of type %(type)s.", type=" or ".join(kinds))
    if keyword == "maxLength":
        return _("At most %(n)s characters.", n=limit)
    if keyword == "minLength":
        return _("At least %(n)s characters.", n=limit)
    if keyword == "pattern":
        return _("Contains characters that are not allowed.")
    if keyword == "format" and limit == "email":
        return _("Please enter a valid email address.")
    if keyword == "maxProperties":
        return _("Too many entries.")
    if keyword == "maxItems":
        return _("Too many items.")
    return _("Not an accepted value.")


def _path(parts) -> str:
    path = ""
    for part in parts:
        path = f"{path}[{part}]" if isinstance(part, int) else _join(path, part)
    return path


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _unencodable(value, path: str) -> Iterator[str]:
    """Paths of strings (or names) PostgreSQL could not store: lone surrogates.

    A loop, not recursion: any depth json.loads accepted is walked."""
    pending = [(value, path)]
    while pending:
        item, where = pending.pop()
        if isinstance(item, str):
            if not _encodable(item):
                yield where
        elif isinstance(item, dict):
            for name, inner in item.items():
                if _encodable(name):
                    pending.append((inner, _join(where, name)))
                else:
                    yield _join(where, "?")
        elif isinstance(item, list):
            pending.extend((inner, f"{where}[{n}]") for n, inner in enumerate(item))


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# --- Query parameters ----------------------------------------------------------


def refuse_unknown_query(allowed: set[str]) -> None:
    """Raises: BadRequest for a query parameter the endpoint does not know."""
    unknown = sorted(set(request.args) - allowed)
    if unknown:
        message = _("Unknown parameter.")
        raise BadRequest(message, {name[:50]: message for name in unknown[:10]})


def query_int(name: str, default: int, minimum: int, maximum: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    if not re.fullmatch(r"[0-9]{1,9}", raw) or not minimum <= int(raw) <= maximum:
        message = _("A whole number from %(a)s to %(b)s.", a=minimum, b=maximum)
        raise BadRequest(message, {name: message})
    return int(raw)


def query_date(name: str) -> date | None:
    raw = request.args.get(name)
    if raw is None:
        return None
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", raw):
            raise ValueError(raw)
        return date.fromisoformat(raw)
    except ValueError:
        message = _("A date written YYYY-MM-DD.")
        raise BadRequest(message, {name: message}) from None


def query_choice(name: str, choices) -> str | None:
    raw = request.args.get(name)
    if raw is not None and raw not in choices:
        message = _("One of: %(choices)s.", choices=", ".join(choices))
        raise BadRequest(message, {name: message})
    return raw


def query_pattern(name: str, pattern: str) -> str | None:
    raw = request.args.get(name)
    if raw is not None and not re.fullmatch(pattern.strip("^$"), raw):
        message = _("Not an accepted value.")
        raise BadRequest(message, {name: message})
    return raw


def pagination() -> tuple[int, int]:
    page = query_int("page", 1, 1, MAX_PAGE)
    per_page = query_int("per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)
    return page, per_page


def page_body(page, items: list) -> dict:
    return {
        "items": items,
        "page": page.page,
        "per_page": page.per_page,
        "total": page.total,
        "pages": page.pages,
    }


def valid_slug(slug: str) -> bool:
    return re.fullmatch(SLUG_PATTERN.strip("^$"), slug) is not None


# --- Bearer tokens ---------------------------------------------------------------


def bearer_user():
    """The user of the request's bearer token; cookies never count here.

    Raises:
        Unauthorized: no token, or a token that is unknown, revoked or inactive.
    """
    header = request.headers.get("Authorization", "")
    scheme, _sep, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized(
            _("Send a personal API token: Authorization: Bearer <token>.")
        )
    user = user_for_bearer(token.strip(), now=utcnow())
    if user is None:
        g.api_invalid_token = True
        raise Unauthorized(_("The API token is not valid or was revoked."))
    return user


def bearer_or_session_user():
    """A bearer token's user, else the signed-in user of the session (the door
    staff's page), whose writes must carry the CSRF token in X-CSRFToken.

    Only the endpoints that a page of ours calls use this; the rest of the API
    reads bearer tokens only.

    Raises:
        Unauthorized: neither a valid token nor a signed-in session.
        CSRFError: a session write without a valid CSRF token (400).
    """
    if request.headers.get("Authorization"):
        return bearer_user()
    if request.method != "GET" and current_app.config.get("WTF_CSRF_ENABLED", True):
        csrf.protect()  # before anything else, as for every HTML form
    if not current_user.is_authenticated:
        raise Unauthorized(
            _("Sign in, or send a personal API token: Authorization: Bearer <token>.")
        )
    return current_user._get_current_object()


def www_authenticate() -> str:
    value = 'Bearer realm="eventsys"'
    if g.get("api_invalid_token"):
        value += ', error="invalid_token"'
    return value


def base_url() -> str:
    return current_app.config["EVENTSYS_BASE_URL"].rstrip("/")
