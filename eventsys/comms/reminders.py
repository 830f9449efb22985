"""Reminders before a meeting, to its confirmed participants and to focal points.

A meeting's ReminderSchedule gives offsets before its start (no row: 7 days
and 1 day). The minute job `reminders` asks, for each meeting that starts
soon, which offset is due *now*, computed from the meeting's current start
(so reminders follow a meeting that moves): the latest offset whose time has
come. An earlier offset whose time passed while a later one is already due
is skipped, so nobody gets two reminders at once. Each send is recorded per
registration and offset (ReminderSent, unique), in the transaction that
queues the email: nobody gets the same reminder twice, whatever the workers
do. A cancelled (or unpublished) meeting sends none. Someone who registered
after a reminder's time already has everything in their confirmation and
does not get that one.

Focal points of a delegation that has no member yet get one reminder
`nomination_reminder_days` before the nomination deadline.

The emails are bulk mail (after transactional mail in the outbox), in the
participant's language, with the practical information of the registration
layout and, for confirmed online participants, the online link.
"""

from datetime import datetime
from datetime import timedelta

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import orm as so

from eventsys import links
from eventsys import site
from eventsys.audit.service import record
from eventsys.comms.models import DEFAULT_OFFSETS
from eventsys.comms.models import MAX_OFFSET_HOURS
from eventsys.comms.models import ReminderSchedule
from eventsys.comms.models import ReminderSent
from eventsys.errors import InvalidInput
from eventsys.extensions import db
from eventsys.mail.service import enqueue_bulk
from eventsys.mail.service import render_email
from eventsys.meetings.models import Meeting
from eventsys.registration import delegations
from eventsys.registration.models import ACTIVE_STATUSES
from eventsys.registration.models import Delegation
from eventsys.registration.models import Registration
from eventsys.registration.notify import manage_url

# At most this many reminders are queued per round; the rest go next minute,
# so a large meeting never holds the outbox back.
BATCH = 500
MAX_OFFSETS = 5
MAX_ALARM_MINUTES = 7 * 24 * 60
MAX_DAYS = 60
SETTING_FIELDS = (
    "enabled",
    "offsets",
    "invitation_alarm_minutes",
    "invitation_reminder_days",
    "nomination_reminder_days",
)


def schedule_of(meeting: Meeting) -> ReminderSchedule:
    """The meeting's schedule, or the defaults (not added to the session)."""
    schedule = db.session.get(ReminderSchedule, meeting.id)
    if schedule is None:
        schedule = ReminderSchedule(
            meeting_id=meeting.id,
            enabled=True,
            offsets=list(DEFAULT_OFFSETS),
            invitation_alarm_minutes=None,
            invitation_reminder_days=None,
            nomination_reminder_days=3,
        )
    return schedule


def due_offset(offsets, starts_at: datetime, now: datetime) -> int | None:
    """The one offset (hours) due at `now`: the latest whose time has come, before the start."""
    if now >= starts_at:
        return None
    due = [o for o in offsets if starts_at - timedelta(hours=o) <= now]
    return min(due) if due else None


# ---------------------------------------------------------------- settings


def format_offsets(offsets) -> str:
    """[168, 24, 2] as "7d, 1d, 2h" (the form's text)."""
    return ", ".join(f"{o // 24}d" if o % 24 == 0 else f"{o}h" for o in offsets)


def parse_offsets(text: str) -> list[int]:
    """ "7d, 1d, 2h" (or "7, 1": days) as hours, largest first.

    Raises: InvalidInput (field "offsets").
    """
    offsets = set()
    for part in (text or "").replace(";", ",").split(","):
        part = part.strip().lower()
        if not part:
            continue
        unit = 1 if part.endswith("h") else 24
        number = part.rstrip("dh").strip()
        if not number.isdigit() or int(number) <= 0:
            raise _offset_error()
        offsets.add(int(number) * unit)
    if len(offsets) > MAX_OFFSETS or any(o > MAX_OFFSET_HOURS for o in offsets):
        raise _offset_error()
    return sorted(offsets, reverse=True)


