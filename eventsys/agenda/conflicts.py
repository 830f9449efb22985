"""Agenda clashes worth a warning: they never block a save."""

from dataclasses import dataclass
from itertools import combinations

from eventsys.dates import local_day


@dataclass(frozen=True)
class Clash:
    """kind: "room" (double-booked), "person" (in two places), "outside" (meeting dates)."""

    kind: str
    session_ids: tuple[int, ...]
    detail: str = ""


def find_conflicts(meeting, sessions) -> list[Clash]:
    """Every clash among the meeting's scheduled sessions."""
    active = [s for s in sessions if s.status != "cancelled"]
    clashes = [_outside(meeting, s) for s in active]
    for a, b in combinations(active, 2):
        if _overlap(a, b):
            clashes.extend(_pair_clashes(a, b))
    return [c for c in clashes if c is not None]


def conflicts_for(meeting, session, sessions) -> list[Clash]:
    """The clashes that involve one session."""
    return [c for c in find_conflicts(meeting, sessions) if session.id in c.session_ids]


def _overlap(a, b) -> bool:
    return a.starts_at < b.ends_at and b.starts_at < a.ends_at


def _outside(meeting, session) -> Clash | None:
    zone = meeting.timezone
    first, last = local_day(meeting.starts_at, zone), local_day(meeting.ends_at, zone)
    starts, ends = local_day(session.starts_at, zone), local_day(session.ends_at, zone)
    if starts < first or ends > last:
        return Clash("outside", (session.id,))
    return None


def _pair_clashes(a, b) -> list[Clash]:
    clashes = []
    ids = (a.id, b.id)
    if a.room_id is not None and a.room_id == b.room_id:
        clashes.append(Clash("room", ids, a.room.name if a.room else ""))
    names_a = {_key(p.name): p.name for p in a.people}
    for key in sorted(names_a.keys() & {_key(p.name) for p in b.people}):
        clashes.append(Clash("person", ids, names_a[key]))
    return clashes


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()
