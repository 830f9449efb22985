"""Rate-limit settings can come from the environment (load tests, several servers)."""

from eventsys.config import from_environment


def test_registration_rates_from_environment():
    found = from_environment(
        {
            "REGISTRATION_RATE_PER_ADDRESS": "3 per minute",
            "REGISTRATION_RATE_PER_EMAIL": "2 per hour",
        }
    )
    assert found == {
        "REGISTRATION_RATE_PER_ADDRESS": "3 per minute",
        "REGISTRATION_RATE_PER_EMAIL": "2 per hour",
    }