def _offset_error() -> InvalidInput:
    message = _(
        "Write up to %(n)d times before the start, separated by commas: 7d for "
        "seven days, 2h for two hours (at most 90 days).",
        n=MAX_OFFSETS,
    )
    return InvalidInput(message, fields={"offsets": message})


def _whole(data: dict, name: str, limit: int, errors: dict) -> int | None:
    raw = str(data.get(name) or "").strip()
    if not raw:
        return None
    if not raw.isdigit() or not 0 < int(raw) <= limit:
        errors[name] = _("A whole number from 1 to %(n)d, or empty for none.", n=limit)
        return None
    return int(raw)


def update_schedule(meeting: Meeting, *, data: dict, actor, now: datetime):
    """Write the meeting's reminder settings from form data.

    Raises: InvalidInput.
    """
    errors: dict[str, str] = {}
    try:
        offsets = parse_offsets(data.get("offsets", ""))
    except InvalidInput as error:
        errors.update(error.fields)
        offsets = []
    values = {
        "enabled": str(data.get("enabled") or "") in ("y", "on", "true", "1"),
        "offsets": offsets,
        "invitation_alarm_minutes": _whole(
            data, "invitation_alarm_minutes", MAX_ALARM_MINUTES, errors
        ),
        "invitation_reminder_days": _whole(
            data, "invitation_reminder_days", MAX_DAYS, errors
        ),
        "nomination_reminder_days": _whole(
            data, "nomination_reminder_days", MAX_DAYS, errors
        ),
    }
    if errors:
        raise InvalidInput(_("Please check the highlighted fields."), fields=errors)
    schedule = db.session.get(ReminderSchedule, meeting.id)
    if schedule is None:
        schedule = schedule_of(meeting)
        db.session.add(schedule)
    before = _settings(schedule)
    for name, value in values.items():
        setattr(schedule, name, value)
    schedule.updated_at = now
    db.session.flush()
    record(
        "reminders.update",
        actor=actor,
        obj=meeting,
        meeting=meeting,
        before=before,
        after=_settings(schedule),
        now=now,
    )
    return schedule


def _settings(schedule: ReminderSchedule) -> dict:
    return {
        "enabled": bool(schedule.enabled),
        "offsets": format_offsets(schedule.offsets or []),
        "invitation_alarm_minutes": schedule.invitation_alarm_minutes,
        "invitation_reminder_days": schedule.invitation_reminder_days,
        "nomination_reminder_days": schedule.nomination_reminder_days,
    }


# ---------------------------------------------------------------- sending


def _meetings_starting_soon(now: datetime, hours: int) -> list[Meeting]:
    return list(
        db.session.scalars(
            sa.select(Meeting)
            .where(
                Meeting.status == "published",
                Meeting.starts_at > now,
                Meeting.starts_at <= now + timedelta(hours=hours),
            )
            .order_by(Meeting.starts_at, Meeting.id)
        )
    )


def send_due_reminders(*, now: datetime, limit: int = BATCH) -> int:
    """Queue the participants' reminders due at `now`; commits per meeting; returns how many."""
    queued = 0
    for meeting in _meetings_starting_soon(now, MAX_OFFSET_HOURS):
        if queued >= limit:
            break
        schedule = schedule_of(meeting)
        if not schedule.enabled:
            continue
        offset = due_offset(schedule.offsets or [], meeting.starts_at, now)
        if offset is not None:
            queued += _remind_meeting(meeting, offset, now=now, limit=limit - queued)
    return queued


