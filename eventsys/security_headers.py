"""HTTP headers that hold a strict Content-Security-Policy on every response.

Pages that carry a secret in their URL (declared with
secret_urls.secret_in_path: manage links, reset links, private feeds) send no
Referer at all and are never stored; pages for a signed-in user are never cached.
"""

from urllib.parse import urlsplit

from flask import Flask
from flask import current_app
from flask import request
from flask import session
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import RequestEntityTooLarge

from eventsys import secret_urls
from eventsys.secret_urls import request_secrets

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
PERMISSIONS = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()"
)
HSTS = "max-age=31536000; includeSubDomains"


def register(app: Flask) -> None:
    app.register_error_handler(RequestEntityTooLarge, _too_large)
    app.before_request(_refuse_nul_bytes)
    app.before_request(_refuse_cross_origin_posts)
    secret_urls.register(app)

    @app.after_request
    def add_security_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CSP)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", _referrer_policy())
        headers.setdefault("Permissions-Policy", PERMISSIONS)
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if request.is_secure:
            headers.setdefault("Strict-Transport-Security", HSTS)
        if request_secrets():
            # Behind a secret link: never stored, whatever the view said.
            headers["Cache-Control"] = "private, no-store"
        elif "Cache-Control" not in headers and _personal():
            headers["Cache-Control"] = "private, no-store"
        return response


def _refuse_nul_bytes():
    """PostgreSQL text cannot hold NUL: a NUL in the path, query or a form is a 400,
    not a 500 at the database (found by tests/security/test_fuzz.py)."""
    values = [request.path, *request.args.keys(), *request.args.values()]
    if request.method in ("POST", "PUT", "PATCH", "DELETE"):
        values += [
            *request.form.keys(),
            *(v for _k, v in request.form.items(multi=True)),
        ]
    if any("\x00" in value for value in values):
        from eventsys.errors import render_error

        return render_error(
            400, _("The request contains a NUL character, which we do not accept.")
        )
    return None


UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def _refuse_cross_origin_posts():
    """A form sent from another site is refused even over plain HTTP.

    Flask-WTF checks the Referer only under HTTPS (WTF_CSRF_SSL_STRICT); this
    adds the same-origin check for every scheme, from Origin when the browser
    sends it, else from Referer. A request with neither still needs its CSRF
    token (privacy tools strip both): see docs/security.md. The JSON API is
    exempt like it is from CSRF tokens: it authenticates with Bearer tokens.
    """
    if request.method not in UNSAFE_METHODS or request.path.startswith("/api/"):
        return None
    if not current_app.config.get("WTF_CSRF_ENABLED", True):
        return None
    # Browsers send "Origin: null" from pages whose Referrer-Policy is
    # no-referrer (every route with a secret in its path): that says nothing
    # about the origin, so the CSRF token alone decides, as with no header.
    origin = request.headers.get("Origin")
    source = (origin if origin != "null" else None) or request.headers.get("Referer")
    if source and _host_of(source) not in _own_hosts():
        # The same answer as a missing token (errors._handle_csrf_error).
        raise CSRFError("The request came from another origin.")
    return None


def _own_hosts() -> set[str]:
    """This site's host as the request names it and as EVENTSYS_BASE_URL does.

    The scheme is not compared: a TLS-terminating proxy without trusted hops
    makes an HTTPS page post to what the app sees as plain HTTP.
    """
    base = current_app.config.get("EVENTSYS_BASE_URL") or ""
    return {_host_of(request.host_url), _host_of(base)} - {""}


def _host_of(url: str) -> str:
    return (urlsplit(url).netloc or "").lower()


def _too_large(error):
    from eventsys.errors import render_error

    limit = request.max_content_length or 0
    message = _(
        "What you sent is larger than we accept (at most %(size)s MB). "
        "Please send less, or smaller files.",
        size=round(limit / (1024 * 1024), 1),
    )
    return render_error(413, message)


def _referrer_policy() -> str:
    if request_secrets():
        return "no-referrer"
    return "strict-origin-when-cross-origin"


def _personal() -> bool:
    """Responses for a signed-in user (secret links are handled above)."""
    return "_user_id" in session
