"""RFC 9457 problem details: the one error shape of the JSON API."""

from flask import jsonify

from eventsys.errors import _title


def problem_response(status: int, detail: str = "", fields: dict | None = None):
    body = {"type": "about:blank", "title": _title(status), "status": status}
    if detail:
        body["detail"] = detail
    if fields:
        body["errors"] = fields
    response = jsonify(body)
    response.status_code = status
    response.mimetype = "application/problem+json"
    return response
