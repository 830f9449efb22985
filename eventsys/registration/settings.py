"""Secretariat settings of registration: capacities, approval, windows, categories.

The questions on the form are registration/questions.py's.
"""

from datetime import datetime

from flask_babel import gettext as _

from eventsys.audit.service import record
from eventsys.auth.permissions import can_manage_meeting
from eventsys.auth.permissions import require
from eventsys.dates import local_to_utc
from eventsys.errors import InvalidInput
from eventsys.extensions import db
from eventsys.registration import questions
from eventsys.registration import service
from eventsys.registration.models import ParticipantCategory

CAPACITY_FIELDS = (
    ("capacity", "seats_taken"),
    ("in_person_capacity", "in_person_taken"),
    ("online_capacity", "online_taken"),
)
MAX_CAPACITY = 1_000_000


def _capacities(owner, data: dict, errors: dict) -> dict:
    values = {}
    for name, counter in CAPACITY_FIELDS:
        raw = data.get(name)
        if raw in (None, ""):
            values[name] = None
            continue
        try:
            value = int(raw)
        except (TypeError, ValueError):
            errors[name] = _("Please give a whole number, or leave empty for no limit.")
            continue
        taken = getattr(owner, counter) or 0
        if value < 0 or value > MAX_CAPACITY:
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


def _window(data, zone, errors, opens_name, closes_name) -> dict:
    opens = _moment(data, opens_name, zone, errors)
    closes = _moment(data, closes_name, zone, errors)
    if opens and closes and closes <= opens:
        errors[closes_name] = _("Registration must close after it opens.")
    return {opens_name: opens, closes_name: closes}


def _apply(obj, values: dict, *, action, actor, meeting, now) -> None:
    before = {k: getattr(obj, k) for k in values if getattr(obj, k) != values[k]}
    after = {k: values[k] for k in before}
    for name, value in values.items():
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


def update_meeting_settings(meeting, *, data: dict, actor, now: datetime) -> None:
    """Capacity, approval, window and public list of a meeting; seats freed go to the waiting list.

    Raises: PermissionDenied, InvalidInput.
    """
    require(can_manage_meeting(actor, meeting))
    errors: dict[str, str] = {}
    values = _capacities(meeting, data, errors)
    values.update(
        _window(
            data,
            meeting.timezone,
            errors,
            "registration_opens_at",
            "registration_closes_at",
        )
    )
    values["requires_approval"] = bool(data.get("requires_approval"))
    values["public_participant_list"] = bool(data.get("public_participant_list"))
    if errors:
        raise InvalidInput(_("Please check the highlighted fields."), fields=errors)
    service.lock_meeting(meeting)
    _apply(
        meeting,
        values,
        action="registration.settings",
        actor=actor,
        meeting=meeting,
        now=now,
    )
    db.session.flush()
    service.promote(meeting, now=now)


APPROVAL = {"inherit": None, "yes": True, "no": False}


def update_category_settings(category, *, data: dict, actor, now: datetime) -> None:
    """One category's capacities, approval (inherit/yes/no), window, list and delegation limit.

    Raises: PermissionDenied, InvalidInput.
    """
    meeting = category.meeting
    require(can_manage_meeting(actor, meeting))
    errors: dict[str, str] = {}
    values = _capacities(category, data, errors)
    values.update(_window(data, meeting.timezone, errors, "opens_at", "closes_at"))
    approval = data.get("requires_approval") or "inherit"
    if approval not in APPROVAL:
        errors["requires_approval"] = _("Please choose from the list.")
    values["requires_approval"] = APPROVAL.get(approval)
    values["on_public_list"] = bool(data.get("on_public_list"))
    limit = data.get("delegation_size_limit")
    if limit not in (None, ""):
        if not str(limit).isdigit() or int(limit) > 1000:
            errors["delegation_size_limit"] = _(
                "Please give a whole number, or leave empty for no limit."
            )
        else:
            values["delegation_size_limit"] = int(limit)
    else:
        values["delegation_size_limit"] = None
    if errors:
        raise InvalidInput(_("Please check the highlighted fields."), fields=errors)
    service.lock_meeting(meeting)
    _apply(
        category,
        values,
        action="registration.category_settings",
        actor=actor,
        meeting=meeting,
        now=now,
    )
    db.session.flush()
    service.promote(meeting, now=now)


def _key_for(name: str, taken: set[str]) -> str:
    import re
    import unicodedata

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
    from eventsys.registration.models import ParticipantCategory

    require(can_manage_meeting(actor, meeting))
    name = (data.get("name") or "").strip()
    if not name or len(name) > 200:
        raise InvalidInput(
            _("Please check the highlighted fields."),
            fields={"name": _("Please name the category (at most 200 characters).")},
        )
    existing = service.rules.meeting_categories(meeting)
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
    import sqlalchemy as sa

    from eventsys.errors import Conflict
    from eventsys.registration.models import Registration

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
