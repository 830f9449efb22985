"""The OpenAPI 3.1 description of API v1, built from the same schemas the code checks."""

from eventsys.agenda.models import PERSON_ROLES
from eventsys.agenda.models import SESSION_KINDS
from eventsys.agenda.models import SESSION_STATUSES
from eventsys.agenda.models import SPEAKER_LEVELS
from eventsys.api import schemas
from eventsys.api.http import DEFAULT_PER_PAGE
from eventsys.api.http import KEY_PATTERN
from eventsys.api.http import MAX_ID
from eventsys.api.http import MAX_PAGE
from eventsys.api.http import MAX_PER_PAGE
from eventsys.api.http import SLUG_PATTERN
from eventsys.documents.models import DOCUMENT_KINDS as MEETING_DOCUMENT_KINDS
from eventsys.invitations.models import IMPORT_STATUSES
from eventsys.invitations.models import INVITATION_STATUSES
from eventsys.meetings.models import ACCESS_MODES
from eventsys.meetings.models import MEETING_FORMATS
from eventsys.meetings.models import SERIES_KINDS
from eventsys.outcomes.models import DOCUMENT_KINDS
from eventsys.registration import questions
from eventsys.registration.models import ATTENDANCE
from eventsys.registration.models import FUNCTIONS
from eventsys.registration.models import REGISTRATION_STATUSES

PREFIX = "/api/v1"


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(kind: str, **extra) -> dict:
    return {"type": [kind, "null"], **extra}


def obj(properties: dict, *, description: str = "") -> dict:
    schema = {
        "type": "object",
        "additionalProperties": False,
        "required": sorted(properties),
        "properties": properties,
    }
    if description:
        schema["description"] = description
    return schema


STRING = {"type": "string"}
DATETIME = {"type": "string", "format": "date-time"}
I18N = ref("I18nText")
WINDOW_STATE = {
    "type": "string",
    "enum": ["open", "not_open", "closed", "cancelled"],
    "description": "Whether registration is open now.",
}


def _page_of(item: str) -> dict:
    return obj(
        {
            "items": {"type": "array", "items": ref(item)},
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
            "total": {"type": "integer", "minimum": 0},
            "pages": {"type": "integer", "minimum": 0},
        }
    )


def _meeting_summary_properties() -> dict:
    return {
        "slug": STRING,
        "series": ref("SeriesRef"),
        "title": I18N,
        "theme": I18N,
        "starts_at": DATETIME,
        "ends_at": DATETIME,
        "timezone": {"type": "string", "description": "IANA time zone of the meeting."},
        "venue": STRING,
        "city": STRING,
        "country": STRING,
        "format": {"type": "string", "enum": list(MEETING_FORMATS)},
        "status": {"type": "string", "enum": ["published", "cancelled"]},
        "url": {"type": "string", "format": "uri"},
        "api_url": {"type": "string", "format": "uri"},
    }


def _meeting_detail() -> dict:
    properties = _meeting_summary_properties()
    properties.update(
        {
            "description": I18N,
            "practical_info": I18N,
            "online_access_note": I18N,
            "cancel_reason": STRING,
            "contact_email": STRING,
            "languages": {"type": "array", "items": STRING},
            "main_language": STRING,
            "registration": obj(
                {
                    "state": WINDOW_STATE,
                    "opens_at": nullable("string", format="date-time"),
                    "closes_at": nullable("string", format="date-time"),
                    "requires_approval": {"type": "boolean"},
                }
            ),
            "rooms": {"type": "array", "items": ref("Room")},
            "sessions": {"type": "array", "items": ref("Session")},
            "categories": {"type": "array", "items": ref("Category")},
            "questions": {"type": "array", "items": ref("Question")},
        }
    )
    return obj(
        properties, description="A meeting. The online link is never part of it."
    )


