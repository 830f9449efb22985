"""The one comparison of two agenda snapshots (agenda/snapshots.py).

`compare(old, new)` lists what changed as typed changes; `describe(change, ...)`
says one of them as a sentence in a language, with UN-style dates and times
(eventsys/dates.py) in the meeting's zone. The managers' "changes since the
last release", the public changelog between releases and the change emails
all read this module, so they always agree.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _

from eventsys import dates
from eventsys import labels
from eventsys.i18n import localized

# In the order a reader wants them: the meeting first, then session by session.
KINDS = (
    "meeting_cancelled",
    "meeting_dates",
    "meeting_zone",
    "meeting_venue",
    "session_added",
    "session_removed",
    "session_cancelled",
    "session_reinstated",
    "session_retitled",
    "session_moved",
    "session_room",
    "speaker_added",
    "speaker_removed",
)


@dataclass(frozen=True)
class Change:
    """One difference. title: the session's titles (as in the newer snapshot
    where it still exists); old and new: the values before and after."""

    kind: str
    session_id: int | None = None
    title: Any = None
    old: Any = None
    new: Any = None


def compare(old: dict, new: dict, *, sessions: bool = True) -> list[Change]:
    """Every difference from snapshot `old` to snapshot `new`, in agenda order.

    sessions=False compares only the meeting's practical details.
    """
    found = _meeting_changes(old.get("meeting") or {}, new.get("meeting") or {})
    if sessions:
        found += _session_changes(old.get("sessions") or [], new.get("sessions") or [])
    return found


def _meeting_changes(old: dict, new: dict) -> list[Change]:
    if not old or not new:
        return []
    found = []
    if new["status"] == "cancelled" and old["status"] != "cancelled":
        found.append(Change("meeting_cancelled"))
    span = ("starts_at", "ends_at")
    if tuple(old[k] for k in span) != tuple(new[k] for k in span):
        found.append(Change("meeting_dates", old=_span(old), new=_span(new)))
    if old["timezone"] != new["timezone"]:
        found.append(Change("meeting_zone", old=old["timezone"], new=new["timezone"]))
    place = ("venue", "city")
    if tuple(old[k] for k in place) != tuple(new[k] for k in place):
        found.append(Change("meeting_venue", old=_place(old), new=_place(new)))
    return found


def _span(part: dict) -> tuple:
    return (part["starts_at"], part["ends_at"], part["timezone"])


def _place(part: dict) -> str:
    return ", ".join(p for p in (part["venue"], part["city"]) if p)


def _session_changes(old: list, new: list) -> list[Change]:
    before = {s["id"]: s for s in old}
    after_ids = {s["id"] for s in new}
    found = []
    for session in new:
        previous = before.get(session["id"])
        if previous is None:
            found.append(Change("session_added", session["id"], session["title"],
                                new=_times(session)))  # fmt: skip
        else:
            found += _one_session(previous, session)
    for session in old:
        if session["id"] not in after_ids:
            found.append(Change("session_removed", session["id"], session["title"],
                                old=_times(session)))  # fmt: skip
    return found


def _times(session: dict) -> tuple:
    return (session["starts_at"], session["ends_at"])


def _one_session(old: dict, new: dict) -> list[Change]:
    ident, title = new["id"], new["title"]
    found = []
    if old["status"] != new["status"]:
        kind = (
            "session_cancelled"
            if new["status"] == "cancelled"
            else "session_reinstated"
        )
        found.append(Change(kind, ident, title, new=_times(new)))
    if old["title"] != new["title"]:
        found.append(Change("session_retitled", ident, title, old=old["title"],
                            new=new["title"]))  # fmt: skip
    if _times(old) != _times(new):
        found.append(Change("session_moved", ident, title, old=_times(old),
                            new=_times(new)))  # fmt: skip
    if old["room"] != new["room"]:
        found.append(Change("session_room", ident, title, old=old["room"],
                            new=new["room"]))  # fmt: skip
    people_before = [_person(p) for p in old["people"]]
    people_after = [_person(p) for p in new["people"]]
    for person in people_after:
        if person not in people_before:
            found.append(Change("speaker_added", ident, title, new=person))
    for person in people_before:
        if person not in people_after:
            found.append(Change("speaker_removed", ident, title, old=person))
    return found


def _person(person: dict) -> tuple:
    return (person["name"], person.get("role") or "speaker")


# ---------------------------------------------------------------- sentences


def describe_all(changes, language: str, zone: str, fallback: str = "en") -> list[str]:
    """Each change as a sentence in `language`, times in `zone`."""
    with force_locale(language):
        return [_sentence(c, language, zone, fallback) for c in changes]


def describe(change: Change, language: str, zone: str, fallback: str = "en") -> str:
    with force_locale(language):
        return _sentence(change, language, zone, fallback)


def _sentence(change: Change, language: str, zone: str, fallback: str) -> str:
    session = localized(change.title, language, fallback) if change.title else ""
    writer = _WRITERS[change.kind]
    return writer(change, session=session, language=language, zone=zone,
                  fallback=fallback)  # fmt: skip


def _moment(value: str) -> datetime:
    return datetime.fromisoformat(value)


def _when(times: tuple, language: str, zone: str) -> str:
    """ "12 March 2027, 10:00–11:30" in the zone."""
    start, end = _moment(times[0]), _moment(times[1])
    day = dates.format_date(start, zone, language)
    return f"{day}, {_clock(start, end, zone, language)}"


def _clock(start: datetime, end: datetime, zone: str, language: str) -> str:
    begins = dates.format_time(start, zone, language)
    return f"{begins}\u2013{dates.format_time(end, zone, language)}"


def _meeting_cancelled(change, **_kw) -> str:
    return _("The meeting is cancelled")


def _meeting_dates(change, *, language, **_kw) -> str:
    def span(value) -> str:
        start, end, zone = _moment(value[0]), _moment(value[1]), value[2]
        days = dates.format_date_range(start, end, zone, language)
        return f"{days}, {_clock(start, end, zone, language)}"

    return _("Dates: %(new)s (was %(old)s)", new=span(change.new), old=span(change.old))


def _meeting_zone(change, **_kw) -> str:
    return _("Time zone: %(new)s (was %(old)s)", new=change.new, old=change.old)


def _meeting_venue(change, **_kw) -> str:
    if not change.old:
        return _("Venue: %(new)s", new=change.new)
    if not change.new:
        return _("Venue: none given any more (was %(old)s)", old=change.old)
    return _("Venue: %(new)s (was %(old)s)", new=change.new, old=change.old)


def _session_added(change, *, session, language, zone, **_kw) -> str:
    return _("New session: %(session)s, %(when)s", session=session,
             when=_when(change.new, language, zone))  # fmt: skip


def _session_removed(change, *, session, **_kw) -> str:
    return _("%(session)s is removed from the agenda", session=session)


def _session_cancelled(change, *, session, **_kw) -> str:
    return _("%(session)s is cancelled", session=session)


def _session_reinstated(change, *, session, language, zone, **_kw) -> str:
    return _("%(session)s takes place after all, %(when)s", session=session,
             when=_when(change.new, language, zone))  # fmt: skip


def _session_retitled(change, *, language, fallback, **_kw) -> str:
    return _("%(old)s is now called %(new)s",
             old=localized(change.old, language, fallback),
             new=localized(change.new, language, fallback))  # fmt: skip


def _session_moved(change, *, session, language, zone, **_kw) -> str:
    (old_start, old_end), (new_start, new_end) = (
        tuple(_moment(v) for v in change.old),
        tuple(_moment(v) for v in change.new),
    )
    same_day = dates.local_day(old_start, zone) == dates.local_day(new_start, zone)
    if same_day and old_start == new_start:
        return _("%(session)s now ends at %(new)s (was %(old)s)", session=session,
                 new=dates.format_time(new_end, zone, language),
                 old=dates.format_time(old_end, zone, language))  # fmt: skip
    if same_day:
        return _("%(session)s now starts at %(new)s (was %(old)s)", session=session,
                 new=dates.format_time(new_start, zone, language),
                 old=dates.format_time(old_start, zone, language))  # fmt: skip
    return _("%(session)s is moved to %(new)s (was %(old)s)", session=session,
             new=_when(change.new, language, zone),
             old=_when(change.old, language, zone))  # fmt: skip


def _session_room(change, *, session, **_kw) -> str:
    if not change.old:
        return _("%(session)s: now in %(new)s", session=session, new=change.new)
    if not change.new:
        return _("%(session)s: no room given any more (was %(old)s)",
                 session=session, old=change.old)  # fmt: skip
    return _("%(session)s: now in %(new)s (was %(old)s)", session=session,
             new=change.new, old=change.old)  # fmt: skip


def _speaker_added(change, *, session, **_kw) -> str:
    name, role = change.new
    return _("%(session)s: %(person)s joins (%(role)s)", session=session,
             person=name, role=labels.label(labels.PERSON_ROLE, role))  # fmt: skip


def _speaker_removed(change, *, session, **_kw) -> str:
    name, role = change.old
    return _("%(session)s: %(person)s no longer takes part (%(role)s)",
             session=session, person=name,
             role=labels.label(labels.PERSON_ROLE, role))  # fmt: skip


_WRITERS = {
    "meeting_cancelled": _meeting_cancelled,
    "meeting_dates": _meeting_dates,
    "meeting_zone": _meeting_zone,
    "meeting_venue": _meeting_venue,
    "session_added": _session_added,
    "session_removed": _session_removed,
    "session_cancelled": _session_cancelled,
    "session_reinstated": _session_reinstated,
    "session_retitled": _session_retitled,
    "session_moved": _session_moved,
    "session_room": _session_room,
    "speaker_added": _speaker_added,
    "speaker_removed": _speaker_removed,
}
