"""Concurrent acceptances on a file-backed SQLite database in WAL mode."""

import pytest
import sqlalchemy as sa

from eventsys import create_app
from eventsys.extensions import db
from tests.conftest import base_config
from tests.invitations import concurrency
from tests.registration.concurrency import ENGINE_OPTIONS


@pytest.fixture
def file_app(tmp_path):
    app = create_app(
        base_config(
            tmp_path,
            SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'race.db'}",
            SQLALCHEMY_ENGINE_OPTIONS=ENGINE_OPTIONS,
        )
    )
    with app.app_context():
        db.create_all()
        assert db.session.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
        yield app
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def test_concurrent_acceptances_respect_capacity(file_app):
    concurrency.scenario_acceptances_respect_capacity(file_app)


def test_an_unbound_invitation_registers_once(file_app):
    concurrency.scenario_one_registration_per_invitation(file_app)