def _component_schemas() -> dict:
    return {
        "Problem": {
            "type": "object",
            "description": "RFC 9457 problem details.",
            "required": ["type", "title", "status"],
            "properties": {
                "type": STRING,
                "title": STRING,
                "status": {"type": "integer", "minimum": 400, "maximum": 599},
                "detail": STRING,
                "errors": {
                    "type": "object",
                    "description": "Messages by field (dotted paths for nested fields).",
                    "additionalProperties": STRING,
                },
            },
        },
        "I18nText": {
            "type": "object",
            "description": 'Text by language code, e.g. {"en": "...", "fr": "..."}.',
            "additionalProperties": STRING,
        },
        "SeriesRef": obj({"slug": STRING, "acronym": STRING, "name": I18N}),
        "Series": obj(
            {
                "slug": STRING,
                "acronym": STRING,
                "name": I18N,
                "kind": {"type": "string", "enum": list(SERIES_KINDS)},
                "description": I18N,
                "url": {"type": "string", "format": "uri"},
            }
        ),
        "SeriesList": obj({"items": {"type": "array", "items": ref("Series")}}),
        "MeetingSummary": obj(_meeting_summary_properties()),
        "MeetingPage": _page_of("MeetingSummary"),
        "Meeting": _meeting_detail(),
        "Room": obj({"name": STRING, "capacity": nullable("integer")}),
        "OrganisationRef": obj(
            {
                "id": {"type": "integer", "description": "The directory's number."},
                "name": I18N,
            }
        ),
        "Person": obj(
            {
                "name": STRING,
                "affiliation": STRING,
                "role": {"type": "string", "enum": list(PERSON_ROLES)},
            }
        ),
        "Session": obj(
            {
                "id": {"type": "integer"},
                "title": I18N,
                "kind": {"type": "string", "enum": list(SESSION_KINDS)},
                "status": {"type": "string", "enum": list(SESSION_STATUSES)},
                "starts_at": DATETIME,
                "ends_at": DATETIME,
                "timezone": STRING,
                "room": nullable("string"),
                "description": I18N,
                "people": {"type": "array", "items": ref("Person")},
                "organisers": {
                    "type": "array",
                    "items": STRING,
                    "description": "The organisations that organise a side event "
                    "(empty for the meeting's own sessions).",
                },
                "organisations": {
                    "type": "array",
                    "items": ref("OrganisationRef"),
                    "description": "The directory's organisations linked to a side "
                    "event's organisers (matched on acceptance or linked by the "
                    "secretariat; empty when none is). `organisers` stays what the "
                    "agenda shows.",
                },
            }
        ),
        "Category": obj(
            {
                "key": STRING,
                "name": I18N,
                "registration_state": WINDOW_STATE,
                "access": {
                    "type": "string",
                    "enum": list(ACCESS_MODES),
                    "description": "invitation: the API and the public form refuse "
                    "registrations in this category.",
                },
                "requires_approval": {"type": "boolean"},
                "opens_at": nullable("string", format="date-time"),
                "closes_at": nullable("string", format="date-time"),
            }
        ),
        "Choice": obj(
            {
                "key": STRING,
                "label": I18N,
                "retired": {"type": "boolean"},
            }
        ),
        "Question": obj(
            {
                "id": {"type": "integer"},
                "label": I18N,
                "kind": {"type": "string", "enum": list(questions.KINDS)},
                "choices": {"type": "array", "items": ref("Choice")},
                "required": {"type": "boolean"},
                "asked_of_members": {"type": "boolean"},
                "category": nullable("string"),
            }
        ),
        "OutcomeVersion": obj(
            {
                "number": {"type": "integer", "minimum": 1},
                "language": STRING,
                "title": STRING,
                "published_at": DATETIME,
                "pdf_url": {"type": "string", "format": "uri"},
            }
        ),
        "OutcomeDocument": obj(
            {
                "slug": STRING,
                "meeting": {
                    "type": "string",
                    "description": "Slug of the meeting it belongs to.",
                },
                "title": I18N,
                "kind": {"type": "string", "enum": list(DOCUMENT_KINDS)},
                "language": STRING,
                "url": {"type": "string", "format": "uri"},
                "pdf_url": {
                    "type": "string",
                    "format": "uri",
                    "description": "PDF of the latest version.",
                },
                "versions": {"type": "array", "items": ref("OutcomeVersion")},
            }
        ),
        "OutcomeList": obj(
            {"items": {"type": "array", "items": ref("OutcomeDocument")}}
        ),
        "MeetingFile": obj(
            {
                "language": STRING,
                "version": {"type": "integer", "minimum": 1},
                "filename": STRING,
                "media_type": STRING,
                "size": {"type": "integer", "minimum": 0},
                "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                "url": {"type": "string", "format": "uri"},
            }
        ),
        "MeetingDocument": obj(
            {
                "id": {"type": "integer"},
                "meeting": {
                    "type": "string",
                    "description": "Slug of the meeting it belongs to.",
                },
                "kind": {"type": "string", "enum": list(MEETING_DOCUMENT_KINDS)},
                "symbol": nullable("string"),
                "title": I18N,
                "session": nullable("integer", description="Agenda session id."),
                "published_at": nullable("string", format="date-time"),
                "files": {
                    "type": "array",
                    "items": ref("MeetingFile"),
                    "description": "The current file in each language.",
                },
            }
        ),
        "MeetingDocumentList": obj(
            {"items": {"type": "array", "items": ref("MeetingDocument")}}
        ),
        "AgendaRelease": obj(
            {
                "number": {"type": "integer", "minimum": 1},
                "label": STRING,
                "note": STRING,
                "released_at": {"type": "string", "format": "date-time"},
                "url": {"type": "string", "format": "uri"},
                "pdf_url": {"type": "string", "format": "uri"},
                "sessions": {"type": "array", "items": ref("Session")},
            }
        ),
        "Speaker": obj(
            {
                "position": {"type": "integer", "minimum": 1},
                "speaking_for": {
                    "type": "string",
                    "description": "The State or organisation the speaker speaks for.",
                },
                "on_behalf_of_group": nullable(
                    "string", description="A group statement: the group's name."
                ),
                "level": {"type": "string", "enum": list(SPEAKER_LEVELS)},
                "name": nullable(
                    "string",
                    description="Only where the speaker agreed to the public list.",
                ),
                "time_limit": nullable("integer", description="Seconds."),
                "spoken": {"type": "boolean"},
            }
        ),
        "SpeakersList": obj(
            {
                "session": {"type": "integer", "description": "Agenda session id."},
                "published_at": nullable(
                    "string",
                    format="date-time",
                    description="Null: not published yet, and the list is empty.",
                ),
                "speaking_time": nullable(
                    "integer", description="Seconds per speaker."
                ),
                "items": {
                    "type": "array",
                    "items": ref("Speaker"),
                    "description": "In the order of the floor: who has spoken first.",
                },
            }
        ),
        "AgendaReleaseList": obj(
            {
                "agenda_visibility": {"type": "string", "enum": ["always", "released"]},
                "items": {
                    "type": "array",
                    "items": ref("AgendaRelease"),
                    "description": "Newest first.",
                },
            }
        ),
        "RegistrationInput": schemas.REGISTRATION_INPUT,
        "RegistrationCreated": obj(
            {
                "meeting": STRING,
                "category": STRING,
                "status": {
                    "type": "string",
                    "enum": ["pending", "waitlisted", "confirmed"],
                },
                "waitlist_position": nullable("integer", minimum=1),
            }
        ),
        "Registration": _registration(),
        "RegistrationPage": _page_of("Registration"),
        "DecisionInput": schemas.DECISION_INPUT,
        "Invitation": _invitation(),
        "InvitationPage": _page_of("Invitation"),
        "InvitationInput": schemas.INVITATION_INPUT,
        "InvitationImport": _invitation_import(),
        "InvitationImportInput": schemas.INVITATION_IMPORT_INPUT,
        **_checkin_schemas(),
    }


