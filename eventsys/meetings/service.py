"""Rules for series, meetings, rooms and meeting roles."""

import re
from datetime import datetime
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask_babel import gettext as _

from eventsys import lookup
from eventsys.agenda import notices
from eventsys.agenda.queries import agenda_sessions
from eventsys.audit.service import changes
from eventsys.audit.service import record
from eventsys.auth.models import User
from eventsys.auth.permissions import can_create_meeting
from eventsys.auth.permissions import can_create_meetings
from eventsys.auth.permissions import can_manage_meeting
from eventsys.auth.permissions import can_manage_series
from eventsys.auth.permissions import require
from eventsys.dates import is_known_timezone
from eventsys.dates import local_to_utc
from eventsys.errors import Conflict
from eventsys.errors import InvalidInput
from eventsys.extensions import db
from eventsys.lookup import get_of_meeting
from eventsys.meetings.models import MEETING_FORMATS
from eventsys.meetings.models import MEETING_ROLES
from eventsys.meetings.models import SERIES_KINDS
from eventsys.meetings.models import Meeting
from eventsys.meetings.models import MeetingRole
from eventsys.meetings.models import Room
from eventsys.meetings.models import Series
from eventsys.models import utcnow
from eventsys.outcomes import queries as outcome_queries
from eventsys.registration import queries as registration_queries
from eventsys.registration import settings as registration_settings
from eventsys.text import check_texts

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANGUAGES = ("en", "fr", "es")
DEFAULT_INVITE_DELAY = timedelta(minutes=5)
# Changes to these reach participants' calendar invitations.
INVITE_FIELDS = ("starts_at", "ends_at", "timezone", "venue", "city", "status")
# Written by this service; the registration settings (capacity, window,
# approval, list, access) belong to registration.settings, which this service
# calls when a caller gives them with a meeting.
OWN_FIELDS = (
    "slug", "series_id", "title", "theme", "description", "practical_info",
    "starts_at", "ends_at", "timezone", "venue", "city", "country", "format",
    "online_url", "online_access_note", "contact_email", "languages",
    "main_language",
)  # fmt: skip
# Everything a meeting carries (a new edition copies them all).
MEETING_FIELDS = OWN_FIELDS + registration_settings.MEETING_FIELDS
SERIES_FIELDS = ("slug", "acronym", "name", "kind", "description")
LIMITS = {"venue": 200, "city": 100, "online_url": 500, "contact_email": 254}
TEXT_LIMITS = {"title": 300, "theme": 300, "description": 20000,
               "practical_info": 20000, "online_access_note": 2000}  # fmt: skip
MULTILINE_FIELDS = {"description", "practical_info", "online_access_note"}


# ---------------------------------------------------------------- registration state


# ---------------------------------------------------------------- series


def create_series(
    *, actor, data: dict[str, Any], now: datetime | None = None
) -> Series:
    """Create a series.

    Raises: PermissionDenied, InvalidInput.
    """
    require(can_manage_series(actor))
    values = _clean_series(data, None)
    series = Series(**values, default_categories=data.get("default_categories") or [])
    db.session.add(series)
    db.session.flush()
    record("series.create", actor=actor, obj=series, after=values, now=now)
    return series


def update_series(series: Series, *, actor, data: dict[str, Any], now=None) -> Series:
    """Edit a series.

    Raises: PermissionDenied, InvalidInput.
    """
    require(can_manage_series(actor))
    values = _clean_series(data, series)
    before, after = changes(series, SERIES_FIELDS, values)
    for name, value in after.items():
        setattr(series, name, value)
    if after:
        db.session.flush()
        record(
            "series.update",
            actor=actor,
            obj=series,
            before=before,
            after=after,
            now=now,
        )
    return series


