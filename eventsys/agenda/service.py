"""Rules for agenda sessions and the people who speak, chair or moderate them."""

from contextlib import contextmanager
from datetime import datetime
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from eventsys.agenda import notices
from eventsys.agenda import signups
from eventsys.agenda.models import PERSON_ROLES
from eventsys.agenda.models import SESSION_KINDS
from eventsys.agenda.models import SESSION_LANGUAGES
from eventsys.agenda.models import AgendaSession
from eventsys.agenda.models import SessionPerson
from eventsys.agenda.queries import meeting_days_of
from eventsys.audit.service import record
from eventsys.auth.permissions import can_manage_meeting
from eventsys.auth.permissions import require
from eventsys.dates import local_to_utc
from eventsys.directory import matching
from eventsys.errors import Conflict
from eventsys.errors import InvalidInput
from eventsys.extensions import db
from eventsys.lookup import get_of_meeting
from eventsys.meetings.models import Meeting
from eventsys.meetings.models import Room
from eventsys.models import utcnow
from eventsys.registration.models import GENDERS
from eventsys.text import check_texts

SESSION_FIELDS = ("title", "kind", "starts_at", "ends_at", "room_id", "description")
# Settings of a session that are not part of its calendar event.
SETTING_FIELDS = (
    "floor_language",
    "interpretation",
    "takes_signups",
    "signup_capacity",
    "has_speakers_list",
    "speaking_time",
    "speakers_per_delegation",
)
LANGUAGES = ("en", "fr", "es")
MAX_PEOPLE = 60


def get_session(meeting: Meeting, session_id: int) -> AgendaSession:
    """A session of this meeting.

    Raises: NotFound (also for another meeting's session).
    """
    return get_of_meeting(
        AgendaSession, session_id, meeting, _("No such session at this meeting.")
    )


def create_session(
    meeting: Meeting, *, actor, data: dict[str, Any], now=None
) -> AgendaSession:
    """Add a session (with its people) to the agenda.

    Raises: PermissionDenied, InvalidInput, NotFound (room of another meeting).
    """
    require(can_manage_meeting(actor, meeting))
    values, people = _clean(meeting, data)
    session = AgendaSession(meeting=meeting, status="scheduled", sequence=0,
                            position=_next_position(meeting, values["starts_at"]),
                            updated_at=now or utcnow(), **values)  # fmt: skip
    session.people = _people_rows(people)
    for name, value in _settings(data, errors_for=None).items():
        setattr(session, name, value)
    with _watching_days(meeting, now):
        db.session.add(session)
    record("session.create", actor=actor, obj=session, meeting=meeting,
           after={**values, "people": _for_audit(people)}, now=now)  # fmt: skip
    return session


def _people_rows(people: list[dict]) -> list[SessionPerson]:
    """The session's people, each linked to the directory organisation its
    affiliation names (when exactly one does)."""
    return [
        SessionPerson(
            **p, organisation_id=matching.organisation_id_for(p.get("affiliation", ""))
        )
        for p in people
    ]


def update_session(
    session: AgendaSession, *, actor, data: dict[str, Any], now=None
) -> dict:
    """Apply the changed fields and people; returns what changed.

    Raises: PermissionDenied, InvalidInput, NotFound (room of another meeting).
    """
    meeting = session.meeting
    require(can_manage_meeting(actor, meeting))
    values, people = _clean(meeting, data, current=session)
    before, after = {}, {}
    with _watching_days(meeting, now):
        for name in SESSION_FIELDS:
            if getattr(session, name) != values[name]:
                before[name], after[name] = getattr(session, name), values[name]
                setattr(session, name, values[name])
    for name, value in _settings(data, errors_for=session).items():
        if getattr(session, name) != value:
            before[name], after[name] = getattr(session, name), value
            setattr(session, name, value)
    old_people = _people_data(session)
    if old_people != people:
        before["people"], after["people"] = _for_audit(old_people), _for_audit(people)
        session.people = _people_rows(people)
    if after:
        signups.promote(session, now=now or utcnow())  # more places, or a room
        _touch(session, now)
        record("session.update", actor=actor, obj=session, meeting=meeting,
               before=before, after=after, now=now)  # fmt: skip
    return after


@contextmanager
def _watching_days(meeting: Meeting, now):
    """The meeting's calendar entry shows each day's hours from the agenda
    (agenda/days.py): a change that moves them changes the meeting's event too.
    Participants hear of the edit in the next batched change email."""
    notices.ensure_baseline(meeting)  # what participants knew before this edit
    before = meeting_days_of([meeting])[meeting.id]
    yield
    db.session.flush()
    # With releases the public hours change at the next release, which raises it.
    if not meeting.uses_releases and meeting_days_of([meeting])[meeting.id] != before:
        meeting.bump_sequence(now or utcnow())
        db.session.flush()
    notices.session_edited(meeting, now=now or utcnow())


def _touch(session: AgendaSession, now) -> None:
    session.bump_sequence(now or utcnow())
    db.session.flush()


