"""Pure predicates on who may do what; services call them, views never decide.

Roles: admins (everything); series managers (SeriesRole: create and run the
meetings of their series); meeting managers (their meeting only);
rapporteurs (outcomes of their meeting); door staff (MeetingRole "checkin":
the check-in page of their meeting, nothing else, until the role expires);
partnerships officers (GlobalRole: the directory).
"""

from datetime import datetime

from flask_babel import gettext as _

from eventsys.errors import PermissionDenied
from eventsys.models import utcnow

# Roles that open the secretariat area; door staff only reach their check-in page.
STAFF_MEETING_ROLES = ("manager", "rapporteur")


def _authenticated(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def is_admin(user) -> bool:
    return _authenticated(user) and bool(user.is_admin)


def _current(role, now: datetime | None) -> bool:
    return role.expires_at is None or role.expires_at > (now or utcnow())


def has_role(user, meeting, role: str, *, now: datetime | None = None) -> bool:
    """The user holds this (unexpired) role at this meeting."""
    if not _authenticated(user) or meeting is None:
        return False
    return any(
        r.meeting_id == meeting.id and r.role == role and _current(r, now)
        for r in user.roles
    )


def manages_series(user, series) -> bool:
    if not _authenticated(user) or series is None:
        return False
    return any(
        r.series_id == series.id and r.role == "manager" for r in user.series_roles
    )


def has_global_role(user, role: str) -> bool:
    return _authenticated(user) and any(r.role == role for r in user.global_roles)


def can_manage_meeting(user, meeting) -> bool:
    return (
        is_admin(user)
        or has_role(user, meeting, "manager")
        or manages_series(user, meeting.series)
    )


def is_rapporteur(user, meeting) -> bool:
    return has_role(user, meeting, "rapporteur")


def can_check_in(user, meeting) -> bool:
    """Check people in and read the check-in manifest: door staff (until their
    role expires) and whoever manages the meeting. Every check-in surface asks this."""
    return has_role(user, meeting, "checkin") or can_manage_meeting(user, meeting)


def can_view_meeting(user, meeting) -> bool:
    """Drafts are visible only to the people who work on them."""
    if meeting.status != "draft":
        return True
    return can_manage_meeting(user, meeting) or is_rapporteur(user, meeting)


def can_create_meeting(user, series) -> bool:
    """Admins, and the managers of this series."""
    return is_admin(user) or manages_series(user, series)


def can_create_meetings(user) -> bool:
    """Admins, and managers of at least one series (the "new meeting" page)."""
    return is_admin(user) or (_authenticated(user) and bool(user.series_roles))


def can_manage_series(user) -> bool:
    """Creating and editing series, and granting series roles: admins only."""
    return is_admin(user)


def can_manage_accounts(user) -> bool:
    """All accounts, admin rights and global roles: admins only."""
    return is_admin(user)


def can_use_directory(user) -> bool:
    return is_admin(user) or has_global_role(user, "partnerships")


def can_edit_outcome(user, meeting) -> bool:
    return can_manage_meeting(user, meeting) or is_rapporteur(user, meeting)


def can_publish_outcome(user, meeting) -> bool:
    return can_manage_meeting(user, meeting)


def document_visibilities(user, meeting, *, participant: bool) -> tuple[str, ...]:
    """The document visibilities the user sees at this meeting.

    participant: the user is a confirmed participant (the caller's query says).
    """
    if can_manage_meeting(user, meeting):
        return ("public", "participants", "secretariat")
    if participant:
        return ("public", "participants")
    return ("public",)


def can_use_manage_area(user) -> bool:
    """Staff of some kind; door staff alone are not."""
    if is_admin(user):
        return True
    if not _authenticated(user):
        return False
    return (
        any(r.role in STAFF_MEETING_ROLES and _current(r, None) for r in user.roles)
        or bool(user.series_roles)
        or bool(user.global_roles)
    )


def is_staff(user) -> bool:
    """Accounts whose password sign-ins may need a second factor."""
    return can_use_manage_area(user) or (
        _authenticated(user) and any(r.role == "checkin" for r in user.roles)
    )


def require(allowed: bool, message: str = "") -> None:
    """Raise PermissionDenied unless allowed."""
    if not allowed:
        raise PermissionDenied(message or _("You are not allowed to do this."))
