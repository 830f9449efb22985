"""An agenda as plain data: what a release freezes and what change emails compare.

A snapshot is a JSON-able dict: the meeting's practical details (dates, times,
zone, venue, status) and its sessions (titles per language, kind, status,
start and end in UTC, room, description, people). `sessions_of` turns a
snapshot back into objects with the attribute names of AgendaSession, so the
agenda page, its PDF, the feeds and the API show a release as they show the
working agenda.
"""

from dataclasses import dataclass
from dataclasses import field
from datetime import datetime

from eventsys.agenda.models import AgendaSession
from eventsys.agenda.queries import agenda_sessions
from eventsys.extensions import db

MEETING_KEYS = ("starts_at", "ends_at", "timezone", "venue", "city", "status")


def meeting_part(meeting) -> dict:
    """The meeting's practical details, as participants are told them."""
    return {
        "starts_at": meeting.starts_at.isoformat(),
        "ends_at": meeting.ends_at.isoformat(),
        "timezone": meeting.timezone,
        "venue": meeting.venue or "",
        "city": meeting.city or "",
        "status": meeting.status,
    }


def session_part(session) -> dict:
    return {
        "id": session.id,
        "title": dict(session.title or {}),
        "kind": session.kind,
        "status": session.status,
        "starts_at": session.starts_at.isoformat(),
        "ends_at": session.ends_at.isoformat(),
        "room": session.room.name if session.room else "",
        "description": dict(session.description or {}),
        "people": [
            {"name": p.name, "affiliation": p.affiliation or "", "role": p.role}
            for p in session.people
        ],
        "floor_language": session.floor_language or "",
        "interpretation": list(session.interpretation or []),
        "organisers": list(session.organisers or []),
        # Kept so a feed built from a release carries the SEQUENCE of that release.
        "sequence": session.sequence or 0,
        "updated_at": session.updated_at.isoformat() if session.updated_at else None,
    }


def working_snapshot(meeting, sessions=None) -> dict:
    """The meeting's agenda as it is now (sessions: already loaded, in agenda order)."""
    if sessions is None:
        sessions = db.session.scalars(agenda_sessions(meeting.id)).all()
    return {
        "meeting": meeting_part(meeting),
        "sessions": [session_part(s) for s in sessions],
    }


@dataclass(slots=True)
class RoomView:
    name: str


@dataclass(slots=True)
class PersonView:
    name: str
    affiliation: str
    role: str


@dataclass(slots=True)
class SessionView:
    """A session read from a snapshot (same attribute names as AgendaSession)."""

    id: int
    meeting_id: int
    title: dict
    kind: str
    starts_at: datetime
    ends_at: datetime
    description: dict
    status: str
    sequence: int
    updated_at: datetime | None
    room: RoomView | None
    people: list = field(default_factory=list)
    floor_language: str = ""
    interpretation: list = field(default_factory=list)
    organisers: list = field(default_factory=list)
    # The directory's organisations linked to the session now (not frozen in the
    # snapshot: a link is the directory's, not the agenda's): public.with_links.
    organisations: list = field(default_factory=list)

    event_sequence = AgendaSession.event_sequence  # the model's one rule


def sessions_of(snapshot: dict, meeting_id: int) -> list[SessionView]:
    """The sessions of a snapshot, in its (agenda) order."""
    return [_session_view(item, meeting_id) for item in snapshot.get("sessions", [])]


def _session_view(item: dict, meeting_id: int) -> SessionView:
    updated = item.get("updated_at")
    return SessionView(
        id=item["id"],
        meeting_id=meeting_id,
        title=item.get("title") or {},
        kind=item.get("kind") or "plenary",
        starts_at=datetime.fromisoformat(item["starts_at"]),
        ends_at=datetime.fromisoformat(item["ends_at"]),
        description=item.get("description") or {},
        status=item.get("status") or "scheduled",
        sequence=item.get("sequence") or 0,
        updated_at=datetime.fromisoformat(updated) if updated else None,
        room=RoomView(item["room"]) if item.get("room") else None,
        floor_language=item.get("floor_language") or "",
        interpretation=list(item.get("interpretation") or []),
        organisers=list(item.get("organisers") or []),
        people=[
            PersonView(
                p["name"], p.get("affiliation") or "", p.get("role") or "speaker"
            )
            for p in item.get("people", [])
        ],
    )
