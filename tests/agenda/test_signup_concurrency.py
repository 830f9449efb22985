"""No overbooking of sessions on a file-backed SQLite database in WAL mode."""

import pytest

from tests.agenda import signup_scenarios
from tests.registration import concurrency as race


@pytest.fixture
def file_app(tmp_path):
    yield from race.file_race_app(tmp_path)


def test_thirty_sign_ups_for_ten_places_then_cancellations(file_app):
    session_id = signup_scenarios.scenario_thirty_for_ten(file_app)
    signup_scenarios.scenario_cancellations_promote_in_order(file_app, session_id)


def test_room_capacity_counts_without_a_signup_capacity(file_app):
    signup_scenarios.scenario_room_capacity(file_app)


def test_overlapping_sign_ups_at_once_hold_one(file_app):
    signup_scenarios.scenario_overlapping_at_once(file_app)
