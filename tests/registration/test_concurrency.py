"""No overbooking on a file-backed SQLite database in WAL mode."""

import pytest
import sqlalchemy as sa

from eventsys import create_app
from eventsys.extensions import db
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


def test_fifty_concurrent_registrations_then_cancellations(file_app):
    meeting_id = concurrency.scenario_fifty_registrations(file_app)
    concurrency.scenario_cancellations_promote(file_app, meeting_id)


def test_two_categories_filling_at_once(file_app):
    concurrency.scenario_two_categories(file_app)


def test_hybrid_attendance_pools_filling_at_once(file_app):
    concurrency.scenario_hybrid_pools(file_app)


def test_concurrent_double_approvals_and_cancellations(file_app):
    concurrency.scenario_decisions_race(file_app)
