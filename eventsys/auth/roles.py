"""What admins do to accounts: series and global roles, admin rights, deactivation."""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from eventsys import lookup
from eventsys.audit.service import record
from eventsys.auth.models import GLOBAL_ROLES
from eventsys.auth.models import ApiToken
from eventsys.auth.models import GlobalRole
from eventsys.auth.models import SeriesRole
from eventsys.auth.models import User
from eventsys.auth.permissions import can_manage_accounts
from eventsys.auth.permissions import can_manage_series
from eventsys.auth.permissions import require
from eventsys.auth.service import end_sessions
from eventsys.auth.service import get_user_by_email
from eventsys.auth.service import normalise_email
from eventsys.errors import Conflict
from eventsys.errors import InvalidInput
from eventsys.errors import NotFound
from eventsys.extensions import db
from eventsys.models import utcnow


def grant_series_role(series, user: User, *, actor, now=None) -> SeriesRole:
    """Make the user a manager of the series.

    Raises: PermissionDenied (admins only), Conflict (already one).
    """
    require(can_manage_series(actor))
    if any(r.series_id == series.id for r in user.series_roles):
        raise Conflict(_("This person already manages this series."))
    item = SeriesRole(series=series, user=user, role="manager")
    db.session.add(item)
    db.session.flush()
    record("series.role_add", actor=actor, obj=item, security=True, now=now,
           after={"email": user.email, "series": series.slug})  # fmt: skip
    return item


def revoke_series_role(user: User, role_id: int, *, actor, now=None) -> None:
    """Raises: PermissionDenied, NotFound."""
    require(can_manage_series(actor))
    item = lookup.get_row(SeriesRole, role_id, _("No such role."), user_id=user.id)
    record("series.role_remove", actor=actor, obj=item, security=True, now=now,
           before={"email": user.email, "series": item.series.slug})  # fmt: skip
    db.session.delete(item)
    db.session.flush()


def grant_global_role(user: User, role: str, *, actor, now=None) -> GlobalRole:
    """Raises: PermissionDenied, InvalidInput (unknown role), Conflict."""
    require(can_manage_accounts(actor))
    if role not in GLOBAL_ROLES:
        raise InvalidInput(_("Choose a role."), {"role": _("Choose a role.")})
    if any(r.role == role for r in user.global_roles):
        raise Conflict(_("This person already has this role."))
    item = GlobalRole(user=user, role=role)
    db.session.add(item)
    db.session.flush()
    record("account.role_add", actor=actor, obj=user, security=True, now=now,
           after={"role": role})  # fmt: skip
    return item


def revoke_global_role(user: User, role: str, *, actor, now=None) -> None:
    """Raises: PermissionDenied, NotFound."""
    require(can_manage_accounts(actor))
    item = next((r for r in user.global_roles if r.role == role), None)
    if item is None:
        raise NotFound(_("No such role."))
    user.global_roles.remove(item)
    record("account.role_remove", actor=actor, obj=user, security=True, now=now,
           before={"role": role})  # fmt: skip
    db.session.flush()


def set_admin(user: User, is_admin: bool, *, actor, now=None) -> None:
    """Give or take admin rights; nobody takes their own.

    Raises: PermissionDenied, Conflict.
    """
    require(can_manage_accounts(actor))
    if user.id == actor.id and not is_admin:
        raise Conflict(_("You cannot take away your own admin rights."))
    if user.is_admin != is_admin:
        user.is_admin = is_admin
        record("account.admin", actor=actor, obj=user, security=True, now=now,
               after={"is_admin": is_admin})  # fmt: skip
        db.session.flush()


def set_active(user: User, active: bool, *, actor, now: datetime | None = None):
    """Deactivate (every session and API token ends at once) or reactivate.

    Raises: PermissionDenied, Conflict (your own account).
    """
    require(can_manage_accounts(actor))
    if user.id == actor.id:
        raise Conflict(_("You cannot deactivate your own account."))
    if user.active == active:
        return
    now = now or utcnow()
    user.active = active
    if not active:
        end_sessions(user, actor=actor, action="account.deactivated")
        db.session.execute(
            sa.update(ApiToken)
            .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
            .values(revoked_at=now)
        )
    else:
        record("account.reactivated", actor=actor, obj=user, security=True, now=now)
    db.session.flush()


def get_account(user_id: int) -> User:
    """Raises: NotFound."""
    return lookup.get_row(User, user_id, _("No such account."))


def create_account(email: str, *, name: str, is_admin: bool, actor) -> User:
    """An account without a password yet: the person chooses one through a link.

    Raises: PermissionDenied, InvalidInput, Conflict.
    """
    require(can_manage_accounts(actor))
    email = normalise_email(email)
    if "@" not in email or len(email) > 254:
        message = _("Enter a valid email address.")
        raise InvalidInput(message, {"email": message})
    if get_user_by_email(email):
        message = _("An account with this email already exists.")
        raise Conflict(message, {"email": message})
    user = User(email=email, name=(name or "").strip()[:200], is_admin=is_admin)
    db.session.add(user)
    db.session.flush()
    record("user.created", actor=actor, obj=user, security=True,
           after={"email": email, "is_admin": is_admin})  # fmt: skip
    return user
