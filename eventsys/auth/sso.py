"""Single sign-on: who an OpenID Connect identity is here (docs/deployment.md, "Single sign-on (OpenID Connect)").

An identity is matched on (issuer, subject), never on an email claim alone
(matching on email is the published "nOAuth" takeover). A first sign-in
links to an existing account only when the provider says the email is
verified and its domain is one of SSO_REQUIRED_DOMAINS, or when the person
is signed in to that account with its password; admin accounts are never
linked automatically.
"""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from eventsys.audit.service import record
from eventsys.auth import invitations
from eventsys.auth.models import AccountInvitation
from eventsys.auth.models import User
from eventsys.auth.models import UserIdentity
from eventsys.auth.service import get_user_by_email
from eventsys.auth.service import normalise_email
from eventsys.errors import PermissionDenied
from eventsys.extensions import db
from eventsys.models import utcnow


@dataclass(frozen=True)
class Policy:
    """The deployment's rules, passed in from the configuration."""

    issuer: str
    sso_domains: tuple[str, ...] = ()
    create_accounts: bool = False


def sign_in(claims: dict, *, policy: Policy, signed_in: User | None = None,
            invitation: AccountInvitation | None = None,
            ip: str = "", now: datetime | None = None) -> User:  # fmt: skip
    """The account of a verified ID token's claims, linking or creating it by the rules.

    Raises: PermissionDenied with the reason shown to the person.
    """
    now = now or utcnow()
    subject = str(claims.get("sub") or "")
    if not subject:
        raise PermissionDenied(_("The sign-in service sent no identity."))
    identity = db.session.scalar(
        sa.select(UserIdentity).where(
            UserIdentity.issuer == policy.issuer, UserIdentity.subject == subject
        )
    )
    user = identity.user if identity else _first_sign_in(
        claims, subject, policy=policy, signed_in=signed_in, invitation=invitation,
        now=now,
    )  # fmt: skip
    if not user.is_active:
        raise PermissionDenied(_("This account is deactivated."))
    user.last_login_at = now
    record("login.sso", actor=user, obj=user, security=True, ip=ip, now=now)
    if invitation is not None and invitation.is_open(now):
        invitations.accept_as(invitation, user, now=now)
    return user


def _first_sign_in(claims, subject, *, policy, signed_in, invitation, now) -> User:
    email = normalise_email(claims.get("email") or "")
    verified = claims.get("email_verified") is True
    if signed_in is not None:
        return _link(signed_in, subject, email, policy, now, how="signed_in")
    existing = get_user_by_email(email) if email else None
    if existing is not None:
        if existing.is_admin:
            raise PermissionDenied(_(
                "An administrator's account is never linked automatically. Sign "
                "in with your password, then link your organisation's account."
            ))  # fmt: skip
        if not (verified and invitations.is_sso_address(email, policy.sso_domains)):
            raise PermissionDenied(_(
                "An account already uses this address. Sign in once with its "
                "password, then sign in with your organisation to link them."
            ))  # fmt: skip
        return _link(existing, subject, email, policy, now, how="verified_domain")
    invited = invitation is not None and invitation.email == email
    if not email or not verified or not (policy.create_accounts or invited):
        raise PermissionDenied(_(
            "There is no account for this sign-in. Ask the secretariat to invite you."
        ))  # fmt: skip
    user = User(email=email, name=str(claims.get("name") or "")[:200])
    db.session.add(user)
    db.session.flush()
    record("user.created", actor=user, obj=user, security=True, now=now,
           after={"email": email, "via": "sso"})  # fmt: skip
    return _link(user, subject, email, policy, now, how="created")


def _link(user: User, subject: str, email: str, policy: Policy, now, *, how) -> User:
    """One identity per account and issuer: a second subject is refused."""
    other = db.session.scalar(
        sa.select(UserIdentity).where(
            UserIdentity.user_id == user.id, UserIdentity.issuer == policy.issuer
        )
    )
    if other is not None:
        raise PermissionDenied(_(
            "This account is already linked to another identity at your organisation."
        ))  # fmt: skip
    db.session.add(UserIdentity(user=user, issuer=policy.issuer, subject=subject,
                                email=email[:254], created_at=now))  # fmt: skip
    db.session.flush()
    record("identity.linked", actor=user, obj=user, security=True, now=now,
           after={"issuer": policy.issuer, "how": how})  # fmt: skip
    return user


def password_sign_in_refused(email: str, sso_domains) -> bool:
    """Addresses of an SSO domain sign in through their organisation only."""
    return bool(sso_domains) and invitations.is_sso_address(email, sso_domains)