def _people_data(session: AgendaSession) -> list[dict]:
    return [
        {
            "name": p.name,
            "affiliation": p.affiliation,
            "role": p.role,
            "position": p.position,
            "gender": p.gender,
        }
        for p in session.people
    ]


def _for_audit(people: list[dict]) -> list[dict]:
    """People as the audit log keeps them: gender is for parity counts only."""
    return [{k: v for k, v in p.items() if k != "gender"} for p in people]


def set_session_status(session: AgendaSession, status: str, *, actor, now=None) -> None:
    """Cancel ("cancelled") or reinstate ("scheduled") a session.

    Raises: PermissionDenied, Conflict.
    """
    require(can_manage_meeting(actor, session.meeting))
    if status not in ("scheduled", "cancelled"):
        raise InvalidInput(_("Unknown status."))
    if session.status == status:
        raise Conflict(_("The session already has this status."))
    before = {"status": session.status}
    with _watching_days(session.meeting, now):
        session.status = status
    _touch(session, now)
    action = "session.cancel" if status == "cancelled" else "session.reinstate"
    record(action, actor=actor, obj=session, meeting=session.meeting,
           before=before, after={"status": status}, now=now)  # fmt: skip


def delete_session(session: AgendaSession, *, actor, now=None) -> None:
    """Remove a session and its people from the agenda.

    Raises: PermissionDenied.
    """
    meeting = session.meeting
    require(can_manage_meeting(actor, meeting))
    record("session.delete", actor=actor, obj=session, meeting=meeting,
           before={"title": session.title, "starts_at": session.starts_at}, now=now)  # fmt: skip
    with _watching_days(meeting, now):
        db.session.delete(session)


def move_session(session: AgendaSession, direction: str, *, actor, now=None) -> None:
    """Swap order with the neighbouring session that starts at the same time.

    Raises: PermissionDenied, Conflict (no such neighbour).
    """
    meeting = session.meeting
    require(can_manage_meeting(actor, meeting))
    group = _same_start(session)
    index = group.index(session)
    other_index = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other_index < len(group):
        raise Conflict(_("Sessions follow their start times; only sessions that "
                         "start at the same time can change order."))  # fmt: skip
    group[index], group[other_index] = group[other_index], group[index]
    for position, item in enumerate(group):
        if item.position != position:
            item.position = position
            _touch(item, now)
    record("session.reorder", actor=actor, obj=session, meeting=meeting,
           after={"direction": direction}, now=now)  # fmt: skip


def _same_start(session: AgendaSession) -> list[AgendaSession]:
    query = (
        sa.select(AgendaSession)
        .where(AgendaSession.meeting_id == session.meeting_id,
               AgendaSession.starts_at == session.starts_at)
        .order_by(AgendaSession.position, AgendaSession.id)
    )  # fmt: skip
    return list(db.session.scalars(query))


def _next_position(meeting: Meeting, starts_at) -> int:
    query = sa.select(sa.func.max(AgendaSession.position)).where(
        AgendaSession.meeting_id == meeting.id, AgendaSession.starts_at == starts_at
    )
    highest = db.session.scalar(query)
    return 0 if highest is None else highest + 1


# ---------------------------------------------------------------- validation


def _clean(meeting: Meeting, data: dict, current: AgendaSession | None = None):
    errors: dict[str, str] = {}
    values = {
        "title": _text_dict(data.get("title")),
        "kind": data.get("kind") or "plenary",
        "starts_at": _instant(data.get("starts_at"), meeting.timezone),
        "ends_at": _instant(data.get("ends_at"), meeting.timezone),
        "room_id": _room_id(meeting, data.get("room_id")),
        "description": _text_dict(data.get("description")),
    }
    if current is not None:  # keep translations the form did not show
        given = data.get("description")
        given = given if isinstance(given, dict) else {"en": given}
        kept = {k: v for k, v in (current.description or {}).items() if k not in given}
        values["description"] = {**kept, **values["description"]}
    _check_values(meeting, values, errors)
    people = _clean_people(data.get("people") or [], errors)
    if errors:
        raise InvalidInput(_("Please correct the session."), errors)
    return values, people


def _settings(data: dict, errors_for: AgendaSession | None) -> dict:
    """Languages, sign-up and speakers' list settings, checked; only those given."""
    values = {k: data[k] for k in SETTING_FIELDS if k in data}
    errors: dict[str, str] = {}
    if values.get("floor_language", "") not in ("", *SESSION_LANGUAGES):
        errors["floor_language"] = _("Choose a language from the list.")
    interpretation = values.get("interpretation", [])
    if not isinstance(interpretation, list) or not set(interpretation) <= set(
        SESSION_LANGUAGES
    ):
        errors["interpretation"] = _("Choose languages from the list.")
    else:
        values["interpretation"] = [c for c in SESSION_LANGUAGES if c in interpretation]
    for name, lowest in (("signup_capacity", 1), ("speaking_time", 1),
                         ("speakers_per_delegation", 1)):  # fmt: skip
        value = values.get(name)
        if value is not None and (not isinstance(value, int) or value < lowest):
            errors[name] = _("Give a whole number of at least %(n)s.", n=lowest)
    capacity = values.get("signup_capacity")
    if (errors_for is not None and isinstance(capacity, int)
            and capacity < errors_for.signups_taken):  # fmt: skip
        errors["signup_capacity"] = _(
            "%(n)s places are taken already: the capacity cannot be lower.",
            n=errors_for.signups_taken,
        )
    if errors:
        raise InvalidInput(_("Please correct the session."), errors)
    return values


