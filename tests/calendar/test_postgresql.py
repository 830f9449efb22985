"""The feeds' version queries and builders on PostgreSQL."""

from datetime import UTC
from datetime import datetime

from eventsys.auth.service import rotate_calendar_token
from eventsys.calendar.service import send_due_invitation_updates
from eventsys.extensions import db
from tests import factories as f
from tests.calendar.ical import parse
from tests.conftest import requires_postgres


@requires_postgres
def test_feeds_and_304_on_postgresql(pg_app):
    user = f.make_user()
    meeting = f.make_meeting(
        slug="pg-meeting", starts_at=datetime(2027, 3, 1, 8, tzinfo=UTC)
    )
    room = f.make_room(meeting, name="Room A")
    session = f.make_session(meeting, room=room)
    f.make_person(session, user_id=user.id)
    f.make_registration(meeting, user=user, email=user.email, status="confirmed")
    token = rotate_calendar_token(user)
    meeting.invites_due_at = datetime(2026, 1, 1, tzinfo=UTC)
    db.session.commit()
    client = pg_app.test_client()
    for url in ("/meetings/pg-meeting/calendar.ics", f"/series/{meeting.series.slug}/calendar.ics",
                "/calendar.ics", f"/calendar/{token}.ics"):  # fmt: skip
        response = client.get(url)
        assert response.status_code == 200, url
        parse(response.data)
        again = client.get(url, headers={"If-None-Match": response.headers["ETag"]})
        assert again.status_code == 304, url
    now = datetime.now(UTC)
    assert (
        send_due_invitation_updates(
            now=now, uid_domain="events.test", base_url="http://events.test"
        )
        == 1
    )
    db.session.commit()