def _clean_series(data: dict, series: Series | None) -> dict:
    errors = {}
    values = {
        "slug": (data.get("slug") or "").strip(),
        "acronym": (data.get("acronym") or "").strip(),
        "name": _clean_text_dict(data.get("name")),
        "kind": data.get("kind") or "other",
        "description": _clean_text_dict(data.get("description")),
    }
    _check_slug(values["slug"], Series, series, errors)
    if not values["acronym"] or len(values["acronym"]) > 20:
        errors["acronym"] = _("Give an acronym of at most 20 characters.")
    if not values["name"].get("en"):
        errors["name"] = _("Give the name of the series.")
    if values["kind"] not in SERIES_KINDS:
        errors["kind"] = _("Choose a kind from the list.")
    _check_text_lengths(values, {"name": 300, "description": 20000}, errors)
    check_texts(values, errors, multiline={"description"})
    if errors:
        raise InvalidInput(_("Please correct the series."), errors)
    return values


# ---------------------------------------------------------------- meetings


def create_meeting(
    *, actor, data: dict[str, Any], now: datetime | None = None
) -> Meeting:
    """Create a draft meeting, make the actor its manager and copy the series' categories.

    Raises: PermissionDenied, InvalidInput.
    """
    require(can_create_meetings(actor))
    now = now or utcnow()
    values = _clean_meeting(data, None)
    _require_series_right(actor, values["series_id"])
    meeting = Meeting(**values, status="draft", sequence=0, updated_at=now)
    db.session.add(meeting)
    db.session.flush()
    db.session.add(MeetingRole(meeting=meeting, user=actor, role="manager"))
    copy_default_categories(meeting)
    record("meeting.create", actor=actor, obj=meeting, meeting=meeting,
           after=_redact(values), now=now)  # fmt: skip
    db.session.flush()
    _registration_settings(meeting, data, actor=actor, now=now)
    return meeting


def _require_series_right(actor, series_id: int) -> None:
    series = lookup.find_row(Series, series_id)
    require(
        can_create_meeting(actor, series),
        _("Only the managers of a series may create meetings in it."),
    )


def copy_default_categories(meeting: Meeting) -> list:
    """ParticipantCategory rows from the series defaults, in their order."""
    from eventsys.registration.models import ParticipantCategory

    defaults = meeting.series.default_categories or [
        {"key": "participant", "name": {"en": "Participant", "fr": "Participant",
                                        "es": "Participante"}}
    ]  # fmt: skip
    rows = []
    for position, item in enumerate(defaults):
        rows.append(
            ParticipantCategory(
                meeting=meeting,
                key=item["key"],
                name=dict(item.get("name") or {"en": item["key"]}),
                position=position,
                requires_approval=item.get("requires_approval"),
                on_public_list=item.get("on_public_list", True),
            )
        )
    db.session.add_all(rows)
    return rows


def update_meeting(
    meeting: Meeting,
    *,
    actor,
    data: dict[str, Any],
    now: datetime | None = None,
    invite_delay: timedelta = DEFAULT_INVITE_DELAY,
) -> dict[str, Any]:
    """Apply changed fields; returns the after-values of what changed.

    Raises: PermissionDenied, InvalidInput.
    """
    require(can_manage_meeting(actor, meeting))
    now = now or utcnow()
    values = _clean_meeting(data, meeting)
    if values["series_id"] != meeting.series_id:
        _require_series_right(actor, values["series_id"])
    # Checked before anything is written, so one refusal leaves all unchanged.
    registration_settings.meeting_values(meeting, _settings_in(data))
    before, after = changes(meeting, OWN_FIELDS, values)
    if any(name in INVITE_FIELDS for name in after):
        notices.ensure_baseline(meeting)  # what the change email compares with
    for name, value in after.items():
        setattr(meeting, name, value)
    if after:
        _touch(meeting, after, now=now, invite_delay=invite_delay)
        record("meeting.update", actor=actor, obj=meeting, meeting=meeting,
               before=_redact(before), after=_redact(after), now=now)  # fmt: skip
    _registration_settings(meeting, data, actor=actor, now=now)
    return after


def _settings_in(data: dict) -> dict:
    return {k: data[k] for k in registration_settings.MEETING_FIELDS if k in data}


def _registration_settings(meeting: Meeting, data: dict, *, actor, now) -> list:
    """Registration settings given with the meeting go to their one writer (which promotes)."""
    given = _settings_in(data)
    if not given:
        return []
    return registration_settings.update_meeting_settings(
        meeting, data=given, actor=actor, now=now
    )


