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
TOKEN = "^[A-Za-z0-9_-]{1,64}$"

DEVICE_INPUT = {
    "type": "object",
    "examples": [{"label": "Door A, phone 2"}],
    "additionalProperties": False,
    "properties": {"label": text(100, description="What the door staff call it.")},
}

CHECKIN_SCAN = {
    "type": "object",
    "additionalProperties": False,
    "required": ["nonce", "code", "at", "device"],
    "properties": {
        "nonce": {
            "type": "string",
            "pattern": "^[A-Za-z0-9_-]{8,64}$",
            "description": "Random, one per scan: a resent scan is recorded once.",
        },
        "code": {
            "type": "string",
            "pattern": TOKEN,
            "description": "The check-in code read from the QR code.",
        },
        "at": text(
            40, description="When it was scanned: ISO 8601 with its UTC offset."
        ),
        "device": {
            "type": "string",
            "pattern": TOKEN,
            "description": "The device id the server issued (checkin-devices).",
        },
    },
}

CHECKIN_BATCH = {
    "type": "array",
    "minItems": 1,
    "maxItems": 500,
    "items": CHECKIN_SCAN,
    "examples": [
        [
            {
                "nonce": "3f9c2b1e8a7d4c60",
                "code": "hnbw9Y5ZmKAO13zkItIv3RDx",
                "at": "2027-06-01T09:12:00+02:00",
                "device": "k2VQ0bX1c9sYlR8mN4tP6wZa",
            }
        ]
    ],
}

IMPORT_ROW = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "kind": {
            "type": "string",
            "enum": ["", "person", "delegation", "focal_point"],
            "description": "delegation (or no category): invite a focal point.",
        },
        "email": text(254),
        "title": text(40),
        "given_name": text(100),
        "family_name": text(100),
        "represents": text(200),
        "category": text(40, description="Key of one of the meeting's categories."),
        "language": text(8),
        "bound": {"type": ["boolean", "string"], "maxLength": 5},
        "country": text(2, description="ISO 3166 alpha-2, for a delegation."),
    },
}

INVITATION_IMPORT_INPUT = {
    "type": "object",
    "examples": [
        {
            "rows": [
                {"email": "amina.diallo@example.org", "category": "expert"},
                {
                    "kind": "delegation",
                    "email": "focal.point@mission.example",
                    "represents": "Senegal",
                    "country": "SN",
                },
            ]
        }
    ],
    "additionalProperties": False,
    "required": ["rows"],
    "properties": {
        "rows": {
            "type": "array",
            "minItems": 1,
            "maxItems": 5000,
            "items": IMPORT_ROW,
            "description": "The rows of the file, with the columns of the CSV import.",
        }
    },
}
