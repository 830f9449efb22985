"""The loaders: "this meeting (or this meeting's object), or 404, then may you".

One owner for every surface: HTML views pass current_user, the API its bearer
token's user (or None on public endpoints). Errors are ServiceErrors, which
the one handler renders as a page or as problem+json.
"""

from flask_babel import gettext as _

from eventsys.auth.permissions import can_check_in
from eventsys.auth.permissions import can_manage_meeting
from eventsys.auth.permissions import can_view_meeting
from eventsys.auth.permissions import require
from eventsys.errors import NotFound
from eventsys.extensions import db
from eventsys.meetings import queries
from eventsys.meetings.models import Meeting

# No meeting has a longer slug; longer input never reaches the database.
MAX_SLUG = 80
# No row has a larger id (the databases' integer); a larger one is a 404 without a
# query (SQLite cannot even bind one past 64 bits: found by tests/security/test_fuzz.py).
MAX_ID = 2**31 - 1


def plausible_slug(slug) -> bool:
    """Worth asking the database about (anything else is a 404 without a query)."""
    return isinstance(slug, str) and 0 < len(slug) <= MAX_SLUG and slug.isprintable()


def get_visible_meeting(slug: str, user, *options) -> Meeting:
    """The meeting, unless unknown or a draft the user may not see.

    options: loader options for what the caller will read (e.g. rooms).

    Raises: NotFound.
    """
    meeting = None
    if plausible_slug(slug):
        meeting = db.session.scalar(queries.get_meeting_by_slug(slug).options(*options))
    if meeting is None or not can_view_meeting(user, meeting):
        raise NotFound(_("No such meeting."))
    return meeting


def get_managed_meeting(slug: str, user, *options) -> Meeting:
    """The meeting if the user manages it: 404 when unknown or a hidden draft, else 403.

    Raises: NotFound, PermissionDenied.
    """
    meeting = get_visible_meeting(slug, user, *options)
    require(can_manage_meeting(user, meeting), _("You do not manage this meeting."))
    return meeting


def get_checkin_meeting(slug: str, user, *options) -> Meeting:
    """The meeting if the user may check people in at its door: 404, else 403.

    Raises: NotFound, PermissionDenied.
    """
    meeting = get_visible_meeting(slug, user, *options)
    require(can_check_in(user, meeting), _("You do not check people in here."))
    return meeting


def plausible_id(object_id) -> bool:
    """An id some row could have (anything else is a 404 without a query)."""
    return isinstance(object_id, int) and 0 < object_id <= MAX_ID


def find_row(model, object_id, **owner):
    """The row of `model` with this id if its columns equal `owner`, else None.

    For ids that come in a form (a choice of session, of series), as a number
    or its digits: an id no row can have is simply not found.
    """
    if isinstance(object_id, str) and object_id.isascii() and object_id.isdigit():
        object_id = int(object_id)
    obj = db.session.get(model, object_id) if plausible_id(object_id) else None
    if obj is None or any(getattr(obj, name) != value for name, value in owner.items()):
        return None
    return obj


def get_row(model, object_id, message: str = "", **owner):
    """The row of `model` with this id, if its columns equal `owner` (e.g. session_id=).

    Raises: NotFound (also for a row of another owner).
    """
    obj = find_row(model, object_id, **owner)
    if obj is None:
        raise NotFound(message)
    return obj


def get_of_meeting(model, object_id, meeting, message: str = ""):
    """The row of `model` with this id if it belongs to the meeting.

    Raises: NotFound (also for another meeting's object).
    """
    return get_row(model, object_id, message, meeting_id=meeting.id)