def _touch(
    meeting: Meeting, changed, *, now: datetime, invite_delay: timedelta
) -> None:
    """Every change: a new sequence and updated_at; invitations if they are affected."""
    meeting.bump_sequence(now)
    if any(name in INVITE_FIELDS for name in changed):
        meeting.invites_due_at = now + invite_delay
    db.session.flush()


def _redact(values: dict) -> dict:
    """The confidential online link never goes into the audit log in clear."""
    if "online_url" in values:
        values = {**values, "online_url": "(changed)" if values["online_url"] else ""}
    return values


def publish_meeting(
    meeting: Meeting, *, actor, now=None, invite_delay=DEFAULT_INVITE_DELAY
):
    """Make a draft meeting public.

    Raises: PermissionDenied, Conflict.
    """
    require(can_manage_meeting(actor, meeting))
    if meeting.status != "draft":
        raise Conflict(_("Only a draft meeting can be published."))
    meeting.status = "published"
    _touch(meeting, ["status"], now=now or utcnow(), invite_delay=invite_delay)
    notices.ensure_baseline(meeting)
    record("meeting.publish", actor=actor, obj=meeting, meeting=meeting,
           before={"status": "draft"}, after={"status": "published"}, now=now)  # fmt: skip
    return meeting


def cancel_meeting(
    meeting: Meeting, *, actor, reason: str, now: datetime | None = None
):
    """Cancel a meeting with a public reason; invitations are updated at once.

    Raises: PermissionDenied, Conflict, InvalidInput.
    """
    require(can_manage_meeting(actor, meeting))
    reason = (reason or "").strip()
    if meeting.status == "cancelled":
        raise Conflict(_("This meeting is already cancelled."))
    if not reason or len(reason) > 2000:
        raise InvalidInput(
            _("Give a reason."),
            {"reason": _("Give a reason (at most 2000 characters).")},
        )
    now = now or utcnow()
    before = {"status": meeting.status, "cancel_reason": meeting.cancel_reason}
    meeting.status, meeting.cancel_reason = "cancelled", reason
    _touch(meeting, ["status"], now=now, invite_delay=timedelta(0))
    record("meeting.cancel", actor=actor, obj=meeting, meeting=meeting, before=before,
           after={"status": "cancelled", "cancel_reason": reason}, now=now)  # fmt: skip
    return meeting


def delete_meeting(meeting: Meeting, *, actor, now: datetime | None = None) -> None:
    """Delete a meeting that is still a draft.

    Raises: PermissionDenied, Conflict.
    """
    require(can_manage_meeting(actor, meeting))
    if meeting.status != "draft":
        raise Conflict(
            _("Only a draft can be deleted; cancel a published meeting instead.")
        )
    record("meeting.delete", actor=actor, obj=meeting,
           before={"slug": meeting.slug, "title": meeting.title}, now=now)  # fmt: skip
    db.session.delete(meeting)
    db.session.flush()


def _clean_meeting(data: dict, meeting: Meeting | None) -> dict:
    errors: dict[str, str] = {}
    values = _meeting_values(data, meeting, errors)
    _check_slug(values["slug"], Meeting, meeting, errors)
    if (
        meeting is not None
        and meeting.status != "draft"
        and values["slug"] != meeting.slug
    ):
        errors["slug"] = _("The address of a published meeting cannot change.")
    _check_meeting_text(values, errors)
    _check_meeting_choices(values, errors)
    _check_meeting_times(values, errors)
    if errors:
        raise InvalidInput(_("Please correct the meeting."), errors)
    return values


def _meeting_values(data: dict, meeting: Meeting | None, errors: dict) -> dict:
    zone = (data.get("timezone") or "").strip()
    if not is_known_timezone(zone):
        errors["timezone"] = _("Choose a time zone from the list.")
        zone = "UTC"
    values = {
        name: (data.get(name) or "").strip()
        for name in ("slug", "venue", "city", "contact_email")
    }
    values.update(
        series_id=data.get("series_id"),
        country=(data.get("country") or "").strip().upper(),
        format=data.get("format") or "in_person",
        online_url=(data.get("online_url") or "").strip() or None,
        languages=[lang for lang in LANGUAGES if lang in (data.get("languages") or [])],
        main_language=data.get("main_language") or "en",
        timezone=zone,
    )
    for name in TEXT_LIMITS:
        values[name] = _clean_text_dict(data.get(name))
    for name in ("starts_at", "ends_at"):
        values[name] = _instant(data.get(name), zone)
    return values