def _remind_meeting(meeting: Meeting, offset: int, *, now: datetime, limit: int) -> int:
    due_at = meeting.starts_at - timedelta(hours=offset)
    already = sa.select(ReminderSent.id).where(
        ReminderSent.registration_id == Registration.id,
        ReminderSent.offset_hours == offset,
    )
    registrations = db.session.scalars(
        sa.select(Registration)
        .where(
            Registration.meeting_id == meeting.id,
            Registration.status == "confirmed",
            Registration.created_at <= due_at,
            ~sa.exists(already),
        )
        .options(so.selectinload(Registration.category))
        .order_by(Registration.id)
        .limit(limit)
    ).all()
    base_url = site.base_url()
    for registration in registrations:
        db.session.add(
            ReminderSent(
                registration_id=registration.id,
                offset_hours=offset,
                meeting_starts_at=meeting.starts_at,
                sent_at=now,
            )
        )
        _reminder_email(registration, offset, base_url=base_url, now=now)
    return _commit_or_forget(len(registrations))


def _commit_or_forget(count: int) -> int:
    """Commit; if another worker sent the same reminders first, keep none of ours."""
    try:
        db.session.commit()
    except sa.exc.IntegrityError:
        db.session.rollback()
        return 0
    return count


def _reminder_email(registration: Registration, offset: int, *, base_url, now):
    meeting = registration.meeting
    # The current personal link: a reminder never replaces it.
    link = manage_url(base_url, links.link_for(registration))
    language = registration.language or meeting.main_language
    with force_locale(language):
        words = lead_time(offset)
    rendered = render_email(
        "reminder",
        language,
        registration=registration,
        meeting=meeting,
        manage_url=link,
        base_url=base_url,
        has_invitation=False,
        lead_time=words,
    )
    enqueue_bulk(
        registration.email,
        rendered,
        to_name=registration.display_name,
        reply_to=meeting.contact_email or "",
        kind="reminder",
        now=now,
    )


def lead_time(offset: int) -> str:
    """ "in 7 days", "tomorrow"-like words for an offset, in the current language."""
    if offset % 24 == 0:
        days = offset // 24
        return ngettext("in %(num)d day", "in %(num)d days", days)
    return ngettext("in %(num)d hour", "in %(num)d hours", offset)


# ---------------------------------------------------------------- focal points


def send_due_nomination_reminders(*, now: datetime, limit: int = BATCH) -> int:
    """Remind focal points whose delegation has no member before the nomination deadline."""
    queued = 0
    for meeting in _meetings_starting_soon(now, MAX_OFFSET_HOURS + MAX_DAYS * 24):
        schedule = schedule_of(meeting)
        days = schedule.nomination_reminder_days
        if not schedule.enabled or not days or queued >= limit:
            continue
        queued += _remind_focal_points(meeting, days, now=now)
    return queued


def _remind_focal_points(meeting, days: int, *, now) -> int:
    offset = days * 24
    members = sa.select(Registration.id).where(
        Registration.delegation_id == Delegation.id,
        Registration.status.in_(ACTIVE_STATUSES),
    )
    already = sa.select(ReminderSent.id).where(
        ReminderSent.delegation_id == Delegation.id,
        ReminderSent.offset_hours == offset,
    )
    candidates = db.session.scalars(
        sa.select(Delegation)
        .where(
            Delegation.meeting_id == meeting.id,
            Delegation.status.in_(("invited", "nominated")),
            ~sa.exists(members),
            ~sa.exists(already),
        )
        .order_by(Delegation.id)
    ).all()
    sent = 0
    for delegation in candidates:
        deadline = delegations.nomination_deadline(delegation)
        due_at = deadline - timedelta(days=days)
        # A focal point invited after the reminder's time has just had the link.
        if not (due_at <= now < deadline and delegation.created_at <= due_at):
            continue
        db.session.add(
            ReminderSent(
                delegation_id=delegation.id,
                offset_hours=offset,
                meeting_starts_at=meeting.starts_at,
                sent_at=now,
            )
        )
        delegations.send_nomination_reminder(delegation, now=now)
        sent += 1
    return _commit_or_forget(sent)
