"""50 scans of 20 people, sent twice from two devices at once: 20 check-ins, 30 duplicates."""

import pytest
import sqlalchemy as sa

from eventsys import create_app
from eventsys.extensions import db
from tests.conftest import _reset_schema
from tests.conftest import base_config
from tests.conftest import postgres_url
from tests.conftest import requires_postgres
from tests.onsite import scenario
from tests.registration import concurrency


@pytest.fixture
def file_app(tmp_path):
    app = create_app(
        base_config(
            tmp_path,
            SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'door.db'}",
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


@pytest.fixture
def pg_door_app(tmp_path):
    app = create_app(
        base_config(
            tmp_path,
            SQLALCHEMY_DATABASE_URI=postgres_url(),
            SQLALCHEMY_ENGINE_OPTIONS=concurrency.ENGINE_OPTIONS,
        )
    )
    with app.app_context():
        concurrency.release_idle_connections()
        _reset_schema()
        db.create_all()
        yield app
        db.session.remove()
        _reset_schema()
        db.engine.dispose()


def test_two_devices_sqlite_file_wal(file_app):
    scenario.assert_twenty_and_thirty(scenario.two_devices_send_twice(file_app))


@requires_postgres
@pytest.mark.pg_race
def test_two_devices_postgresql(pg_door_app):
    scenario.assert_twenty_and_thirty(scenario.two_devices_send_twice(pg_door_app))
