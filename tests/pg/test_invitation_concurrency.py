"""Concurrent acceptances of invitations on PostgreSQL (READ COMMITTED)."""

import pytest

from eventsys import create_app
from eventsys.extensions import db
from tests.conftest import _reset_schema
from tests.conftest import base_config
from tests.conftest import postgres_url
from tests.conftest import requires_postgres
from tests.invitations import concurrency
from tests.registration.concurrency import ENGINE_OPTIONS

pytestmark = requires_postgres


@pytest.fixture
def pg_race_app(tmp_path):
    app = create_app(
        base_config(
            tmp_path,
            SQLALCHEMY_DATABASE_URI=postgres_url(),
            SQLALCHEMY_ENGINE_OPTIONS=ENGINE_OPTIONS,
        )
    )
    with app.app_context():
        _reset_schema()
        db.create_all()
        yield app
        db.session.remove()
        _reset_schema()
        db.engine.dispose()


def test_concurrent_acceptances_respect_capacity(pg_race_app):
    concurrency.scenario_acceptances_respect_capacity(pg_race_app)


def test_an_unbound_invitation_registers_once(pg_race_app):
    concurrency.scenario_one_registration_per_invitation(pg_race_app)
