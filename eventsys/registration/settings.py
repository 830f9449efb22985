"""Secretariat settings of registration: capacities, approval, windows, access, categories.

The one writer and validator of these settings, whichever screen or API sends them.
The questions on the form are registration/questions.py's.
"""

import re
import unicodedata
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from eventsys.audit.service import record
from eventsys.auth.permissions import can_manage_meeting
from eventsys.auth.permissions import require
from eventsys.dates import local_to_utc
from eventsys.errors import Conflict
from eventsys.errors import InvalidInput
from eventsys.extensions import db
from eventsys.meetings.models import ACCESS_MODES
from eventsys.registration import questions
from eventsys.registration import rules
from eventsys.registration import service
from eventsys.registration.models import ParticipantCategory
from eventsys.registration.models import Registration

CAPACITY_FIELDS = (
    ("capacity", "seats_taken"),
    ("in_person_capacity", "in_person_taken"),
    ("online_capacity", "online_taken"),
)
MAX_CAPACITY = 1_000_000
# The meeting's registration settings, by concern (one form each on the
# settings page). This service is their only writer: the meetings service
# hands them over when a caller gives them with a meeting.
CONCERNS = {
    "capacity": ("capacity", "in_person_capacity", "online_capacity"),
    "window": ("registration_opens_at", "registration_closes_at"),
    "approval": ("requires_approval", "public_participant_list"),
    "access": ("access",),
}
MEETING_FIELDS = tuple(name for names in CONCERNS.values() for name in names)
APPROVAL = {"inherit": None, "yes": True, "no": False}
CATEGORY_ACCESS = {"inherit": None, "open": "open", "invitation": "invitation"}


def _capacities(owner, data: dict, errors: dict) -> dict:
    values = {}
    for name, counter in CAPACITY_FIELDS:
        if name not in data:
            continue
        raw = data[name]
        if raw in (None, ""):
            values[name] = None
            continue
        try:
            value = int(raw)
        except (TypeError, ValueError):
            errors[name] = _("Please give a whole number, or leave empty for no limit.")
            continue
        taken = getattr(owner, counter) or 0
        if isinstance(raw, bool) or value < 0 or value > MAX_CAPACITY:
            errors[name] = _(
                "Please give a number between 0 and %(n)d.", n=MAX_CAPACITY
            )
        elif value < taken:
            errors[name] = _(
                "%(n)d seats are already taken: cancel registrations first.", n=taken
            )
        else:
            values[name] = value
    return values


def _moment(data: dict, name: str, zone: str, errors: dict) -> datetime | None:
    raw = data.get(name)
    if raw in (None, ""):
        return None
    try:
        value = raw if isinstance(raw, datetime) else datetime.fromisoformat(str(raw))
    except ValueError:
        errors[name] = _("Please give a date and time.")
        return None
    return (
        local_to_utc(value.replace(tzinfo=None), zone)
        if value.tzinfo is None
        else value
    )


def _window(owner, data, zone, errors, opens_name, closes_name) -> dict:
    """The window's times given in data; the one not given keeps its stored value."""
    values = {
        name: _moment(data, name, zone, errors)
        for name in (opens_name, closes_name)
        if name in data
    }
    opens = values.get(opens_name, getattr(owner, opens_name))
    closes = values.get(closes_name, getattr(owner, closes_name))
    if values and opens and closes and closes <= opens:
        errors[closes_name] = _("Registration must close after it opens.")
    return values


def _choice(data: dict, name: str, choices: dict, errors: dict, values: dict) -> None:
    if name not in data:
        return
    raw = data[name] or "inherit"
    if raw not in choices:
        errors[name] = _("Please choose from the list.")
    else:
        values[name] = choices[raw]


def _apply(obj, values: dict, *, action, actor, meeting, now) -> None:
    before = {k: getattr(obj, k) for k in values if getattr(obj, k) != values[k]}
    after = {k: values[k] for k in before}
    for name, value in after.items():
        setattr(obj, name, value)
    if after:
        record(
            action,
            actor=actor,
            obj=obj,
            meeting=meeting,
            before=before,
            after=after,
            now=now,
        )


