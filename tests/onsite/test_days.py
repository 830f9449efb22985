"""The door and the attendance table count the meeting's days as the agenda does
(agenda/days.py): an end at local midnight belongs to the day before."""

from datetime import UTC
from datetime import date
from datetime import datetime

from eventsys.agenda import days
from eventsys.extensions import db
from eventsys.onsite import service
from tests.factories import make_meeting


def test_a_meeting_ending_at_midnight_has_no_extra_day(app):
    # 1–2 June in Geneva, ending at 00:00 on 3 June local time (22:00 UTC).
    meeting = make_meeting(starts_at=datetime(2027, 6, 1, 7, 0, tzinfo=UTC),
                           ends_at=datetime(2027, 6, 2, 22, 0, tzinfo=UTC))  # fmt: skip
    db.session.commit()
    assert service.days_of(meeting) == [date(2027, 6, 1), date(2027, 6, 2)]
    assert service.days_of(meeting) == days.meeting_dates(meeting)
    assert service.attendance(meeting)["days"] == [date(2027, 6, 1), date(2027, 6, 2)]


def test_a_tap_at_the_door_counts_within_the_meeting_days(app):
    meeting = make_meeting(starts_at=datetime(2027, 6, 1, 7, 0, tzinfo=UTC),
                           ends_at=datetime(2027, 6, 2, 22, 0, tzinfo=UTC))  # fmt: skip
    db.session.commit()
    before = datetime(2027, 5, 30, 9, 0, tzinfo=UTC)
    after = datetime(2027, 6, 2, 22, 30, tzinfo=UTC)  # 00:30 on 3 June in Geneva
    assert service.door_day(meeting, before) == date(2027, 6, 1)
    assert service.door_day(meeting, after) == date(2027, 6, 2)