def _instant(value, zone: str):
    """A form's wall-clock time is read in the meeting's zone; aware values pass as given."""
    if value is None or value == "":
        return None
    if not isinstance(value, datetime):
        return value  # reported by _check_meeting_times
    return local_to_utc(value, zone) if value.tzinfo is None else value


def _check_meeting_text(values: dict, errors: dict) -> None:
    if not values["title"].get(values["main_language"]):
        errors["title"] = _("Give the title in the meeting's main language.")
    _check_text_lengths(values, TEXT_LIMITS, errors)
    check_texts(values, errors, multiline=MULTILINE_FIELDS)
    for name, limit in LIMITS.items():
        if len(values[name] or "") > limit:
            errors[name] = _("At most %(n)s characters.", n=limit)
    url = values["online_url"]
    if url and not _is_http_url(url):
        errors["online_url"] = _(
            "Give a web address starting with https:// or http://."
        )
    email = values["contact_email"]
    if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        errors["contact_email"] = _("Give a valid email address.")
    if values["country"] and not re.fullmatch(r"[A-Z]{2}", values["country"]):
        errors["country"] = _("Give a two-letter country code (ISO 3166), e.g. CH.")


def _is_http_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _check_meeting_choices(values: dict, errors: dict) -> None:
    if values["format"] not in MEETING_FORMATS:
        errors["format"] = _("Choose a format from the list.")
    if not values["languages"]:
        errors["languages"] = _("Choose at least one language.")
    if values["main_language"] not in LANGUAGES:
        errors["main_language"] = _("Choose a language from the list.")
    elif values["languages"] and values["main_language"] not in values["languages"]:
        errors["main_language"] = _(
            "The main language must be one of the meeting's languages."
        )
    series_id = values["series_id"]
    if lookup.find_row(Series, series_id) is None:
        errors["series_id"] = _("Choose a series from the list.")


def _check_meeting_times(values: dict, errors: dict) -> None:
    for name in ("starts_at", "ends_at"):
        value = values[name]
        if value is not None and not isinstance(value, datetime):
            errors[name] = _("Give a date and time.")
            values[name] = None
    starts, ends = values["starts_at"], values["ends_at"]
    if starts is None and "starts_at" not in errors:
        errors["starts_at"] = _("Give the start date and time.")
    if ends is None and "ends_at" not in errors:
        errors["ends_at"] = _("Give the end date and time.")
    if starts and ends and ends <= starts:
        errors["ends_at"] = _("The meeting must end after it starts.")


def _check_slug(slug: str, model, current, errors: dict) -> None:
    if not slug or len(slug) > 80 or not SLUG_RE.match(slug):
        errors["slug"] = _(
            "Use 1 to 80 lowercase letters, digits and hyphens (e.g. idm-2027-geneva)."
        )
        return
    query = sa.select(model.id).where(model.slug == slug)
    if current is not None:
        query = query.where(model.id != current.id)
    if db.session.scalar(query) is not None:
        errors["slug"] = _("This address is already used.")


def _clean_text_dict(value) -> dict[str, str]:
    if isinstance(value, str):
        value = {"en": value}
    if not isinstance(value, dict):
        return {}
    return {
        lang: text.strip()
        for lang, text in value.items()
        if lang in LANGUAGES and isinstance(text, str) and text.strip()
    }


def _check_text_lengths(values: dict, limits: dict, errors: dict) -> None:
    for name, limit in limits.items():
        if any(len(text) > limit for text in values[name].values()):
            errors[name] = _("At most %(n)s characters.", n=limit)


# ---------------------------------------------------------------- new edition


