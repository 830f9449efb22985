"""Export and erasure of a participant's personal data, and the retention purge.

Erasure anonymises rather than deletes: the row keeps its meeting, category,
status and attendance so counts and statistics stay true, and everything that
names or describes the person is removed.
"""

import re
from datetime import datetime
from datetime import timedelta
from typing import Any

import sqlalchemy as sa

from eventsys import links
from eventsys.agenda.models import AgendaSession
from eventsys.agenda.models import SessionPerson
from eventsys.audit.models import AuditEvent
from eventsys.audit.service import record
from eventsys.auth.permissions import can_manage_meeting
from eventsys.auth.permissions import require
from eventsys.extensions import db
from eventsys.mail.models import OutboxEmail
from eventsys.mail.service import anonymise_mail_to
from eventsys.meetings.models import Meeting
from eventsys.models import utcnow
from eventsys.onsite import visa
from eventsys.onsite.models import Checkin
from eventsys.pdf import documents
from eventsys.registration import service as registration_service
from eventsys.registration.models import ACTIVE_STATUSES
from eventsys.registration.models import Registration

ERASED_NAME = "Erased"
ERASED_VALUE = "[erased]"
EXPORTED_FIELDS = (
    "email", "title", "given_name", "family_name", "organisation", "represents",
    "nationality", "country", "position", "function", "attendance", "status",
    "status_changed_at", "decision_note", "needs", "consent_to_list", "consent_at",
    "notice_version", "language", "created_at", "updated_at", "anonymised_at",
)  # fmt: skip
# Fields that describe the person; audit events about an erased registration
# keep their action and time but lose these values.
PERSONAL_FIELDS = (
    "email", "title", "given_name", "family_name", "name", "organisation",
    "represents", "nationality", "country", "position", "function", "needs",
    "decision_note", "answers", "display_name",
)  # fmt: skip


def export_registration(
    registration: Registration, *, now: datetime | None = None
) -> dict:
    """Everything eventsys holds about the person behind one registration."""
    meeting = registration.meeting
    data = {
        "exported_at": _iso(now or utcnow()),
        "meeting": {
            "slug": meeting.slug,
            "title": meeting.title,
            "starts_at": _iso(meeting.starts_at),
            "ends_at": _iso(meeting.ends_at),
        },
        "registration": {
            name: _plain(getattr(registration, name)) for name in EXPORTED_FIELDS
        },
        "category": {
            "key": registration.category.key,
            "name": registration.category.name,
        },
        "delegation": _delegation(registration),
        "answers": [_answer(a) for a in registration.answers],
        "history": [_event(e) for e in _events_about(registration)],
    }
    record(
        "privacy.exported", obj=registration, meeting=meeting, security=True, now=now
    )
    return data


def _delegation(registration: Registration) -> dict | None:
    delegation = registration.delegation
    if delegation is None:
        return None
    return {
        "represents": delegation.represents,
        "country": delegation.country,
        "status": delegation.status,
        "function": registration.function,
    }


def _answer(answer) -> dict:
    return {
        "question": answer.question.label,
        "kind": answer.question.kind,
        "value": answer.value,
    }


def _event(event: AuditEvent) -> dict:
    return {
        "at": _iso(event.at),
        "action": event.action,
        "before": event.before,
        "after": event.after,
    }


def _events_about(registration: Registration) -> list[AuditEvent]:
    query = (
        sa.select(AuditEvent)
        .where(
            AuditEvent.object_type == "Registration",
            AuditEvent.object_id == registration.id,
        )
        .order_by(AuditEvent.at, AuditEvent.id)
    )
    return list(db.session.scalars(query))


def erase_registration(
    registration: Registration,
    *,
    actor=None,
    storage=None,
    now: datetime | None = None,
) -> bool:
    """Anonymise one registration; release its seat first if the meeting is still ahead.

    actor None means the participant asked, through their personal link.
    storage: the file storage (documents/storage.py) holding any visa letter;
    without it, the letter's encrypted file is left for the daily purge.
    Returns False when it was already anonymised (nothing to do).

    Raises:
        PermissionDenied: the actor may not manage the registration's meeting.
    """
    now = now or utcnow()
    if actor is not None:
        require(can_manage_meeting(actor, registration.meeting))
    if registration.anonymised_at is not None:
        return False
    rendered = documents.meeting_keys(registration.meeting)
    if registration.status in ACTIVE_STATUSES and registration.meeting.ends_at > now:
        _cancel(registration, actor=actor, now=now)
    _anonymise(registration, now=now, storage=storage)
    db.session.flush()
    # PDFs rendered before the erasure named the person: their files go now.
    documents.delete_cached(rendered - documents.meeting_keys(registration.meeting))
    by = "secretariat" if actor is not None else "participant"
    record(
        "privacy.erased", actor=actor, obj=registration, meeting=registration.meeting,
        after={"by": by}, security=True, now=now,
    )  # fmt: skip
    db.session.flush()
    return True


def _cancel(registration: Registration, *, actor, now: datetime) -> None:
    """Cancel through the registration service: the seat goes to the next in line."""
    registration_service.cancel(
        registration, actor=actor, by_participant=actor is None, now=now
    )


