"""No overbooking on PostgreSQL (READ COMMITTED), with real concurrent connections."""

import pytest

from eventsys import create_app
from eventsys.extensions import db
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


def test_fifty_concurrent_registrations_then_cancellations(pg_race_app):
    meeting_id = concurrency.scenario_fifty_registrations(pg_race_app)
    concurrency.scenario_cancellations_promote(pg_race_app, meeting_id)


def test_two_categories_filling_at_once(pg_race_app):
    concurrency.scenario_two_categories(pg_race_app)


def test_hybrid_attendance_pools_filling_at_once(pg_race_app):
    concurrency.scenario_hybrid_pools(pg_race_app)


def test_concurrent_double_approvals_and_cancellations(pg_race_app):
    concurrency.scenario_decisions_race(pg_race_app)


def test_delegation_members_submitted_at_once_respect_the_limit(pg_race_app):
    concurrency.scenario_delegation_limit(pg_race_app)
