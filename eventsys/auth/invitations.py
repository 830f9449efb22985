"""Inviting people to a meeting's team: a role for an address with no account yet.

The invitation is a single-use link (only its hash is stored) that lets the
person choose a password; the role takes effect when they accept. Addresses
of an SSO domain are sent to the organisation's sign-in instead.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from datetime import timedelta

import sqlalchemy as sa
from flask_babel import gettext as _

from eventsys.audit.service import record
from eventsys.auth.models import AccountInvitation
from eventsys.auth.models import User
from eventsys.auth.permissions import can_manage_meeting
from eventsys.auth.permissions import require
from eventsys.auth.service import create_user
from eventsys.auth.service import get_user_by_email
from eventsys.auth.service import normalise_email
from eventsys.errors import Conflict
from eventsys.errors import InvalidInput
from eventsys.errors import NotFound
from eventsys.extensions import db
from eventsys.lookup import get_of_meeting
from eventsys.mail.service import enqueue
from eventsys.mail.service import render_email
from eventsys.meetings.service import check_meeting_role
from eventsys.meetings.service import grant_meeting_role
from eventsys.models import utcnow
from eventsys.tokens import hash_token
from eventsys.tokens import new_token

INVITATION_LIFETIME = timedelta(days=14)


@dataclass(frozen=True)
class Links:
    """How the boundary builds the link of an invitation (absolute URLs)."""

    accept: Callable[[str], str]
    sso_domains: tuple[str, ...] = ()


def is_sso_address(email: str, domains) -> bool:
    return normalise_email(email).rpartition("@")[2] in {d.lower() for d in domains}


def add_to_team(meeting, *, actor, email: str, role: str, language: str,
                links: Links, now: datetime | None = None):  # fmt: skip
    """The role at once for an existing account, else an invitation by email.

    Returns the MeetingRole or the AccountInvitation.
    Raises: PermissionDenied, InvalidInput, Conflict.
    """
    require(can_manage_meeting(actor, meeting))
    check_meeting_role(role)
    user = get_user_by_email(email)
    if user is not None:
        return grant_meeting_role(meeting, user, role, actor=actor, now=now)
    return invite(meeting, actor=actor, email=email, role=role,
                  language=language, links=links, now=now)  # fmt: skip


def invite(meeting, *, actor, email: str, role: str, language: str, links: Links,
           now: datetime | None = None) -> AccountInvitation:  # fmt: skip
    """Send an invitation to a role at the meeting.

    Raises: PermissionDenied, InvalidInput, Conflict (one is already pending).
    """
    require(can_manage_meeting(actor, meeting))
    check_meeting_role(role)
    now = now or utcnow()
    email = normalise_email(email)
    if "@" not in email or len(email) > 254:
        message = _("Enter a valid email address.")
        raise InvalidInput(message, {"email": message})
    if db.session.scalar(pending(meeting).where(AccountInvitation.email == email)):
        raise Conflict(_("An invitation to this address is already pending."))
    invitation = AccountInvitation(
        email=email, role=role, meeting=meeting, invited_by=actor,
        language=language if language in ("en", "fr", "es") else "en",
        token_hash="", expires_at=now,
    )  # fmt: skip
    db.session.add(invitation)
    _send(invitation, links, now=now)
    record("team_invitation.sent", actor=actor, obj=invitation, meeting=meeting, now=now,
           after={"email": email, "role": role})  # fmt: skip
    return invitation


def _send(invitation: AccountInvitation, links: Links, *, now: datetime) -> None:
    """A fresh token (an earlier link stops working), 14 days, and the email."""
    token, digest = new_token()
    invitation.token_hash = digest
    invitation.expires_at = now + INVITATION_LIFETIME
    invitation.sent_at = now
    db.session.flush()
    meeting = invitation.meeting
    subject, text, html = render_email(
        "account_invitation",
        invitation.language,
        meeting=meeting,
        role=invitation.role,
        inviter=invitation.invited_by.name if invitation.invited_by else "",
        accept_url=links.accept(token),
        sso=is_sso_address(invitation.email, links.sso_domains),
        days=INVITATION_LIFETIME.days,
    )
    enqueue(invitation.email, subject, text, html, kind="account_invitation",
            reply_to=meeting.contact_email or "", now=now)  # fmt: skip


def resend(meeting, invitation_id: int, *, actor, links: Links, now=None):
    """A new link for a pending invitation; the old one stops working.

    Raises: PermissionDenied, NotFound, Conflict (accepted or revoked).
    """
    require(can_manage_meeting(actor, meeting))
    now = now or utcnow()
    invitation = _of_meeting(meeting, invitation_id)
    if invitation.accepted_at or invitation.revoked_at:
        raise Conflict(_("This invitation is no longer pending."))
    _send(invitation, links, now=now)
    record("team_invitation.resent", actor=actor, obj=invitation, meeting=meeting,
           after={"email": invitation.email}, now=now)  # fmt: skip
    return invitation


def revoke(meeting, invitation_id: int, *, actor, now=None) -> AccountInvitation:
    """The link stops working.

    Raises: PermissionDenied, NotFound, Conflict (already accepted).
    """
    require(can_manage_meeting(actor, meeting))
    now = now or utcnow()
    invitation = _of_meeting(meeting, invitation_id)
    if invitation.accepted_at:
        raise Conflict(_("This invitation was already accepted."))
    invitation.revoked_at = invitation.revoked_at or now
    record("team_invitation.revoked", actor=actor, obj=invitation, meeting=meeting,
           before={"email": invitation.email, "role": invitation.role}, now=now)  # fmt: skip
    db.session.flush()
    return invitation


def _of_meeting(meeting, invitation_id: int) -> AccountInvitation:
    return get_of_meeting(
        AccountInvitation, invitation_id, meeting, _("No such invitation.")
    )


def pending(meeting) -> sa.Select:
    """Invitations of the meeting not yet accepted, revoked or expired (oldest first)."""
    return (
        sa.select(AccountInvitation)
        .where(
            AccountInvitation.meeting_id == meeting.id,
            AccountInvitation.accepted_at.is_(None),
            AccountInvitation.revoked_at.is_(None),
            AccountInvitation.expires_at > utcnow(),
        )
        .order_by(AccountInvitation.created_at, AccountInvitation.id)
    )


def for_token(token: str, *, now: datetime | None = None) -> AccountInvitation | None:
    """The open invitation this link belongs to; None if unknown, used or expired."""
    if not token or len(token) > 100:
        return None
    invitation = db.session.scalar(
        sa.select(AccountInvitation).where(
            AccountInvitation.token_hash == hash_token(token)
        )
    )
    if invitation is None or not invitation.is_open(now or utcnow()):
        return None
    return invitation


def accept(token: str, *, name: str, password: str, now=None) -> User:
    """Create the account with its password and give it the role; the link is used up.

    Raises: NotFound (unknown, used, revoked or expired), InvalidInput, Conflict.
    """
    now = now or utcnow()
    invitation = for_token(token, now=now)
    if invitation is None:
        raise NotFound(_("This invitation is not valid any more."))
    user = create_user(invitation.email, password, name=(name or "").strip()[:200])
    user.language = invitation.language
    return _take_effect(invitation, user, now=now)


def accept_as(invitation: AccountInvitation, user: User, *, now=None) -> User:
    """Accept for a user who signed in another way (SSO) with the invited address.

    Raises: NotFound (not open), PermissionDenied (another address).
    """
    now = now or utcnow()
    if not invitation.is_open(now):
        raise NotFound(_("This invitation is not valid any more."))
    require(normalise_email(user.email) == invitation.email)
    return _take_effect(invitation, user, now=now)


def _take_effect(invitation: AccountInvitation, user: User, *, now) -> User:
    invitation.accepted_at = now
    invitation.token_hash = hash_token(new_token()[0])  # nothing can find it again
    if not any(r.meeting_id == invitation.meeting_id and r.role == invitation.role
               for r in user.roles):  # fmt: skip
        grant_meeting_role(invitation.meeting, user, invitation.role,
                           actor=invitation.invited_by, now=now)  # fmt: skip
    record("team_invitation.accepted", actor=user, obj=invitation,
           meeting=invitation.meeting, after={"email": user.email}, now=now)  # fmt: skip
    db.session.flush()
    return user


def get_open_or_404(token: str) -> AccountInvitation:
    """Raises: NotFound."""
    invitation = for_token(token)
    if invitation is None:
        raise NotFound(_("This invitation is not valid any more."))
    return invitation