def _checkin_schemas() -> dict:
    entry = obj(
        {
            "code_sha256": {
                "type": "string",
                "pattern": "^[0-9a-f]{64}$",
                "description": "SHA-256 (hex) of the check-in code on the badge.",
            },
            "name": {**STRING, "description": "Title Given FAMILY."},
            "represents": STRING,
            "category": STRING,
            "attendance": {"type": "string", "enum": list(ATTENDANCE)},
        }
    )
    result = {
        "type": "object",
        "additionalProperties": False,
        "required": ["nonce", "status"],
        "properties": {
            "nonce": STRING,
            "status": {
                "type": "string",
                "enum": [
                    "checked_in",
                    "already_checked_in",
                    "not_confirmed",
                    "refused",
                ],
            },
            "replayed": {
                "type": "boolean",
                "description": "This nonce was recorded before: the same answer again.",
            },
            "name": STRING,
            "category": STRING,
            "day": {"type": "string", "format": "date"},
            "checked_in_at": DATETIME,
            "message": STRING,
            "reason": {
                "type": "string",
                "enum": [
                    "unknown_code",
                    "unknown_device",
                    "invalid_time",
                    "outside_dates",
                    "nonce_reused",
                ],
            },
            "registration_status": {
                "type": "string",
                "enum": list(REGISTRATION_STATUSES),
            },
        },
    }
    return {
        "CheckinDeviceInput": schemas.DEVICE_INPUT,
        "CheckinDevice": obj({"device": STRING, "label": STRING}),
        "CheckinManifest": obj(
            {
                "meeting": STRING,
                "first_day": {"type": "string", "format": "date"},
                "last_day": {"type": "string", "format": "date"},
                "items": {"type": "array", "items": entry},
            },
            description="Per confirmed registration only what the door needs offline.",
        ),
        "CheckinBatch": schemas.CHECKIN_BATCH,
        "CheckinResults": obj(
            {
                "results": {"type": "array", "items": result},
                "checked_in": {"type": "integer", "minimum": 0},
                "duplicates": {"type": "integer", "minimum": 0},
            }
        ),
    }