def _check_values(meeting: Meeting, values: dict, errors: dict) -> None:
    if not values["title"].get(meeting.main_language):
        errors["title"] = _("Give the title in the meeting's main language.")
    if any(len(t) > 300 for t in values["title"].values()):
        errors["title"] = _("At most 300 characters.")
    if any(len(t) > 10000 for t in values["description"].values()):
        errors["description"] = _("At most 10000 characters.")
    check_texts(values, errors, multiline={"description"})
    if values["kind"] not in SESSION_KINDS:
        errors["kind"] = _("Choose a kind from the list.")
    starts, ends = values["starts_at"], values["ends_at"]
    if not isinstance(starts, datetime):
        errors["starts_at"] = _("Give the start time.")
    if not isinstance(ends, datetime):
        errors["ends_at"] = _("Give the end time.")
    elif isinstance(starts, datetime) and ends <= starts:
        errors["ends_at"] = _("The session must end after it starts.")


def _clean_people(rows: list[dict], errors: dict) -> list[dict]:
    people = []
    for row in rows:
        name = (row.get("name") or "").strip()
        affiliation = (row.get("affiliation") or "").strip()
        role = row.get("role") or "speaker"
        gender = row.get("gender") or None
        if gender is not None and gender not in GENDERS:
            errors["people"] = _("Choose a gender from the list, or none.")
        if not name:
            if affiliation:
                errors["people"] = _("Each person with an affiliation needs a name.")
            continue
        check_texts({"people": [name, affiliation]}, errors)
        if len(name) > 200 or len(affiliation) > 200:
            errors["people"] = _("Names and affiliations have at most 200 characters.")
        if role not in PERSON_ROLES:
            errors["people"] = _("Choose a role from the list for each person.")
        people.append({"name": name, "affiliation": affiliation, "role": role,
                       "position": len(people), "gender": gender})  # fmt: skip
    if len(people) > MAX_PEOPLE:
        errors["people"] = _("At most %(n)s people per session.", n=MAX_PEOPLE)
    return people


def _text_dict(value) -> dict[str, str]:
    if isinstance(value, str):
        value = {"en": value}
    if not isinstance(value, dict):
        return {}
    return {k: v.strip() for k, v in value.items()
            if k in LANGUAGES and isinstance(v, str) and v.strip()}  # fmt: skip


def _instant(value, zone: str):
    if isinstance(value, datetime) and value.tzinfo is None:
        return local_to_utc(value, zone)
    return value


def _room_id(meeting: Meeting, room_id) -> int | None:
    if room_id in (None, "", 0):
        return None
    return get_of_meeting(Room, room_id, meeting, _("No such room at this meeting.")).id


# ---------------------------------------------------------------- new edition


def _programme_settings(old: AgendaSession) -> dict:
    """What a session's programme set-up carries into a new edition: sign-up,
    the list of speakers' rules, languages, a side event's organisers. Not the
    places taken, the requests for the floor, nor the list's publication."""
    return {
        "takes_signups": old.takes_signups,
        "signup_capacity": old.signup_capacity,
        "has_speakers_list": old.has_speakers_list,
        "speaking_time": old.speaking_time,
        "speakers_per_delegation": old.speakers_per_delegation,
        "floor_language": old.floor_language,
        "interpretation": list(old.interpretation or []),
        "organisers": list(old.organisers or []),
        "organisations": list(old.organisations),
    }


def copy_agenda(
    source: Meeting, target: Meeting, room_map: dict, shift: timedelta
) -> None:
    """Copy every session and its people into another meeting, days shifted."""
    from eventsys.agenda.queries import agenda_sessions
    from eventsys.meetings.service import shift_local

    zone = source.timezone
    for old in db.session.scalars(agenda_sessions(source.id)):
        if old.status == "cancelled":
            continue
        new = AgendaSession(
            meeting=target,
            title=dict(old.title),
            kind=old.kind,
            starts_at=shift_local(old.starts_at, zone, shift),
            ends_at=shift_local(old.ends_at, zone, shift),
            room=room_map.get(old.room_id),
            description=dict(old.description or {}),
            status="scheduled",
            position=old.position,
            sequence=0,
            **_programme_settings(old),
        )
        # Gender stays behind: it was given for that meeting's panel only.
        new.people = [
            SessionPerson(
                name=p.name,
                affiliation=p.affiliation,
                role=p.role,
                position=p.position,
                organisation_id=p.organisation_id,
            )  # fmt: skip
            for p in old.people
        ]
        db.session.add(new)
    db.session.flush()
