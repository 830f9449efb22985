"""Registration endpoints: public sign-up, and the secretariat's list and decisions.

Only bearer tokens authenticate here: a browser's session cookie is never
read, so a logged-in manager's cookie cannot be abused across sites.
"""

from flask import current_app
from flask import jsonify
from flask import request
from flask_babel import gettext as _

from eventsys.api import bp
from eventsys.api import schemas
from eventsys.api import serializers
from eventsys.api.http import KEY_PATTERN
from eventsys.api.http import bearer_user
from eventsys.api.http import json_body
from eventsys.api.http import json_value
from eventsys.api.http import page_body
from eventsys.api.http import pagination
from eventsys.api.http import query_choice
from eventsys.api.http import query_pattern
from eventsys.api.http import schema_problems
from eventsys.api.http import valid_slug
from eventsys.api.meetings import public_meeting
from eventsys.api.schemas import LANGUAGES
from eventsys.errors import InvalidInput
from eventsys.errors import NotFound
from eventsys.extensions import db
from eventsys.extensions import limiter
from eventsys.lookup import get_managed_meeting
from eventsys.lookup import get_of_meeting
from eventsys.meetings.models import Meeting
from eventsys.models import utcnow
from eventsys.registration import lists
from eventsys.registration import queries
from eventsys.registration import service
from eventsys.registration.models import REGISTRATION_STATUSES
from eventsys.registration.models import Registration

ORDERS = ("created", "list")


def _rate_per_address() -> str:
    return current_app.config["REGISTRATION_RATE_PER_ADDRESS"]


def _rate_per_email() -> str:
    return current_app.config["REGISTRATION_RATE_PER_EMAIL"]


def _email_key() -> str:
    """The form's per-email bucket key; hostile bodies must not break the limiter."""
    try:
        data = request.get_json(silent=True)
    except (ValueError, RecursionError):
        data = None
    email = data.get("email") if isinstance(data, dict) else None
    if not isinstance(email, str) or not email.strip():
        return "address:" + (request.remote_addr or "")  # no email: count per client
    return "email:" + email.strip().lower()[:254]


@bp.post("/meetings/<slug>/registrations")
@limiter.shared_limit(_rate_per_address, "register-address")
@limiter.shared_limit(_rate_per_email, "register-email", key_func=_email_key)
def create_registration(slug: str):
    meeting = public_meeting(slug)
    now = utcnow()
    body = _registration_body(meeting, now=now)
    language = body.get("language") or _default_language(meeting)
    try:
        registration, _token = service.register(
            meeting,
            data=_service_data(body),
            user=None,
            now=now,
            language=language,
        )
    except InvalidInput as error:
        raise InvalidInput(error.message, _api_fields(error.fields)) from None
    result = {
        "meeting": meeting.slug,
        "category": registration.category.key,
        "status": registration.status,
        "waitlist_position": service.waitlist_position(registration),
    }
    db.session.commit()
    return jsonify(result), 201


def _registration_body(meeting: Meeting, *, now) -> dict:
    """The body, or every problem at once: the schema's and the service's rules.

    Raises: InvalidInput, UnsupportedMediaType, BadRequest.
    """
    body = json_value()
    problems = schema_problems(body, schemas.REGISTRATION_INPUT)
    if not problems:
        return body
    if isinstance(body, dict):
        readable = _without(body, problems)
        found = service.registration_errors(meeting, _service_data(readable), now=now)
        problems = {**_api_fields(found), **problems}
    raise InvalidInput(_("Please check your input."), problems)


def _without(body: dict, problems: dict) -> dict:
    """The parts of the body the schema accepted (answers one by one)."""

    def bad(path: str) -> bool:
        return any(
            p == path or p.startswith((f"{path}.", f"{path}[")) for p in problems
        )

    kept = {k: v for k, v in body.items() if k != "answers" and not bad(k)}
    answers = body.get("answers")
    if isinstance(answers, dict) and "answers" not in problems:
        kept["answers"] = {k: v for k, v in answers.items() if not bad(f"answers.{k}")}
    return kept


def _default_language(meeting: Meeting) -> str:
    return meeting.main_language if meeting.main_language in schemas.LANGUAGES else "en"


def _service_data(body: dict) -> dict:
    """The API body in the shape of the HTML form's data (answers as q_<id>)."""
    data = {
        key: value for key, value in body.items() if key not in ("answers", "language")
    }
    for qid, value in (body.get("answers") or {}).items():
        data[f"q_{int(qid)}"] = value
    return data


def _api_fields(fields: dict) -> dict:
    """Error keys as the API names them: the form's q_<id> is answers.<id>."""
    return {
        (f"answers.{name[2:]}" if name.startswith("q_") else name): message
        for name, message in fields.items()
    }


@bp.get("/meetings/<slug>/registrations")
def list_registrations(slug: str):
    user = bearer_user()
    meeting = _managed_meeting(slug, user)
    page, per_page = pagination()
    query = queries.meeting_registrations(
        meeting,
        status=query_choice("status", REGISTRATION_STATUSES),
        category_key=query_pattern("category", KEY_PATTERN),
    )
    order = query_choice("order", ORDERS)
    language = query_choice("language", LANGUAGES)  # checked whatever the order
    if order == "list":
        language = language or meeting.main_language
        rows = db.session.scalars(query).unique().all()
        result = lists.page(
            lists.in_list_order(rows, language), page=page, per_page=per_page
        )
    else:
        result = db.paginate(query, page=page, per_page=per_page, error_out=False)
    items = [serializers.registration(r, meeting.timezone) for r in result.items]
    db.session.commit()  # the token's last use
    return jsonify(page_body(result, items))


@bp.patch("/meetings/<slug>/registrations/<int:registration_id>")
def decide_registration(slug: str, registration_id: int):
    user = bearer_user()
    meeting = _managed_meeting(slug, user)
    registration = _registration_of(meeting, registration_id)
    body = json_body(schemas.DECISION_INPUT)
    _apply_decision(registration, body["status"], body.get("message", ""), actor=user)
    db.session.commit()
    db.session.refresh(registration)
    return jsonify(serializers.registration(registration, meeting.timezone))


def _apply_decision(registration, status: str, message: str, *, actor) -> None:
    now = utcnow()
    if status == "rejected":
        service.reject(registration, actor=actor, now=now, message=message)
    else:
        action = {
            "confirmed": service.approve,
            "waitlisted": service.waitlist,
            "cancelled": service.cancel,
        }[status]
        action(registration, actor=actor, now=now)


def _managed_meeting(slug: str, user) -> Meeting:
    """Raises: NotFound (unknown, or a draft the user may not see), PermissionDenied."""
    if not valid_slug(slug):
        raise NotFound(_("No such meeting."))
    return get_managed_meeting(slug, user)


def _registration_of(meeting: Meeting, registration_id: int) -> Registration:
    """Raises: NotFound (also for another meeting's registration)."""
    return get_of_meeting(
        Registration,
        registration_id,
        meeting,
        _("No such registration at this meeting."),
    )
