"""Queries of invitations; the invitations page reads individuals and delegations as one."""

import sqlalchemy as sa

from eventsys.extensions import db
from eventsys.invitations.models import Invitation
from eventsys.registration.models import Delegation
from eventsys.registration.models import ParticipantCategory

# A delegation's status as an invitation's: invited is a sent invitation, a
# nominated or accredited delegation has accepted; a request not yet answered
# counts with the drafts, a withdrawn delegation with the revoked.
DELEGATION_AS_INVITATION = {
    "requested": "draft",
    "withdrawn": "revoked",
    "invited": "sent",
    "nominated": "accepted",
    "accredited": "accepted",
}
ANSWERED = ("accepted", "declined")


def meeting_invitations(meeting) -> sa.Select:
    return (
        sa.select(Invitation)
        .where(Invitation.meeting_id == meeting.id)
        .order_by(Invitation.id)
    )


def invited_emails(meeting) -> set[str]:
    """Addresses already invited to the meeting (a revoked invitation frees one)."""
    return set(
        db.session.scalars(
            sa.select(sa.func.lower(Invitation.email)).where(
                Invitation.meeting_id == meeting.id,
                Invitation.status != "revoked",
            )
        )
    )


def invitation_rows(meeting) -> sa.Subquery:
    """Individuals' invitations and delegations as rows of one shape.

    Columns: kind ('person' | 'delegation'), id, email, name, represents,
    category_key (NULL for delegations), status (an invitation's), sent_at,
    answered_at, used_by (who used an invitation; empty for delegations).
    """
    people = (
        sa.select(
            sa.literal("person").label("kind"),
            Invitation.id,
            Invitation.email,
            sa.func.trim(
                Invitation.given_name + sa.literal(" ") + Invitation.family_name
            ).label("name"),
            Invitation.represents,
            ParticipantCategory.key.label("category_key"),
            Invitation.status,
            Invitation.sent_at,
            Invitation.answered_at,
            Invitation.used_by_email.label("used_by"),
        )
        .join(ParticipantCategory, ParticipantCategory.id == Invitation.category_id)
        .where(Invitation.meeting_id == meeting.id)
    )
    status = sa.case(
        *((Delegation.status == k, v) for k, v in DELEGATION_AS_INVITATION.items()),
        else_=Delegation.status,
    )
    delegations = sa.select(
        sa.literal("delegation").label("kind"),
        Delegation.id,
        Delegation.focal_point_email.label("email"),
        Delegation.focal_point_name.label("name"),
        Delegation.represents,
        sa.null().label("category_key"),
        status.label("status"),
        Delegation.created_at.label("sent_at"),
        sa.case(
            (Delegation.status.in_(("requested", "invited")), sa.null()),
            else_=Delegation.updated_at,
        ).label("answered_at"),
        sa.literal("").label("used_by"),
    ).where(Delegation.meeting_id == meeting.id)
    return sa.union_all(people, delegations).subquery("invitation_rows")


def filtered_rows(meeting, *, status="", category="", represents="") -> sa.Select:
    rows = invitation_rows(meeting)
    query = sa.select(rows).order_by(rows.c.represents, rows.c.email, rows.c.id)
    if status == "no_answer":
        query = query.where(rows.c.status == "sent")
    elif status:
        query = query.where(rows.c.status == status)
    if category == "delegation":
        query = query.where(rows.c.kind == "delegation")
    elif category:
        query = query.where(rows.c.category_key == category)
    if represents:
        query = query.where(rows.c.represents.icontains(represents, autoescape=True))
    return query


def count_rows(meeting) -> dict[str, int]:
    """Counts shared by invitations and delegations: sent, accepted, declined, no answer."""
    rows = invitation_rows(meeting)
    found = dict(
        db.session.execute(
            sa.select(rows.c.status, sa.func.count()).group_by(rows.c.status)
        ).all()
    )
    answered = sum(found.get(s, 0) for s in ANSWERED)
    return {
        "sent": found.get("sent", 0) + answered,
        "accepted": found.get("accepted", 0),
        "declined": found.get("declined", 0),
        "no_answer": found.get("sent", 0),
        "draft": found.get("draft", 0),
        "revoked": found.get("revoked", 0),
    }
