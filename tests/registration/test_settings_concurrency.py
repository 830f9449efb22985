"""Raising capacity while people register, on a file-backed SQLite database (WAL)."""

from tests.registration import concurrency
from tests.registration.test_concurrency import file_app  # noqa: F401  (fixture)


def test_capacity_raised_during_traffic_promotes_in_order(file_app):
    concurrency.scenario_capacity_raised_during_traffic(file_app)
