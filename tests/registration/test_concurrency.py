"""No overbooking on a file-backed SQLite database in WAL mode."""

import pytest

from tests.registration import concurrency


@pytest.fixture
def file_app(tmp_path):
    yield from concurrency.file_race_app(tmp_path)


def test_fifty_concurrent_registrations_then_cancellations(file_app):
    meeting_id = concurrency.scenario_fifty_registrations(file_app)
    concurrency.scenario_cancellations_promote(file_app, meeting_id)


def test_two_categories_filling_at_once(file_app):
    concurrency.scenario_two_categories(file_app)


def test_hybrid_attendance_pools_filling_at_once(file_app):
    concurrency.scenario_hybrid_pools(file_app)


def test_concurrent_double_approvals_and_cancellations(file_app):
    concurrency.scenario_decisions_race(file_app)