def create_edition(
    source: Meeting, *, actor, data: dict[str, Any], now: datetime | None = None
) -> Meeting:
    """A new draft meeting from an earlier one: rooms, sessions and people shifted,
    and its registration set-up (categories, capacities, approval, windows, questions).

    data: slug, title (main language text, or {language: text} for every language),
    start_date (a date in the zone). What stays behind: edition_left_out().
    Raises: PermissionDenied, InvalidInput.
    """
    from eventsys.agenda.service import copy_agenda

    require(can_manage_meeting(actor, source))
    start_date = data.get("start_date")
    if start_date is None:
        raise InvalidInput(
            _("Give the new dates."), {"start_date": _("Give the first day.")}
        )
    shift = _day_shift(source, start_date)
    values = _edition_values(source, data, shift)
    meeting = create_meeting(actor=actor, data=values, now=now)
    room_map = {}
    for room in source.rooms:
        copy = Room(meeting=meeting, name=room.name, capacity=room.capacity,
                    position=room.position)  # fmt: skip
        db.session.add(copy)
        room_map[room.id] = copy
    db.session.flush()
    copy_agenda(source, meeting, room_map, shift)
    copied = registration_settings.copy_setup(
        source,
        meeting,
        shift=lambda moment: shift_local(moment, source.timezone, shift),
    )
    record("meeting.edition", actor=actor, obj=meeting, meeting=meeting,
           after={"copied_from": source.slug, "shift_days": shift.days, **copied},
           now=now)  # fmt: skip
    return meeting


def edition_left_out(source: Meeting) -> dict[str, int]:
    """What a new edition does not take from its source, counted for the page."""
    sessions = db.session.scalars(agenda_sessions(source.id)).all()
    return {
        "registrations": sum(registration_queries.count_by_status(source).values()),
        "delegations": len(
            db.session.scalars(registration_queries.delegations_of(source))
            .unique()
            .all()
        ),
        "documents": len(
            db.session.scalars(outcome_queries.meeting_documents(source)).all()
        ),
        "cancelled_sessions": sum(1 for s in sessions if s.status == "cancelled"),
    }


def _day_shift(source: Meeting, start_date) -> timedelta:
    from eventsys.dates import local_day

    return start_date - local_day(source.starts_at, source.timezone)


def shift_local(moment: datetime | None, zone: str, shift: timedelta):
    """Move a time by whole days on the wall clock of its zone (DST-safe)."""
    if moment is None:
        return None
    from eventsys.dates import to_zone

    local = to_zone(moment, zone).replace(tzinfo=None)
    return local_to_utc(local + shift, zone)


def _edition_values(source: Meeting, data: dict, shift: timedelta) -> dict:
    values = {name: getattr(source, name) for name in MEETING_FIELDS}
    title = data.get("title")
    title = {source.main_language: title} if isinstance(title, str) else title
    values["title"] = {lang: text for lang, text in (title or {}).items() if text}
    values["slug"] = data.get("slug") or ""
    for name in (
        "starts_at",
        "ends_at",
        "registration_opens_at",
        "registration_closes_at",
    ):
        values[name] = shift_local(values[name], source.timezone, shift)
    return values


# ---------------------------------------------------------------- roles


DOOR_STAFF_GRACE = timedelta(days=1)


def add_role(
    meeting: Meeting, *, actor, email: str, role: str, now=None
) -> MeetingRole:
    """Give an existing user a role (manager, rapporteur, door staff) at this meeting.

    Raises: PermissionDenied, InvalidInput, Conflict.
    """
    require(can_manage_meeting(actor, meeting))
    check_meeting_role(role)
    email = (email or "").strip()
    user = db.session.scalar(
        sa.select(User).where(sa.func.lower(User.email) == email.lower())
    )
    if user is None:
        raise InvalidInput(_("No account uses this email address."),
                           {"email": _("No account uses this email address.")})  # fmt: skip
    return grant_meeting_role(meeting, user, role, actor=actor, now=now)


def check_meeting_role(role: str) -> None:
    """Raises: InvalidInput for a role a meeting does not have."""
    if role not in MEETING_ROLES:
        raise InvalidInput(
            _("Choose a role."), {"role": _("Choose a role from the list.")}
        )