def _invitation() -> dict:
    when = nullable("string", format="date-time")
    return obj(
        {
            "id": {"type": "integer"},
            "meeting": STRING,
            "category": STRING,
            "email": STRING,
            "title": STRING,
            "given_name": STRING,
            "family_name": STRING,
            "represents": STRING,
            "language": STRING,
            "bound": {"type": "boolean"},
            "status": {"type": "string", "enum": list(INVITATION_STATUSES)},
            "expires_at": when,
            "sent_at": when,
            "answered_at": when,
            "used_by_email": STRING,
            "registered": {"type": "boolean"},
        }
    )


def _invitation_import() -> dict:
    when = nullable("string", format="date-time")
    count = {"type": "integer", "minimum": 0}
    line = {"type": "integer", "minimum": 1}
    refused = obj(
        {"line": line, "fields": {"type": "object", "additionalProperties": STRING}}
    )
    duplicate = obj({"line": line, "value": STRING})
    return obj(
        {
            "id": {"type": "integer"},
            "meeting": STRING,
            "status": {"type": "string", "enum": list(IMPORT_STATUSES)},
            "rows": count,
            "good": count,
            "duplicates": count,
            "invalid": count,
            "created": count,
            "errors": {"type": "array", "items": refused},
            "duplicate_rows": {"type": "array", "items": duplicate},
            "created_at": DATETIME,
            "finished_at": when,
        },
        description="An import of invitations: previewed (nothing stored yet), "
        "then confirmed (the good rows stored), cancelled or expired.",
    )


def _registration() -> dict:
    return obj(
        {
            "id": {"type": "integer"},
            "meeting": STRING,
            "category": STRING,
            "status": {"type": "string", "enum": list(REGISTRATION_STATUSES)},
            "title": STRING,
            "given_name": STRING,
            "family_name": STRING,
            "display_name": STRING,
            "email": STRING,
            "organisation": STRING,
            "represents": STRING,
            "nationality": STRING,
            "country": STRING,
            "position": STRING,
            "attendance": {"type": "string", "enum": list(ATTENDANCE)},
            "delegation": nullable("string"),
            "function": {"type": ["string", "null"], "enum": [*FUNCTIONS, None]},
            "needs": STRING,
            "consent_to_list": {"type": "boolean"},
            "language": STRING,
            "decision_note": STRING,
            "created_at": DATETIME,
            "status_changed_at": DATETIME,
            "answers": {"type": "object", "additionalProperties": STRING},
        }
    )


def _problem(description: str, headers: dict | None = None) -> dict:
    response = {
        "description": description,
        "content": {"application/problem+json": {"schema": ref("Problem")}},
    }
    if headers:
        response["headers"] = headers
    return response


