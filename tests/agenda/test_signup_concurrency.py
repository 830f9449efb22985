"""No overbooking of sessions on a file-backed SQLite database in WAL mode."""

import pytest
import sqlalchemy as sa

from eventsys import create_app
from eventsys.extensions import db
from tests.agenda import signup_scenarios
from tests.conftest import base_config
from tests.registration import concurrency


@pytest.fixture
def file_app(tmp_path):
    app = create_app(
        base_config(
            tmp_path,
            SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'race.db'}",
            SQLALCHEMY_ENGINE_OPTIONS=concurrency.ENGINE_OPTIONS,
        )
    )
    with app.app_context():
        db.create_all()
        assert db.session.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
        yield app
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def test_thirty_sign_ups_for_ten_places_then_cancellations(file_app):
    session_id = signup_scenarios.scenario_thirty_for_ten(file_app)
    signup_scenarios.scenario_cancellations_promote_in_order(file_app, session_id)


def test_room_capacity_counts_without_a_signup_capacity(file_app):
    signup_scenarios.scenario_room_capacity(file_app)


def test_overlapping_sign_ups_at_once_hold_one(file_app):
    signup_scenarios.scenario_overlapping_at_once(file_app)
