"""Request parsing for the API: JSON bodies, query parameters, bearer tokens.

Bodies are checked against the same JSON Schema dicts that the OpenAPI
document publishes (a small subset of JSON Schema is understood here), so the
description and the behaviour cannot drift apart.
"""

import json
import re
from datetime import date

from flask import current_app
from flask import g
from flask import request
from flask_babel import gettext as _

from eventsys import pagination
from eventsys.errors import InvalidInput
from eventsys.errors import ServiceError
from eventsys.models import utcnow

MAX_PAGE = pagination.MAX_PAGE
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 20
SLUG_PATTERN = "^[a-z0-9][a-z0-9-]{0,79}$"
KEY_PATTERN = "^[A-Za-z0-9_-]{1,40}$"
MAX_ID = 2**31 - 1


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
        InvalidInput: the JSON does not match the schema.
    """
    if not request.is_json:
        raise UnsupportedMediaType(_("Send the body as application/json."))
    try:
        raw = request.get_data(cache=True).decode("utf-8")
        data = json.loads(raw, parse_constant=_reject_constant)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise BadRequest(_("The body is not well-formed JSON.")) from None
    errors = validate(data, schema)
    if errors:
        raise InvalidInput(_("Please check your input."), errors)
    return data


def _reject_constant(name: str):
    raise ValueError(f"{name} is not JSON")


def validate(value, schema: dict, path: str = "") -> dict[str, str]:
    """Problems of value against a JSON Schema subset, as {path: message}."""
    kind = schema.get("type")
    kinds = kind if isinstance(kind, list) else [kind] if kind else []
    if kinds and not any(_is_type(value, k) for k in kinds):
        return {path or "body": _("Must be of type %(type)s.", type=" or ".join(kinds))}
    if "anyOf" in schema:
        if all(validate(value, option, path) for option in schema["anyOf"]):
            return {path or "body": _("Not an accepted value.")}
        return {}
    if isinstance(value, dict):
        return _validate_object(value, schema, path)
    if isinstance(value, list):
        return _validate_array(value, schema, path)
    if isinstance(value, str):
        message = _string_problem(value, schema)
        return {path: message} if message else {}
    if "enum" in schema and value not in schema["enum"]:
        return {path: _("Not an accepted value.")}
    return {}


def _is_type(value, kind: str) -> bool:
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    types = {"string": str, "boolean": bool, "object": dict, "array": list}
    return value is None if kind == "null" else isinstance(value, types[kind])


def _validate_object(value: dict, schema: dict, path: str) -> dict[str, str]:
    errors = {}
    properties = schema.get("properties", {})
    for name in schema.get("required", []):
        if name not in value:
            errors[_join(path, name)] = _("This field is required.")
    extra = schema.get("additionalProperties", True)
    names = schema.get("propertyNames")
    if "maxProperties" in schema and len(value) > schema["maxProperties"]:
        errors[path or "body"] = _("Too many entries.")
    for name, item in value.items():
        where = _join(path, name)
        if names and _string_problem(name, names):
            errors[where] = _("Not an accepted name.")
        elif name in properties:
            errors.update(validate(item, properties[name], where))
        elif extra is False:
            errors[where] = _("Unknown field.")
        elif isinstance(extra, dict):
            errors.update(validate(item, extra, where))
    return errors


def _validate_array(value: list, schema: dict, path: str) -> dict[str, str]:
    if "maxItems" in schema and len(value) > schema["maxItems"]:
        return {path: _("Too many items.")}
    errors = {}
    for index, item in enumerate(value):
        errors.update(validate(item, schema.get("items", {}), f"{path}[{index}]"))
    return errors


def _string_problem(value: str, schema: dict) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return _("Contains characters that are not allowed.")
    if "enum" in schema and value not in schema["enum"]:
        return _("Not an accepted value.")
    if len(value) > schema.get("maxLength", len(value)):
        return _("At most %(n)s characters.", n=schema["maxLength"])
    if len(value) < schema.get("minLength", 0):
        return _("At least %(n)s characters.", n=schema["minLength"])
    pattern = schema.get("pattern")
    if pattern and not re.fullmatch(pattern.removeprefix("^").removesuffix("$"), value):
        return _("Contains characters that are not allowed.")
    return ""


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


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
    from eventsys.api.tokens import user_for_bearer

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


def www_authenticate() -> str:
    value = 'Bearer realm="eventsys"'
    if g.get("api_invalid_token"):
        value += ', error="invalid_token"'
    return value


def base_url() -> str:
    return current_app.config["EVENTSYS_BASE_URL"].rstrip("/")
