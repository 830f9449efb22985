"""Concurrent acceptances on a file-backed SQLite database in WAL mode."""

import pytest

from tests.invitations import concurrency
from tests.registration import concurrency as race


@pytest.fixture
def file_app(tmp_path):
    yield from race.file_race_app(tmp_path)


def test_concurrent_acceptances_respect_capacity(file_app):
    concurrency.scenario_acceptances_respect_capacity(file_app)


def test_an_unbound_invitation_registers_once(file_app):
    concurrency.scenario_one_registration_per_invitation(file_app)
