"""Routes with a secret in their path are declared once, here read by everyone who cares.

    @bp.get("/registrations/<token>")
    @secret_in_path("token")
    def manage(token): ...

The declaration (a route attribute) is read by the response headers
(`Cache-Control: no-store`, `Referrer-Policy: no-referrer`), by the access log
redaction (gunicorn's, see eventsys/access_log.py, and the secret is replaced
before any logger sees it) and by the route x role matrix. A test fails for a
route whose path takes a token without the declaration.

Query parameters that carry personal search terms are redacted in the log too.
"""

from urllib.parse import parse_qsl
from urllib.parse import urlencode

from flask import Flask
from flask import current_app
from flask import request

ATTRIBUTE = "secret_path_params"
REDACTED = "[redacted]"
# Query parameters whose values are personal data (a registration search by name or email).
PERSONAL_QUERY_PARAMS = frozenset({"q", "email", "search"})
LOGGED_WITH_CARE = PERSONAL_QUERY_PARAMS | {"next"}
ENVIRON_KEY = "eventsys.log_uri"


def secret_in_path(*params: str):
    """Declare which URL arguments of a view are secrets."""

    def declare(view):
        setattr(view, ATTRIBUTE, tuple(params))
        return view

    return declare


def secret_params(app: Flask, endpoint: str | None) -> tuple[str, ...]:
    view = app.view_functions.get(endpoint or "")
    return getattr(view, ATTRIBUTE, ())


def request_secrets() -> dict[str, str]:
    """The declared secrets of the current request's URL, by argument name."""
    names = secret_params(current_app, request.endpoint)
    args = request.view_args or {}
    return {name: str(args[name]) for name in names if name in args}


def redacted_uri(path: str, query: str, secrets: dict[str, str]) -> str:
    """The request URI as the log may show it: secrets and search terms replaced."""
    for value in secrets.values():
        if value:
            path = path.replace(value, REDACTED)
    if query:
        pairs = [
            (key, _redacted_value(key, value))
            for key, value in parse_qsl(query, keep_blank_values=True)
        ]
        query = urlencode(pairs, safe="[]/")
    return f"{path}?{query}" if query else path


def _redacted_value(key: str, value: str) -> str:
    if key in PERSONAL_QUERY_PARAMS and value:
        return REDACTED
    if key == "next" and "?" in value:  # the login's way back holds the search too
        path, _, query = value.partition("?")
        return redacted_uri(path, query, {})
    return value


def register(app: Flask) -> None:
    """Leave the redacted URI in the WSGI environ for the access log, on every request."""

    @app.before_request
    def _note_log_uri():
        query = request.query_string.decode("latin-1")
        secrets = request_secrets()
        if secrets or any(k in LOGGED_WITH_CARE for k in request.args):
            request.environ[ENVIRON_KEY] = redacted_uri(request.path, query, secrets)
