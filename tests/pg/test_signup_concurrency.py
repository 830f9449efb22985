"""No overbooking of sessions on PostgreSQL (READ COMMITTED), real connections."""

import pytest

from tests.agenda import signup_scenarios
from tests.conftest import requires_postgres
from tests.registration import concurrency as race

# Races open up to 70 connections each: make test runs them alone, after the
# rest, under PostgreSQL's 100.
pytestmark = [requires_postgres, pytest.mark.pg_race]


@pytest.fixture
def pg_race_app(tmp_path):
    yield from race.pg_race_app(tmp_path)


def test_thirty_sign_ups_for_ten_places_then_cancellations(pg_race_app):
    session_id = signup_scenarios.scenario_thirty_for_ten(pg_race_app)
    signup_scenarios.scenario_cancellations_promote_in_order(pg_race_app, session_id)


def test_room_capacity_counts_without_a_signup_capacity(pg_race_app):
    signup_scenarios.scenario_room_capacity(pg_race_app)


def test_overlapping_sign_ups_at_once_hold_one(pg_race_app):
    signup_scenarios.scenario_overlapping_at_once(pg_race_app)