def _fail_if(errors: dict) -> None:
    if errors:
        raise InvalidInput(_("Please check the highlighted fields."), fields=errors)


def meeting_values(meeting, data: dict) -> dict:
    """Check the meeting's registration settings given in data (others untouched).

    Raises: InvalidInput.
    """
    errors: dict[str, str] = {}
    values = _capacities(meeting, data, errors)
    values.update(
        _window(
            meeting,
            data,
            meeting.timezone,
            errors,
            "registration_opens_at",
            "registration_closes_at",
        )
    )
    for name in CONCERNS["approval"]:
        if name in data:
            values[name] = rules.as_bool(data[name])
    if "access" in data:
        if data["access"] not in ACCESS_MODES:
            errors["access"] = _("Please choose from the list.")
        else:
            values["access"] = data["access"]
    _fail_if(errors)
    return values


def update_meeting_settings(
    meeting, *, data: dict, actor, now: datetime
) -> list[Registration]:
    """Write the registration settings given in data (any of MEETING_FIELDS).

    Seats that a higher capacity frees go to the waiting list at once, in the
    same transaction; returns the registrations promoted.
    Raises: PermissionDenied, InvalidInput.
    """
    require(can_manage_meeting(actor, meeting))
    _lock_counters(meeting, meeting)
    values = meeting_values(meeting, data)
    _apply(
        meeting,
        values,
        action="registration.settings",
        actor=actor,
        meeting=meeting,
        now=now,
    )
    return _promote(meeting, actor=actor, now=now)


def _lock_counters(meeting, owner) -> None:
    """Hold the meeting's lock, then read the owner's seat counters as they are now.

    A capacity is checked against seats taken under the same lock that seat
    claims take, so no registration can slip in between.
    """
    db.session.flush()
    service.lock_meeting(meeting)
    if sa.inspect(owner).persistent:
        db.session.refresh(owner, [counter for _, counter in CAPACITY_FIELDS])


def _promote(meeting, *, actor, now) -> list[Registration]:
    """Seat whoever the new settings make room for, and log who it was."""
    db.session.flush()
    promoted = service.promote(meeting, now=now)
    if promoted:
        record(
            "registration.settings_promoted",
            actor=actor,
            obj=meeting,
            meeting=meeting,
            after={"promoted": [r.id for r in promoted]},
            now=now,
        )
    return promoted


def update_category_settings(
    category, *, data: dict, actor, now: datetime
) -> list[Registration]:
    """One category's capacities, approval, window, access, list and delegation limit.

    Settings absent from data keep their value; returns the registrations
    promoted into the seats a higher capacity frees.
    Raises: PermissionDenied, InvalidInput.
    """
    meeting = category.meeting
    require(can_manage_meeting(actor, meeting))
    _lock_counters(meeting, category)
    errors: dict[str, str] = {}
    values = _capacities(category, data, errors)
    values.update(
        _window(category, data, meeting.timezone, errors, "opens_at", "closes_at")
    )
    _choice(data, "requires_approval", APPROVAL, errors, values)
    _choice(data, "access", CATEGORY_ACCESS, errors, values)
    if "on_public_list" in data:
        values["on_public_list"] = rules.as_bool(data["on_public_list"])
    if "approval_for_invited" in data:
        values["approval_for_invited"] = rules.as_bool(data["approval_for_invited"])
    if "requires_approved_organisation" in data:
        values["requires_approved_organisation"] = rules.as_bool(
            data["requires_approved_organisation"]
        )
    if "delegation_size_limit" in data:
        limit = data["delegation_size_limit"]
        if limit in (None, ""):
            values["delegation_size_limit"] = None
        elif not str(limit).isdigit() or int(limit) > 1000:
            errors["delegation_size_limit"] = _(
                "Please give a whole number, or leave empty for no limit."
            )
        else:
            values["delegation_size_limit"] = int(limit)
    _fail_if(errors)
    _apply(
        category,
        values,
        action="registration.category_settings",
        actor=actor,
        meeting=meeting,
        now=now,
    )
    return _promote(meeting, actor=actor, now=now)


