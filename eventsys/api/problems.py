"""RFC 9457 problem details: the one error shape of the JSON API."""

from flask import jsonify
from flask_babel import gettext as _

from eventsys.errors import _title


def problem_response(status: int, detail: str = "", fields: dict | None = None):
    body = {"type": "about:blank", "title": problem_title(status), "status": status}
    if detail:
        body["detail"] = detail
    if fields:
        body["errors"] = fields
    response = jsonify(body)
    response.status_code = status
    response.mimetype = "application/problem+json"
    return response


def problem_title(status: int) -> str:
    titles = {
        401: _("Authentication required"),
        404: _("Not found"),
        415: _("Unsupported media type"),
    }
    return titles.get(status) or _title(status)
