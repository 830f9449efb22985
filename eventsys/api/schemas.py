"""JSON Schemas of request bodies: checked by http.schema_problems (jsonschema),
published in the OpenAPI document."""

from eventsys.api.http import KEY_PATTERN
from eventsys.registration.models import ATTENDANCE
from eventsys.text import JSON_MULTILINE
from eventsys.text import JSON_SINGLE_LINE

# No control characters (NUL breaks PostgreSQL text); multi-line text may
# keep tab, newline and carriage return. The rule is eventsys.text's.
LINE = JSON_SINGLE_LINE
MULTILINE = JSON_MULTILINE
COUNTRY = "^([A-Za-z]{2})?$"
LANGUAGES = ("en", "fr", "es")
DECISIONS = ("confirmed", "rejected", "waitlisted", "cancelled")


def text(max_length: int, *, multiline: bool = False, description: str = "") -> dict:
    schema = {
        "type": "string",
        "maxLength": max_length,
        "pattern": MULTILINE if multiline else LINE,
    }
    if description:
        schema["description"] = description
    return schema


ANSWER = {
    "anyOf": [
        text(4000, multiline=True),
        {"type": "boolean"},
        {"type": "array", "maxItems": 50, "items": text(500)},
    ]
}

REGISTRATION_INPUT = {
    "type": "object",
    "examples": [
        {
            "category": "civil_society",
            "title": "Ms",
            "given_name": "Amina",
            "family_name": "Diallo",
            "email": "amina.diallo@example.org",
            "organisation": "Migrant Forum in Asia",
            "country": "SN",
            "attendance": "online",
            "consent_to_list": True,
            "privacy_accepted": True,
            "answers": {"12": "vegetarian"},
        }
    ],
    "additionalProperties": False,
    "required": [
        "category",
        "given_name",
        "family_name",
        "email",
        "country",
        "privacy_accepted",
    ],
    "properties": {
        "category": {
            "type": "string",
            "pattern": KEY_PATTERN,
            "description": "Key of one of the meeting's categories.",
        },
        "title": text(40, description="e.g. Ms, Mr, Dr, H.E."),
        "given_name": text(100),
        "family_name": text(100),
        "email": {"type": "string", "format": "email", "maxLength": 254},
        "organisation": text(200),
        "represents": text(200, description="The State or organisation represented."),
        "nationality": {
            "type": "string",
            "pattern": COUNTRY,
            "description": "ISO 3166 alpha-2.",
        },
        "country": {
            "type": "string",
            "pattern": COUNTRY,
            "description": "ISO 3166 alpha-2.",
        },
        "position": text(200),
        "attendance": {"type": "string", "enum": list(ATTENDANCE)},
        "needs": text(
            2000, multiline=True, description="Accessibility or other needs."
        ),
        "consent_to_list": {"type": "boolean"},
        "privacy_accepted": {
            "type": "boolean",
            "description": "Must be true to register.",
        },
        "language": {
            "type": "string",
            "enum": list(LANGUAGES),
            "description": "Language of the emails; default: the meeting's main language.",
        },
        "answers": {
            "type": "object",
            "maxProperties": 100,
            "propertyNames": {"type": "string", "pattern": "^[0-9]{1,9}$"},
            "additionalProperties": ANSWER,
            "description": (
                "Answers to the meeting's questions, by question id; a choice is"
                " given by its key, several choices as a list of keys."
            ),
        },
    },
}

DECISION_INPUT = {
    "type": "object",
    "examples": [
        {"status": "rejected", "message": "The meeting is for civil society only."}
    ],
    "additionalProperties": False,
    "required": ["status"],
    "properties": {
        "status": {"type": "string", "enum": list(DECISIONS)},
        "message": text(
            2000,
            multiline=True,
            description="Sent to the participant; used only when rejecting.",
        ),
    },
}

INVITATION_INPUT = {
    "type": "object",
    "examples": [
        {
            "email": "amina.diallo@example.org",
            "category": "expert",
            "given_name": "Amina",
            "family_name": "Diallo",
            "represents": "Senegal",
            "language": "fr",
            "bound": True,
            "send": True,
        }
    ],
    "additionalProperties": False,
    "required": ["email", "category"],
    "properties": {
        "email": {"type": "string", "format": "email", "maxLength": 254},
        "category": {
            "type": "string",
            "pattern": KEY_PATTERN,
            "description": "Key of one of the meeting's categories.",
        },
        "title": text(40),
        "given_name": text(100),
        "family_name": text(100),
        "represents": text(200, description="The State or organisation; locked."),
        "language": {"type": "string", "enum": list(LANGUAGES)},
        "bound": {
            "type": "boolean",
            "description": "Only this address may register (default true).",
        },
        "send": {
            "type": "boolean",
            "description": "Email the invitation now (default: keep it a draft).",
        },
    },
}