def _anonymise(registration: Registration, *, now: datetime, storage=None) -> None:
    anonymise_mail_to(registration.email)
    _erase_onsite(registration, now=now, storage=storage)
    registration.given_name = ERASED_NAME
    registration.family_name = ERASED_NAME
    registration.email = f"erased-{registration.id}@invalid"
    for name in ("title", "organisation", "represents", "nationality", "country",
                 "position", "needs", "decision_note"):  # fmt: skip
        setattr(registration, name, "")
    registration.function = None
    registration.gender = None
    registration.consent_to_list = False
    registration.user_id = None
    links.retire(registration)  # every link to it now answers 404
    registration.answers.clear()
    registration.anonymised_at = now
    _redact_events(registration)


def _erase_onsite(registration: Registration, *, now: datetime, storage) -> None:
    """Passport data, the visa letter, the check-in code and the check-ins go too."""
    visa.erase_for(registration, storage=storage, now=now)
    registration.checkin_code = None
    db.session.execute(
        sa.delete(Checkin).where(Checkin.registration_id == registration.id)
    )


def _redact_events(registration: Registration) -> None:
    for event in _events_about(registration):
        event.before = _redacted(event.before)
        event.after = _redacted(event.after)


def _redacted(values: dict[str, Any]) -> dict[str, Any]:
    return {
        k: (ERASED_VALUE if k in PERSONAL_FIELDS else v)
        for k, v in (values or {}).items()
    }


def retention_cutoff(retention: str, now: datetime) -> datetime | None:
    """When the retention period (EVENTSYS_PRIVACY_RETENTION, e.g. "24months")
    began: meetings that ended before it are purged. None when no period is set.

    Raises: ValueError on a period that is not a number of days, months or years.
    """
    if not retention:
        return None
    amount, unit = parse_age(retention)
    return cutoff_before(now, amount, unit)


def inside_retention(cutoff: datetime | None):
    """The SQL condition on Meeting that the purge leaves alone (everything when
    no period is set): the one rule of what is past retention."""
    return sa.true() if cutoff is None else Meeting.ends_at >= cutoff


def purge_older_than(
    cutoff: datetime, *, storage=None, now: datetime | None = None
) -> int:
    """Anonymise the registrations of meetings that ended before cutoff; returns how many.

    Status, category and attendance stay, so the counts of past meetings hold.
    """
    now = now or utcnow()
    query = (
        sa.select(Registration)
        .join(Meeting, Meeting.id == Registration.meeting_id)
        .where(sa.not_(inside_retention(cutoff)), Registration.anonymised_at.is_(None))
        .order_by(Registration.meeting_id, Registration.id)
    )
    per_meeting: dict[int, int] = {}
    for registration in db.session.scalars(query).all():
        _anonymise(registration, now=now, storage=storage)
        per_meeting[registration.meeting_id] = (
            per_meeting.get(registration.meeting_id, 0) + 1
        )
    _clear_session_genders(cutoff)
    for meeting_id, count in per_meeting.items():
        meeting = db.session.get(Meeting, meeting_id)
        record("privacy.purged", meeting=meeting, obj=meeting, after={"anonymised": count,
               "cutoff": _iso(cutoff)}, security=True, now=now)  # fmt: skip
    db.session.flush()
    return sum(per_meeting.values())


def _clear_session_genders(cutoff: datetime) -> None:
    """The people of sessions of ended meetings keep their names, not their gender."""
    ended = (
        sa.select(AgendaSession.id)
        .join(Meeting, Meeting.id == AgendaSession.meeting_id)
        .where(Meeting.ends_at < cutoff)
    )
    db.session.execute(
        sa.update(SessionPerson)
        .where(SessionPerson.session_id.in_(ended), SessionPerson.gender.is_not(None))
        .values(gender=None)
    )


_AGE = re.compile(r"^\s*(\d{1,4})\s*(days?|months?|years?)\s*$", re.IGNORECASE)


def parse_age(text: str) -> tuple[int, str]:
    """'24months' -> (24, 'months'); raises ValueError on anything else."""
    match = _AGE.match(text or "")
    if not match:
        raise ValueError(text)
    unit = match.group(2).lower().rstrip("s") + "s"
    return int(match.group(1)), unit


def cutoff_before(now: datetime, amount: int, unit: str) -> datetime:
    """now minus an age in calendar days, months or years (clamped to month ends)."""
    if unit == "days":
        return now - timedelta(days=amount)
    months = amount * 12 if unit == "years" else amount
    total = now.year * 12 + (now.month - 1) - months
    year, month = divmod(total, 12)
    month += 1
    day = min(now.day, _days_in_month(year, month))
    return now.replace(year=year, month=month, day=day)


def _days_in_month(year: int, month: int) -> int:
    following = datetime(year + month // 12, month % 12 + 1, 1)
    return (following - timedelta(days=1)).day


def purge_sent_mail(cutoff: datetime) -> int:
    """Delete outbox rows sent before cutoff (their copies live in mailboxes); returns how many."""
    result = db.session.execute(
        sa.delete(OutboxEmail).where(
            OutboxEmail.status == "sent", OutboxEmail.sent_at < cutoff
        )
    )
    return result.rowcount or 0


def _plain(value):
    return _iso(value) if isinstance(value, datetime) else value


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None