def _responses() -> dict:
    auth_header = {
        "WWW-Authenticate": {
            "schema": STRING,
            "required": True,
            "description": "Bearer challenge.",
        }
    }
    return {
        "BadRequest": _problem(
            "Malformed request: unknown or invalid query parameter, bad JSON."
        ),
        "Unauthorized": _problem(
            "No bearer token, or an invalid or revoked one.", auth_header
        ),
        "Forbidden": _problem("The token's user does not manage this meeting."),
        "NotFound": _problem(
            "No such meeting (drafts are not public) or registration."
        ),
        "Conflict": _problem(
            "Not possible in the current state: closed, full, duplicate."
        ),
        "TooLarge": _problem("The body is too large."),
        "UnsupportedMediaType": _problem("The body is not sent as application/json."),
        "Unprocessable": _problem(
            "The JSON does not match the schema or breaks a rule."
        ),
        "TooManyRequests": _problem("Rate limit reached; try again later."),
        "NotModified": {
            "description": "Unchanged since the ETag given in If-None-Match."
        },
    }


def _parameters() -> dict:
    return {
        "slug": {
            "name": "slug",
            "in": "path",
            "required": True,
            "schema": {"type": "string", "pattern": SLUG_PATTERN},
            "example": "csc-2027",
        },
        "page": {
            "name": "page",
            "in": "query",
            "schema": {
                "type": "integer",
                "minimum": 1,
                "maximum": MAX_PAGE,
                "default": 1,
            },
        },
        "per_page": {
            "name": "per_page",
            "in": "query",
            "schema": {
                "type": "integer",
                "minimum": 1,
                "maximum": MAX_PER_PAGE,
                "default": DEFAULT_PER_PAGE,
            },
        },
        "IfNoneMatch": {
            "name": "If-None-Match",
            "in": "header",
            "description": "An ETag from an earlier response: 304 if unchanged.",
            "schema": STRING,
        },
    }


def _param(name: str) -> dict:
    return {"$ref": f"#/components/parameters/{name}"}


def _response(name: str) -> dict:
    return {"$ref": f"#/components/responses/{name}"}


def _ok(schema: dict, *, cors: bool, media: str = "application/json") -> dict:
    headers = {"ETag": {"schema": STRING, "required": True}}
    if cors:
        headers["Access-Control-Allow-Origin"] = {
            "schema": {"const": "*"},
            "required": True,
        }
    return {
        "description": "OK",
        "headers": headers,
        "content": {media: {"schema": schema}},
    }


def _public_get(
    summary: str, schema: str, *, params=(), errors=(), tag="public"
) -> dict:
    responses = {
        "200": _ok(ref(schema), cors=True),
        "304": _response("NotModified"),
        "400": _response("BadRequest"),
    }
    responses.update({code: _response(name) for code, name in errors})
    return {
        "get": {
            "operationId": summary[0],
            "summary": summary[1],
            "tags": [tag],
            "parameters": [*params, _param("IfNoneMatch")],
            "responses": responses,
        }
    }


def _query(name: str, schema: dict, description: str) -> dict:
    return {"name": name, "in": "query", "schema": schema, "description": description}


