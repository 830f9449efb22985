"""No overbooking of sessions on PostgreSQL (READ COMMITTED), real connections."""

import pytest

from eventsys import create_app
from eventsys.extensions import db
from tests.agenda import signup_scenarios
from tests.conftest import _reset_schema
from tests.conftest import base_config
from tests.conftest import postgres_url
from tests.conftest import requires_postgres
from tests.registration import concurrency

pytestmark = requires_postgres


@pytest.fixture
def pg_race_app(tmp_path):
    app = create_app(
        base_config(
            tmp_path,
            SQLALCHEMY_DATABASE_URI=postgres_url(),
            SQLALCHEMY_ENGINE_OPTIONS=concurrency.ENGINE_OPTIONS,
        )
    )
    with app.app_context():
        _reset_schema()
        db.create_all()
        yield app
        db.session.remove()
        _reset_schema()
        db.engine.dispose()


def test_thirty_sign_ups_for_ten_places_then_cancellations(pg_race_app):
    session_id = signup_scenarios.scenario_thirty_for_ten(pg_race_app)
    signup_scenarios.scenario_cancellations_promote_in_order(pg_race_app, session_id)


def test_room_capacity_counts_without_a_signup_capacity(pg_race_app):
    signup_scenarios.scenario_room_capacity(pg_race_app)


def test_overlapping_sign_ups_at_once_hold_one(pg_race_app):
    signup_scenarios.scenario_overlapping_at_once(pg_race_app)
