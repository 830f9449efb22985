"""No overbooking on PostgreSQL (READ COMMITTED), with real concurrent connections."""

import pytest

from tests.conftest import requires_postgres
from tests.registration import concurrency

# Races open up to 70 connections each: make test runs them alone, after the
# rest, under PostgreSQL's 100.
pytestmark = [requires_postgres, pytest.mark.pg_race]


@pytest.fixture
def pg_race_app(tmp_path):
    yield from concurrency.pg_race_app(tmp_path)


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
