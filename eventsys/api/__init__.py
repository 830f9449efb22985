"""JSON API v1: the same services as the pages, JSON in and out."""

from flask import Blueprint
from flask import request

from eventsys.api.http import refuse_unknown_query
from eventsys.api.http import www_authenticate
from eventsys.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# JSON without cookies: no CSRF tokens. Safe because API views read bearer
# tokens only, except the check-in endpoints that the door staff's page calls:
# http.bearer_or_session_user checks their CSRF token itself.
csrf.exempt(bp)

# Read-only endpoints any website may call from the browser.
PUBLIC_READ = {
    "api.list_meetings",
    "api.get_meeting",
    "api.list_series",
    "api.list_outcomes",
    "api.list_documents",
    "api.list_agenda_releases",
    "api.openapi_json",
}


# Reads for managers: never in a shared cache.
PRIVATE_READ = {"api.list_registrations", "api.checkin_manifest"}
# Reads a device keeps offline itself: not in the browser's HTTP cache either.
PERSONAL_READ = {"api.checkin_manifest"}


# Query parameters each endpoint understands; any other is a client mistake.
QUERY_PARAMETERS = {
    "api.list_meetings": {"series", "from", "to", "status", "page", "per_page"},
    "api.list_registrations": {
        "status",
        "category",
        "order",
        "language",
        "page",
        "per_page",
    },
    "api.list_invitations": {"status", "category", "page", "per_page"},
    "api.docs": {"lang"},
    "api.checkin_manifest": {"language"},
}


@bp.before_request
def refuse_unknown_query_parameters():
    refuse_unknown_query(QUERY_PARAMETERS.get(request.endpoint, set()))


@bp.after_request
def finish_response(response):
    if request.endpoint in PUBLIC_READ:
        _allow_cross_origin(response)
    if response.status_code == 401:
        response.headers["WWW-Authenticate"] = www_authenticate()
    if request.method == "GET" and response.status_code == 200:
        private = request.endpoint in PRIVATE_READ
        response.headers["Cache-Control"] = (
            "private, no-cache" if private else "public, max-age=60"
        )
        if request.endpoint in PERSONAL_READ:
            response.headers["Cache-Control"] = "private, no-store"
        if private:
            response.vary.add("Authorization")
        response.add_etag()
        response.make_conditional(request)
    return response


def _allow_cross_origin(response) -> None:
    headers = response.headers
    headers["Access-Control-Allow-Origin"] = "*"
    headers["Access-Control-Expose-Headers"] = "ETag"
    if request.method == "OPTIONS":
        headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        headers["Access-Control-Allow-Headers"] = "If-None-Match"
        headers["Access-Control-Max-Age"] = "86400"


from eventsys.api import invitations  # noqa: E402,F401
from eventsys.api import meetings  # noqa: E402,F401
from eventsys.api import meta  # noqa: E402,F401
from eventsys.api import onsite  # noqa: E402,F401
from eventsys.api import registrations  # noqa: E402,F401
