"""Notifications to the secretariat and rapporteurs: now, in a daily digest, or not at all.

Managers of a meeting (its managers and its series' managers) hear of new
pending registrations, members nominated by a focal point, outcome
documents sent for review and new side event proposals; its rapporteurs hear of a return (with the
comment) and of a publication. The person who acted is never told of their
own act. Each user chooses on /account (NotificationPreference; no row is
"immediate"). A digest keeps what happened (kind and words), not the email,
and the daily job `notification_digest` writes it in the user's language.
"""

from datetime import datetime
from itertools import groupby

import sqlalchemy as sa
from flask_babel import gettext as _

from eventsys import site
from eventsys.auth.models import SeriesRole
from eventsys.auth.models import User
from eventsys.comms.models import NOTIFICATION_KINDS
from eventsys.comms.models import NOTIFICATION_MODES
from eventsys.comms.models import NotificationPreference
from eventsys.comms.models import PendingNotification
from eventsys.errors import InvalidInput
from eventsys.extensions import db
from eventsys.mail.service import enqueue
from eventsys.mail.service import render_email
from eventsys.meetings.models import Meeting
from eventsys.meetings.models import MeetingRole

MANAGER_KINDS = (
    "registration_pending",
    "delegation_nominated",
    "outcome_submitted",
    "side_event_proposed",
)
RAPPORTEUR_KINDS = ("outcome_returned", "outcome_published")


def mode_of(user) -> str:
    preference = db.session.get(NotificationPreference, user.id)
    return preference.mode if preference else "immediate"


def set_mode(user, mode: str, *, now: datetime) -> None:
    """Raises: InvalidInput (not one of NOTIFICATION_MODES)."""
    if mode not in NOTIFICATION_MODES:
        raise InvalidInput(
            _("Please choose from the list."),
            fields={"mode": _("Please choose from the list.")},
        )
    preference = db.session.get(NotificationPreference, user.id)
    if preference is None:
        preference = NotificationPreference(user_id=user.id)
        db.session.add(preference)
    preference.mode = mode
    preference.updated_at = now
    db.session.flush()


def managers_of(meeting: Meeting, *, now: datetime) -> list[User]:
    """Active users who manage the meeting by a current role or through its series."""
    by_meeting = sa.select(MeetingRole.user_id).where(
        MeetingRole.meeting_id == meeting.id,
        MeetingRole.role == "manager",
        sa.or_(MeetingRole.expires_at.is_(None), MeetingRole.expires_at > now),
    )
    by_series = sa.select(SeriesRole.user_id).where(
        SeriesRole.series_id == meeting.series_id, SeriesRole.role == "manager"
    )
    return _active_users(sa.union(by_meeting, by_series))


def rapporteurs_of(meeting: Meeting, *, now: datetime) -> list[User]:
    return _active_users(
        sa.select(MeetingRole.user_id).where(
            MeetingRole.meeting_id == meeting.id,
            MeetingRole.role == "rapporteur",
            sa.or_(MeetingRole.expires_at.is_(None), MeetingRole.expires_at > now),
        )
    )


def _active_users(ids) -> list[User]:
    return list(
        db.session.scalars(
            sa.select(User)
            .where(User.id.in_(ids), User.active.is_(True))
            .order_by(User.id)
        )
    )


def notify(meeting: Meeting, kind: str, params: dict, *, actor=None, now: datetime):
    """Tell whoever the kind concerns, each as they chose (flushed, not committed)."""
    if kind not in NOTIFICATION_KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    if kind in MANAGER_KINDS:
        users = managers_of(meeting, now=now)
    else:
        users = rapporteurs_of(meeting, now=now)
    actor_id = getattr(actor, "id", None)
    for user in users:
        if user.id == actor_id:
            continue
        mode = mode_of(user)
        if mode == "immediate":
            _send_now(user, meeting, kind, params, now=now)
        elif mode == "digest":
            db.session.add(
                PendingNotification(
                    user_id=user.id,
                    meeting_id=meeting.id,
                    kind=kind,
                    params=dict(params),
                    created_at=now,
                )
            )
    db.session.flush()


def _send_now(user, meeting, kind: str, params: dict, *, now: datetime) -> None:
    subject, text, html = render_email(
        "notification",
        user.language or "en",
        meeting=meeting,
        item={"kind": kind, "params": params, "meeting": meeting},
        base_url=site.base_url(),
    )
    enqueue(
        user.email,
        subject,
        text,
        html,
        to_name=user.name or "",
        kind=f"notify_{kind}",
        now=now,
    )


def send_digests(*, now: datetime) -> int:
    """Queue one digest per user with kept notifications, then forget them; returns how many."""
    rows = db.session.scalars(
        sa.select(PendingNotification)
        .where(PendingNotification.created_at <= now)
        .order_by(PendingNotification.user_id, PendingNotification.id)
    ).all()
    sent = 0
    for user_id, group in groupby(rows, key=lambda row: row.user_id):
        items = list(group)
        user = db.session.get(User, user_id)
        if user is not None and user.active and mode_of(user) == "digest":
            _send_digest(user, items, now=now)
            sent += 1
        for row in items:
            db.session.delete(row)
    db.session.flush()
    return sent


def _send_digest(user, items: list[PendingNotification], *, now: datetime) -> None:
    subject, text, html = render_email(
        "notification_digest",
        user.language or "en",
        items=[
            {"kind": row.kind, "params": row.params or {}, "meeting": row.meeting}
            for row in items
        ],
        base_url=site.base_url(),
    )
    enqueue(
        user.email,
        subject,
        text,
        html,
        to_name=user.name or "",
        kind="notify_digest",
        now=now,
    )