def _paths() -> dict:
    meetings_params = [
        _query("series", {"type": "string", "pattern": SLUG_PATTERN}, "Series slug."),
        _query(
            "from",
            {"type": "string", "format": "date"},
            "Meetings ending on or after this day (UTC).",
        ),
        _query(
            "to",
            {"type": "string", "format": "date"},
            "Meetings starting on or before this day (UTC).",
        ),
        _query(
            "status",
            {"type": "string", "enum": ["published", "cancelled"]},
            "Only this status.",
        ),
        _param("page"),
        _param("per_page"),
    ]
    slug = [_param("slug")]
    return {
        f"{PREFIX}/meetings": _public_get(
            ("listMeetings", "Public meetings, oldest first (starts_at, then id)"),
            "MeetingPage",
            params=meetings_params,
        ),
        f"{PREFIX}/meetings/{{slug}}": _public_get(
            (
                "getMeeting",
                "One meeting with its rooms, sessions, people and categories",
            ),
            "Meeting",
            params=slug,
            errors=[("404", "NotFound")],
        ),
        f"{PREFIX}/meetings/{{slug}}/outcomes": _public_get(
            ("listOutcomes", "Published outcome documents of (or covering) a meeting"),
            "OutcomeList",
            params=slug,
            errors=[("404", "NotFound")],
        ),
        f"{PREFIX}/meetings/{{slug}}/documents": _public_get(
            ("listDocuments", "Public documents of a meeting, by kind"),
            "MeetingDocumentList",
            params=slug,
            errors=[("404", "NotFound")],
        ),
        f"{PREFIX}/meetings/{{slug}}/agenda/releases": _public_get(
            ("listAgendaReleases", "Releases of a meeting's agenda, newest first"),
            "AgendaReleaseList",
            params=slug,
            errors=[("404", "NotFound")],
        ),
        f"{PREFIX}/meetings/{{slug}}/sessions/{{session_id}}/speakers": _public_get(
            ("getSpeakers", "The published list of speakers of a plenary session"),
            "SpeakersList",
            params=[*slug, _session_id()],
            errors=[("404", "NotFound")],
        ),
        f"{PREFIX}/series": _public_get(("listSeries", "All series"), "SeriesList"),
        f"{PREFIX}/meetings/{{slug}}/registrations": _registrations_path(),
        f"{PREFIX}/meetings/{{slug}}/registrations/{{registration_id}}": _decision_path(),
        f"{PREFIX}/meetings/{{slug}}/invitations": _invitations_path(),
        **_imports_paths(),
        f"{PREFIX}/meetings/{{slug}}/checkin-manifest": _manifest_path(),
        f"{PREFIX}/meetings/{{slug}}/checkin-devices": _checkin_write_path(
            "issueCheckinDevice",
            "Issue a device id for the door (managers, door staff)",
            "CheckinDeviceInput",
            "CheckinDevice",
            "201",
        ),
        f"{PREFIX}/meetings/{{slug}}/checkins": _checkin_write_path(
            "recordCheckins",
            "Record a batch of scans, idempotent by nonce (managers, door staff)",
            "CheckinBatch",
            "CheckinResults",
            "200",
        ),
        f"{PREFIX}/openapi.json": _meta_path(
            "getOpenApi",
            "This OpenAPI document",
            "application/json",
            {"type": "object"},
        ),
        f"{PREFIX}/docs": _meta_path(
            "getDocs",
            "This description as a web page",
            "text/html",
            {"type": "string"},
            params=[
                _query(
                    "lang",
                    {"type": "string", "enum": list(schemas.LANGUAGES)},
                    "Page language.",
                )
            ],
        ),
    }


def _meta_path(
    operation_id: str, summary: str, media: str, schema: dict, params=()
) -> dict:
    return {
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "tags": ["meta"],
            "parameters": [*params, _param("IfNoneMatch")],
            "responses": {
                "200": _ok(schema, cors=media == "application/json", media=media),
                "304": _response("NotModified"),
                "400": _response("BadRequest"),
            },
        }
    }


def _registrations_path() -> dict:
    write_errors = {
        "400": _response("BadRequest"),
        "403": _response("Forbidden"),  # a category by invitation only
        "404": _response("NotFound"),
        "409": _response("Conflict"),
        "413": _response("TooLarge"),
        "415": _response("UnsupportedMediaType"),
        "422": _response("Unprocessable"),
        "429": _response("TooManyRequests"),
    }
    filters = [
        _query(
            "status",
            {"type": "string", "enum": list(REGISTRATION_STATUSES)},
            "Only this status.",
        ),
        _query(
            "category",
            {"type": "string", "pattern": KEY_PATTERN},
            "Only this category key.",
        ),
        _query(
            "order",
            {"type": "string", "enum": ["created", "list"], "default": "created"},
            "created: in order of registration; list: the list of participants' order"
            " (category, State or organisation by its name in `language`, function,"
            " family name).",
        ),
        _query(
            "language",
            {"type": "string", "enum": list(schemas.LANGUAGES)},
            "Language whose alphabetical order and UN State names order=list uses;"
            " default: the meeting's main language.",
        ),
        _param("page"),
        _param("per_page"),
    ]
    return {
        "post": {
            "operationId": "createRegistration",
            "summary": "Register for a meeting (same rules, limits and emails as the form)",
            "description": "No authentication. Not available to browsers of other sites (no CORS).",
            "tags": ["public"],
            "parameters": [_param("slug")],
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": ref("RegistrationInput")}},
            },
            "responses": {
                "201": {
                    "description": "Registered; the confirmation email is on its way.",
                    "content": {
                        "application/json": {"schema": ref("RegistrationCreated")}
                    },
                },
                **write_errors,
            },
        },
        "get": {
            "operationId": "listRegistrations",
            "summary": "Registrations of a meeting, in arrival order (managers)",
            "tags": ["managers"],
            "security": [{"bearerAuth": []}],
            "parameters": [_param("slug"), *filters, _param("IfNoneMatch")],
            "responses": {
                "200": _ok(ref("RegistrationPage"), cors=False),
                "304": _response("NotModified"),
                "400": _response("BadRequest"),
                "401": _response("Unauthorized"),
                "403": _response("Forbidden"),
                "404": _response("NotFound"),
            },
        },
    }


