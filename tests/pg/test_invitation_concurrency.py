"""Concurrent acceptances of invitations on PostgreSQL (READ COMMITTED)."""

import pytest

from tests.conftest import requires_postgres
from tests.invitations import concurrency
from tests.registration import concurrency as race

# Races open up to 70 connections each: make test runs them alone, after the
# rest, under PostgreSQL's 100.
pytestmark = [requires_postgres, pytest.mark.pg_race]


@pytest.fixture
def pg_race_app(tmp_path):
    yield from race.pg_race_app(tmp_path)


def test_concurrent_acceptances_respect_capacity(pg_race_app):
    concurrency.scenario_acceptances_respect_capacity(pg_race_app)


def test_an_unbound_invitation_registers_once(pg_race_app):
    concurrency.scenario_one_registration_per_invitation(pg_race_app)
