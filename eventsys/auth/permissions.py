"""Pure predicates on who may do what; services call them, views never decide."""

from flask_babel import gettext as _

from eventsys.errors import PermissionDenied


def _authenticated(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def is_admin(user) -> bool:
    return _authenticated(user) and bool(user.is_admin)


def has_role(user, meeting, role: str) -> bool:
    if not _authenticated(user) or meeting is None:
        return False
    return any(r.meeting_id == meeting.id and r.role == role for r in user.roles)


def can_manage_meeting(user, meeting) -> bool:
    return is_admin(user) or has_role(user, meeting, "manager")


def can_check_in(user, meeting) -> bool:
    """Door staff's rights: check people in, read the check-in manifest.

    For now the meeting's managers; the `checkin` meeting role (another branch)
    extends this predicate, and every check-in surface calls only this one.
    """
    return can_manage_meeting(user, meeting)


def is_rapporteur(user, meeting) -> bool:
    return has_role(user, meeting, "rapporteur")


def can_view_meeting(user, meeting) -> bool:
    """Drafts are visible only to the people who work on them."""
    if meeting.status != "draft":
        return True
    return can_manage_meeting(user, meeting) or is_rapporteur(user, meeting)


def can_create_meetings(user) -> bool:
    """Admins, and secretariat staff who already manage a meeting."""
    if is_admin(user):
        return True
    return _authenticated(user) and any(r.role == "manager" for r in user.roles)


def can_manage_series(user) -> bool:
    return can_create_meetings(user)


def can_edit_outcome(user, meeting) -> bool:
    return can_manage_meeting(user, meeting) or is_rapporteur(user, meeting)


def can_publish_outcome(user, meeting) -> bool:
    return can_manage_meeting(user, meeting)


def can_use_manage_area(user) -> bool:
    return is_admin(user) or (_authenticated(user) and bool(user.roles))


def require(allowed: bool, message: str = "") -> None:
    """Raise PermissionDenied unless allowed."""
    if not allowed:
        raise PermissionDenied(message or _("You are not allowed to do this."))