def grant_meeting_role(
    meeting: Meeting, user: User, role: str, *, actor, now=None
) -> MeetingRole:
    """The role for this user; door staff's ends a day after the meeting.

    Raises: Conflict (the user already has it).
    """
    if any(r.meeting_id == meeting.id and r.role == role for r in user.roles):
        raise Conflict(_("This person already has this role."))
    expires = meeting.ends_at + DOOR_STAFF_GRACE if role == "checkin" else None
    item = MeetingRole(meeting=meeting, user=user, role=role, expires_at=expires)
    db.session.add(item)
    db.session.flush()
    record("meeting.role_add", actor=actor, obj=item, meeting=meeting,
           after={"email": user.email, "role": role}, now=now)  # fmt: skip
    return item


def remove_role(meeting: Meeting, role_id: int, *, actor, now=None) -> None:
    """Take a role away; the last manager cannot be removed.

    Raises: PermissionDenied, NotFound, Conflict.
    """
    require(can_manage_meeting(actor, meeting))
    item = get_of_meeting(
        MeetingRole, role_id, meeting, _("No such role at this meeting.")
    )
    managers = [r for r in meeting.roles if r.role == "manager"]
    if item.role == "manager" and len(managers) <= 1:
        raise Conflict(_("A meeting keeps at least one manager."))
    record("meeting.role_remove", actor=actor, obj=item, meeting=meeting,
           before={"email": item.user.email, "role": item.role}, now=now)  # fmt: skip
    db.session.delete(item)
    db.session.flush()


# ---------------------------------------------------------------- rooms


def get_room(meeting: Meeting, room_id: int) -> Room:
    """The room of this meeting.

    Raises: NotFound (also for another meeting's room).
    """
    return get_of_meeting(Room, room_id, meeting, _("No such room at this meeting."))


def save_room(
    meeting: Meeting, *, actor, data: dict, room: Room | None = None, now=None
) -> Room:
    """Create (room=None) or edit a room.

    Raises: PermissionDenied, InvalidInput.
    """
    require(can_manage_meeting(actor, meeting))
    values = _clean_room(meeting, data, room)
    if room is None:
        room = Room(meeting=meeting, position=len(meeting.rooms) + 1, **values)
        db.session.add(room)
        db.session.flush()
        record(
            "room.create", actor=actor, obj=room, meeting=meeting, after=values, now=now
        )
        return room
    before, after = changes(room, ("name", "capacity"), values)
    for name, value in after.items():
        setattr(room, name, value)
    db.session.flush()
    if after:
        record("room.update", actor=actor, obj=room, meeting=meeting,
               before=before, after=after, now=now)  # fmt: skip
    return room


def _clean_room(meeting: Meeting, data: dict, room: Room | None) -> dict:
    name = (data.get("name") or "").strip()
    capacity = data.get("capacity")
    errors = {}
    check_texts({"name": name}, errors)
    if not name or len(name) > 120:
        errors["name"] = _("Give a name of at most 120 characters.")
    elif any(r.name.lower() == name.lower() and r is not room for r in meeting.rooms):
        errors["name"] = _("This meeting already has a room with this name.")
    if capacity is not None and (
        not isinstance(capacity, int) or not 0 <= capacity <= 100000
    ):
        errors["capacity"] = _("Give a whole number of 0 or more, or leave empty.")
    if errors:
        raise InvalidInput(_("Please correct the room."), errors)
    return {"name": name, "capacity": capacity}


def delete_room(meeting: Meeting, room: Room, *, actor, now=None) -> None:
    """Delete a room; its sessions keep their time and lose the room.

    Raises: PermissionDenied.
    """
    from eventsys.agenda.models import AgendaSession

    require(can_manage_meeting(actor, meeting))
    record("room.delete", actor=actor, obj=room, meeting=meeting,
           before={"name": room.name}, now=now)  # fmt: skip
    sessions = db.session.scalars(
        sa.select(AgendaSession).where(AgendaSession.room_id == room.id)
    )
    for session in sessions:
        session.room = None
        session.bump_sequence(now or utcnow())
    meeting.rooms.remove(room)
    db.session.delete(room)
    db.session.flush()
