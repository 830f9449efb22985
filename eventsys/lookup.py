"""Loading a meeting's own objects by id, so an id of another meeting is a 404."""

from eventsys.errors import NotFound
from eventsys.extensions import db


def get_of_meeting(model, object_id, meeting, message: str = ""):
    """The row of `model` with this id if it belongs to the meeting.

    Raises: NotFound (also for another meeting's object).
    """
    obj = db.session.get(model, object_id) if isinstance(object_id, int) else None
    if obj is None or obj.meeting_id != meeting.id:
        raise NotFound(message)
    return obj
