"""Plain factory functions: make_<thing>(**overrides) adds and flushes a row."""

import itertools
from datetime import UTC
from datetime import datetime
from datetime import timedelta

from eventsys import links
from eventsys.agenda.models import AgendaSession
from eventsys.agenda.models import SessionPerson
from eventsys.auth.models import User
from eventsys.auth.passwords import hash_password
from eventsys.extensions import db
from eventsys.meetings.models import Meeting
from eventsys.meetings.models import MeetingRole
from eventsys.meetings.models import Room
from eventsys.meetings.models import Series
from eventsys.registration.models import ParticipantCategory
from eventsys.registration.models import Registration
from eventsys.tokens import new_token

PASSWORD = "correct horse battery"
_counter = itertools.count(1)
_password_hash = None


def _n() -> int:
    return next(_counter)


def _add(obj):
    db.session.add(obj)
    db.session.flush()
    return obj


def make_user(**overrides) -> User:
    global _password_hash
    if _password_hash is None:
        _password_hash = hash_password(PASSWORD)  # hashing is slow: do it once
    n = _n()
    values = {
        "email": f"user{n}@example.org",
        "name": f"User {n}",
        "password_hash": _password_hash,
    }
    values.update(overrides)
    return _add(User(**values))


def make_series(**overrides) -> Series:
    n = _n()
    values = {
        "slug": f"series-{n}",
        "acronym": f"S{n}",
        "name": {"en": f"Series {n}"},
        "kind": "dialogue",
    }
    values.update(overrides)
    return _add(Series(**values))


def make_meeting(**overrides) -> Meeting:
    n = _n()
    starts = overrides.pop("starts_at", datetime(2027, 6, 1, 7, 0, tzinfo=UTC))
    values = {
        "slug": f"meeting-{n}",
        "title": {"en": f"Meeting {n}"},
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=9),
        "timezone": "Europe/Zurich",
        "city": "Geneva",
        "country": "CH",
        "status": "published",
        "languages": ["en"],
        "contact_email": "secretariat@example.org",
    }
    values.update(overrides)
    if "series" not in values and "series_id" not in values:
        values["series"] = make_series()
    return _add(Meeting(**values))


def make_role(user, meeting, role="manager") -> MeetingRole:
    return _add(MeetingRole(user=user, meeting=meeting, role=role))


def make_room(meeting, **overrides) -> Room:
    values = {"meeting": meeting, "name": f"Room {_n()}", "capacity": 100}
    values.update(overrides)
    return _add(Room(**values))


def make_session(meeting, **overrides) -> AgendaSession:
    starts = overrides.pop("starts_at", meeting.starts_at)
    values = {
        "meeting": meeting,
        "title": {"en": f"Session {_n()}"},
        "kind": "plenary",
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=1),
    }
    values.update(overrides)
    return _add(AgendaSession(**values))


def make_person(session, **overrides) -> SessionPerson:
    values = {
        "session": session,
        "name": f"Person {_n()}",
        "affiliation": "IOM",
        "role": "speaker",
    }
    values.update(overrides)
    return _add(SessionPerson(**values))


def make_category(meeting, **overrides) -> ParticipantCategory:
    n = _n()
    values = {
        "meeting": meeting,
        "key": f"cat{n}",
        "name": {"en": f"Category {n}"},
        "position": n,
    }
    values.update(overrides)
    return _add(ParticipantCategory(**values))


def choices(*labels, language="en") -> list[dict]:
    """Keyed choices of a RegistrationQuestion; each label is its own key."""
    return [{"key": t, "label": {language: t}, "retired": False} for t in labels]


def make_registration(meeting, **overrides) -> Registration:
    """A registration row as stored; does not claim seats (use the service for that)."""
    n = _n()
    values = {
        "meeting": meeting,
        "email": f"participant{n}@example.org",
        "given_name": f"Given{n}",
        "family_name": f"Family{n}",
        "status": "pending",
    }
    values.update(overrides)
    if "category" not in values and "category_id" not in values:
        values["category"] = make_category(meeting)
    registration = _add(Registration(**values))
    registration.plain_token = links.link_for(registration)  # its manage link
    return registration


def give_legacy_token(row) -> str:
    """A link as sent before HMAC links: a random token whose hash the row keeps."""
    token, digest = new_token()
    setattr(row, row.__link__.legacy_hash, digest)
    db.session.flush()
    return token