def _key_for(name: str, taken: set[str]) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    key = re.sub(r"[^a-z0-9]+", "_", plain.lower()).strip("_")[:30] or "category"
    candidate, n = key, 2
    while candidate in taken:
        candidate, n = f"{key}_{n}", n + 1
    return candidate


def add_category(meeting, *, data: dict, actor, now: datetime):
    """Add a participant category at the end of the meeting's list.

    Raises: PermissionDenied, InvalidInput.
    """
    require(can_manage_meeting(actor, meeting))
    name = (data.get("name") or "").strip()
    if not name or len(name) > 200:
        raise InvalidInput(
            _("Please check the highlighted fields."),
            fields={"name": _("Please name the category (at most 200 characters).")},
        )
    existing = rules.meeting_categories(meeting)
    category = ParticipantCategory(
        meeting_id=meeting.id,
        key=_key_for(name, {c.key for c in existing}),
        name={meeting.main_language or "en": name},
        position=max((c.position for c in existing), default=-1) + 1,
        requires_approval=None,
        on_public_list=bool(data.get("on_public_list")),
    )
    db.session.add(category)
    db.session.flush()
    record(
        "registration.category_add",
        actor=actor,
        obj=category,
        meeting=meeting,
        after={"key": category.key, "name": name},
        now=now,
    )
    return category


def delete_category(category, *, actor, now: datetime) -> None:
    """Remove a category that nobody registered in.

    Raises: PermissionDenied, Conflict (it has registrations).
    """
    require(can_manage_meeting(actor, category.meeting))
    used = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Registration)
        .where(Registration.category_id == category.id)
    )
    if used:
        raise Conflict(
            _("People registered in this category: move them to another one first.")
        )
    record(
        "registration.category_delete",
        actor=actor,
        obj=category,
        meeting=category.meeting,
        before={"key": category.key, "name": category.name},
        now=now,
    )
    db.session.delete(category)
    db.session.flush()


# Registration settings a new edition carries over, on the meeting and on each category.
MEETING_SETUP = (
    "capacity",
    "in_person_capacity",
    "online_capacity",
    "requires_approval",
    "public_participant_list",
)
CATEGORY_SETUP = (
    "key",
    "position",
    "capacity",
    "in_person_capacity",
    "online_capacity",
    "requires_approval",
    "on_public_list",
    "delegation_size_limit",
)


def copy_setup(source, target, *, shift) -> dict[str, int]:
    """Give a new draft meeting the registration set-up of an earlier one.

    Capacities, approval, the public list, the registration window and each
    category's own (windows moved by ``shift``, a function of a datetime), the
    categories in place of the series defaults, and the questions with their
    choices. Nothing about people: no registrations, delegations or answers.
    Returns what it copied: {"categories": n, "questions": n}.
    """
    for name in MEETING_SETUP:
        setattr(target, name, getattr(source, name))
    target.registration_opens_at = shift(source.registration_opens_at)
    target.registration_closes_at = shift(source.registration_closes_at)
    for default in service.rules.meeting_categories(target):
        db.session.delete(default)  # a new draft: nobody registered in them
    db.session.flush()
    category_map = {}
    for old in service.rules.meeting_categories(source):
        copy = ParticipantCategory(
            meeting_id=target.id,
            name=dict(old.name or {}),
            opens_at=shift(old.opens_at),
            closes_at=shift(old.closes_at),
            **{name: getattr(old, name) for name in CATEGORY_SETUP},
        )
        db.session.add(copy)
        category_map[old.id] = copy
    db.session.flush()
    copied = questions.copy_questions(source, target, category_map)
    return {"categories": len(category_map), "questions": len(copied)}
