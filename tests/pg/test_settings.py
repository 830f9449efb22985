"""Registration settings on PostgreSQL: raising capacity promotes, also under traffic."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from eventsys.extensions import db
from eventsys.meetings import service as meetings_service
from eventsys.registration import service
from eventsys.registration import settings
from eventsys.registration.models import Registration
from tests.conftest import requires_postgres
from tests.factories import make_category
from tests.factories import make_meeting
from tests.factories import make_user
from tests.pg.test_registration_concurrency import pg_race_app  # noqa: F401
from tests.registration import concurrency
from tests.registration.helpers import assert_invariant
from tests.registration.helpers import form_data

pytestmark = requires_postgres


def _statuses(meeting) -> list[str]:
    return list(
        db.session.scalars(
            sa.select(Registration.status)
            .where(Registration.meeting_id == meeting.id)
            .order_by(Registration.id)
        )
    )


def test_every_screen_that_raises_capacity_promotes(pg_app, now):
    meeting = make_meeting(capacity=1, format="hybrid", in_person_capacity=1)
    category = make_category(meeting, capacity=None)
    admin = make_user(is_admin=True)
    for n in range(4):
        service.register(
            meeting, data=form_data(category, n), now=now + timedelta(seconds=n)
        )
    assert _statuses(meeting) == ["confirmed"] + ["waitlisted"] * 3
    # the meeting's own service (edit form, new edition, any caller)
    data = {name: getattr(meeting, name) for name in meetings_service.MEETING_FIELDS}
    meetings_service.update_meeting(
        meeting, actor=admin, data={**data, "capacity": 2, "in_person_capacity": 2}
    )
    assert _statuses(meeting) == ["confirmed"] * 2 + ["waitlisted"] * 2
    # the settings page's capacity form
    promoted = settings.update_meeting_settings(
        meeting,
        data={"capacity": "", "in_person_capacity": "3"},
        actor=admin,
        now=now,
    )
    assert [r.email for r in promoted] == ["ana2@example.org"]
    # a category's page
    category.capacity = 3
    db.session.flush()
    meeting.in_person_capacity = None
    db.session.flush()
    promoted = settings.update_category_settings(
        category, data={"capacity": "4"}, actor=admin, now=now
    )
    assert [r.email for r in promoted] == ["ana3@example.org"]
    assert _statuses(meeting) == ["confirmed"] * 4
    assert_invariant(meeting)
    db.session.commit()


@pytest.mark.pg_race  # many connections: run alone (pytest.ini)
def test_capacity_raised_during_traffic_promotes_in_order(pg_race_app):
    concurrency.scenario_capacity_raised_during_traffic(pg_race_app)