def _invitations_path() -> dict:
    managers = {"tags": ["managers"], "security": [{"bearerAuth": []}]}
    errors = {
        code: _response(name)
        for code, name in [
            ("400", "BadRequest"),
            ("401", "Unauthorized"),
            ("403", "Forbidden"),
            ("404", "NotFound"),
        ]
    }
    filters = [
        _query(
            "status",
            {"type": "string", "enum": list(INVITATION_STATUSES)},
            "Only this status.",
        ),
        _query(
            "category",
            {"type": "string", "pattern": KEY_PATTERN},
            "Only this category key.",
        ),
        _param("page"),
        _param("per_page"),
    ]
    return {
        "get": {
            "operationId": "listInvitations",
            "summary": "Invitations of individuals to a meeting, oldest first (managers)",
            **managers,
            "parameters": [_param("slug"), *filters, _param("IfNoneMatch")],
            "responses": {
                "200": _ok(ref("InvitationPage"), cors=False),
                "304": _response("NotModified"),
                **errors,
            },
        },
        "post": {
            "operationId": "createInvitation",
            "summary": "Invite one person (a draft, or sent at once) (managers)",
            **managers,
            "parameters": [_param("slug")],
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": ref("InvitationInput")}},
            },
            "responses": {
                "201": {
                    "description": "The invitation; its link goes only by email.",
                    "content": {"application/json": {"schema": ref("Invitation")}},
                },
                **errors,
                "409": _response("Conflict"),
                "413": _response("TooLarge"),
                "415": _response("UnsupportedMediaType"),
                "422": _response("Unprocessable"),
            },
        },
    }


def _imports_paths() -> dict:
    managers = {"tags": ["managers"], "security": [{"bearerAuth": []}]}
    import_id = {
        "name": "import_id",
        "in": "path",
        "required": True,
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
    }
    errors = {
        code: _response(name)
        for code, name in [
            ("400", "BadRequest"),
            ("401", "Unauthorized"),
            ("403", "Forbidden"),
            ("404", "NotFound"),
        ]
    }
    status = {"application/json": {"schema": ref("InvitationImport")}}
    base = f"{PREFIX}/meetings/{{slug}}/invitations/imports"

    def act(operation: str, summary: str) -> dict:
        return {
            "post": {
                "operationId": operation,
                "summary": summary,
                **managers,
                "parameters": [_param("slug"), import_id],
                "responses": {
                    "200": {"description": "The import now.", "content": status},
                    **errors,
                    "409": _response("Conflict"),
                },
            }
        }

    return {
        base: {
            "post": {
                "operationId": "createInvitationImport",
                "summary": "Preview an import of invitations and focal points: "
                "counts and refused rows; nothing is stored (managers)",
                **managers,
                "parameters": [_param("slug")],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": ref("InvitationImportInput")}
                    },
                },
                "responses": {
                    "201": {"description": "The previewed import.", "content": status},
                    **errors,
                    "413": _response("TooLarge"),
                    "415": _response("UnsupportedMediaType"),
                    "422": _response("Unprocessable"),
                },
            }
        },
        f"{base}/{{import_id}}": {
            "get": {
                "operationId": "getInvitationImport",
                "summary": "An import's status, counts and refused rows (managers)",
                **managers,
                "parameters": [_param("slug"), import_id, _param("IfNoneMatch")],
                "responses": {
                    "200": _ok(ref("InvitationImport"), cors=False),
                    "304": _response("NotModified"),
                    **errors,
                },
            }
        },
        f"{base}/{{import_id}}/confirm": act(
            "confirmInvitationImport",
            "Store the good rows of a previewed import (managers)",
        ),
        f"{base}/{{import_id}}/cancel": act(
            "cancelInvitationImport", "Drop a previewed import (managers)"
        ),
    }


