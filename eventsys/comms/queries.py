"""The audiences of messages and the counts of what was sent: one query each."""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy import orm as so

from eventsys.comms.models import Message
from eventsys.comms.models import MessageOptOut
from eventsys.extensions import db
from eventsys.mail.models import OutboxEmail
from eventsys.onsite.models import Checkin
from eventsys.outcomes.models import OutcomeDocument
from eventsys.registration.models import Delegation
from eventsys.registration.models import Registration

AUDIENCE_KINDS = ("registrations", "focal_points")
DELEGATION_SCOPES = ("", "members", "heads")


@dataclass(frozen=True)
class Audience:
    """A message's audience filter, as stored on Message.audience."""

    kind: str = "registrations"
    statuses: tuple[str, ...] = ("confirmed",)
    category_ids: tuple[int, ...] = ()
    attendance: str = ""  # "" (any), in_person, online
    delegation: str = (
        ""  # "" (anyone), members (of a delegation), heads (of delegation)
    )
    languages: tuple[str, ...] = ()
    # Only participants with recorded attendance (to send the certificates).
    attended: bool = False

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "statuses": list(self.statuses),
            "category_ids": list(self.category_ids),
            "attendance": self.attendance,
            "delegation": self.delegation,
            "languages": list(self.languages),
            "attended": self.attended,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Audience":
        return cls(
            kind=data.get("kind") or "registrations",
            statuses=tuple(data.get("statuses") or ()),
            category_ids=tuple(int(i) for i in data.get("category_ids") or ()),
            attendance=data.get("attendance") or "",
            delegation=data.get("delegation") or "",
            languages=tuple(data.get("languages") or ()),
            attended=bool(data.get("attended")),
        )


def _not_opted_out(email_column):
    return sa.func.lower(email_column).not_in(sa.select(MessageOptOut.email))


def registration_audience(meeting_id: int, audience: Audience) -> sa.Select:
    """Registrations of a meeting the filter selects, opted-out addresses left out."""
    query = sa.select(Registration).where(
        Registration.meeting_id == meeting_id,
        Registration.anonymised_at.is_(None),
        _not_opted_out(Registration.email),
    )
    if audience.statuses:
        query = query.where(Registration.status.in_(audience.statuses))
    if audience.category_ids:
        query = query.where(Registration.category_id.in_(audience.category_ids))
    if audience.attendance:
        query = query.where(Registration.attendance == audience.attendance)
    if audience.delegation in ("members", "heads"):
        query = query.where(Registration.delegation_id.is_not(None))
    if audience.delegation == "heads":
        query = query.where(Registration.function == "head_of_delegation")
    if audience.languages:
        query = query.where(Registration.language.in_(audience.languages))
    if audience.attended:
        query = query.where(
            sa.select(Checkin.id)
            .where(Checkin.registration_id == Registration.id)
            .exists()
        )
    return query.order_by(Registration.id)


def focal_point_audience(meeting_id: int, audience: Audience) -> sa.Select:
    """Delegations of a meeting by status: their focal points are the recipients."""
    query = sa.select(Delegation).where(
        Delegation.meeting_id == meeting_id,
        Delegation.focal_point_email != "",
        _not_opted_out(Delegation.focal_point_email),
    )
    if audience.statuses:
        query = query.where(Delegation.status.in_(audience.statuses))
    return query.order_by(Delegation.id)


def audience_query(meeting_id: int, audience: Audience) -> sa.Select:
    if audience.kind == "focal_points":
        return focal_point_audience(meeting_id, audience)
    return registration_audience(meeting_id, audience)


def audience_count(meeting_id: int, audience: Audience) -> sa.Select:
    """How many people a message would reach: one COUNT, whatever the size."""
    inner = audience_query(meeting_id, audience).order_by(None).subquery()
    return sa.select(sa.func.count()).select_from(inner)


def meeting_messages(meeting_id: int) -> sa.Select:
    """The messages of a meeting, newest first, with their authors."""
    return (
        sa.select(Message)
        .where(Message.meeting_id == meeting_id)
        .options(so.joinedload(Message.author))
        .order_by(Message.created_at.desc(), Message.id.desc())
    )


def delivery_counts(message_ids: list[int]) -> dict[int, dict[str, int]]:
    """{message id: {"sent": n, "failed": n, "pending": n}} from the outbox, in one query."""
    counts = {i: {"sent": 0, "failed": 0, "pending": 0} for i in message_ids}
    if not message_ids:
        return counts
    rows = db.session.execute(
        sa.select(OutboxEmail.comms_message_id, OutboxEmail.status, sa.func.count())
        .where(OutboxEmail.comms_message_id.in_(message_ids))
        .group_by(OutboxEmail.comms_message_id, OutboxEmail.status)
    )
    for message_id, status, n in rows:
        bucket = status if status in ("sent", "failed") else "pending"
        counts[message_id][bucket] += n
    return counts


def waiting_counts(meeting_ids) -> dict[int, dict[str, int]]:
    """What waits for a meeting's secretariat: pending registrations (not the
    members a focal point nominated, accredited with their delegation) and
    outcome documents in review, by meeting. Two queries, whatever the number
    of meetings."""
    ids = list(meeting_ids)
    counts = {i: {"pending": 0, "in_review": 0} for i in ids}
    if not ids:
        return counts
    pending = db.session.execute(
        sa.select(Registration.meeting_id, sa.func.count())
        .where(
            Registration.meeting_id.in_(ids),
            Registration.status == "pending",
            Registration.delegation_id.is_(None),
        )
        .group_by(Registration.meeting_id)
    )
    for meeting_id, number in pending:
        counts[meeting_id]["pending"] = number
    in_review = db.session.execute(
        sa.select(OutcomeDocument.meeting_id, sa.func.count())
        .where(
            OutcomeDocument.meeting_id.in_(ids),
            OutcomeDocument.status == "in_review",
        )
        .group_by(OutcomeDocument.meeting_id)
    )
    for meeting_id, number in in_review:
        counts[meeting_id]["in_review"] = number
    return counts