def _session_id() -> dict:
    return {
        "name": "session_id",
        "in": "path",
        "required": True,
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
    }


def _decision_path() -> dict:
    registration_id = {
        "name": "registration_id",
        "in": "path",
        "required": True,
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
    }
    return {
        "patch": {
            "operationId": "decideRegistration",
            "summary": "Confirm, reject, waitlist or cancel a registration (managers)",
            "tags": ["managers"],
            "security": [{"bearerAuth": []}],
            "parameters": [_param("slug"), registration_id],
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": ref("DecisionInput")}},
            },
            "responses": {
                "200": {
                    "description": "The registration after the change.",
                    "content": {"application/json": {"schema": ref("Registration")}},
                },
                **{
                    code: _response(name)
                    for code, name in [
                        ("400", "BadRequest"),
                        ("401", "Unauthorized"),
                        ("403", "Forbidden"),
                        ("404", "NotFound"),
                        ("409", "Conflict"),
                        ("413", "TooLarge"),
                        ("415", "UnsupportedMediaType"),
                        ("422", "Unprocessable"),
                    ]
                },
            },
        }
    }


CHECKIN_AUTH = [{"bearerAuth": []}, {"sessionAuth": []}]


def _manifest_path() -> dict:
    language = _query(
        "language",
        {"type": "string", "enum": list(schemas.LANGUAGES)},
        "Language of the category names and State names.",
    )
    return {
        "get": {
            "operationId": "getCheckinManifest",
            "summary": "What a door device keeps offline (managers, door staff)",
            "tags": ["check-in"],
            "security": CHECKIN_AUTH,
            "parameters": [_param("slug"), language, _param("IfNoneMatch")],
            "responses": {
                "200": _ok(ref("CheckinManifest"), cors=False),
                "304": _response("NotModified"),
                **{
                    code: _response(name)
                    for code, name in [
                        ("400", "BadRequest"),
                        ("401", "Unauthorized"),
                        ("403", "Forbidden"),
                        ("404", "NotFound"),
                    ]
                },
            },
        }
    }


def _checkin_write_path(
    operation_id: str, summary: str, body: str, answer: str, status: str
) -> dict:
    return {
        "post": {
            "operationId": operation_id,
            "summary": summary,
            "description": (
                "A bearer token, or the check-in page's signed-in session with its"
                " CSRF token in the X-CSRFToken header."
            ),
            "tags": ["check-in"],
            "security": CHECKIN_AUTH,
            "parameters": [_param("slug")],
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": ref(body)}},
            },
            "responses": {
                status: {
                    "description": "OK",
                    "content": {"application/json": {"schema": ref(answer)}},
                },
                **{
                    code: _response(name)
                    for code, name in [
                        ("400", "BadRequest"),
                        ("401", "Unauthorized"),
                        ("403", "Forbidden"),
                        ("404", "NotFound"),
                        ("413", "TooLarge"),
                        ("415", "UnsupportedMediaType"),
                        ("422", "Unprocessable"),
                    ]
                },
            },
        }
    }


def build_spec() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "eventsys API",
            "version": "1.0.0",
            "description": (
                "Meetings, agendas and outcomes of migration dialogues, and registration. "
                "Times are ISO 8601 in the meeting's time zone with its offset, plus the "
                "IANA zone name. Errors are RFC 9457 problem details. GET responses carry "
                "an ETag; send it back in If-None-Match to get 304. Public read endpoints "
                "allow cross-origin requests (CORS); write and manager endpoints do not. "
                "Managers create personal tokens on their account page."
            ),
        },
        "tags": [
            {"name": "public", "description": "No authentication."},
            {
                "name": "managers",
                "description": "Bearer token of a meeting manager or an admin.",
            },
            {
                "name": "check-in",
                "description": "The door: a bearer token, or the check-in page's session.",
            },
            {"name": "meta", "description": "This description."},
        ],
        "paths": _paths(),
        "components": {
            "schemas": _component_schemas(),
            "parameters": _parameters(),
            "responses": _responses(),
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A personal API token from the account page.",
                },
                "sessionAuth": {
                    "type": "apiKey",
                    "in": "cookie",
                    "name": "session",
                    "description": "The signed-in session of the check-in page;"
                    " writes also send the page's CSRF token in X-CSRFToken.",
                },
            },
        },
    }
