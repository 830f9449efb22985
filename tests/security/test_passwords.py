"""NIST SP 800-63B rules: length and a breached-password list, no composition rules."""

import pytest

from eventsys.auth.passwords import common_passwords
from eventsys.auth.passwords import password_problem


def test_the_shipped_list_is_a_real_breached_list():
    words = common_passwords()
    assert len(words) >= 9000
    assert {"password", "qwerty123456", "1qaz2wsx3edc", "iloveyou"} <= words
    assert not any(w.startswith("#") for w in words)


@pytest.mark.parametrize("password", ["qwerty123456", "1qaz2wsx3edc", "PassWord1234"])
def test_common_passwords_are_refused(app, password):
    assert password_problem(password) is not None


def test_length_rules(app):
    assert "12" in password_problem("short pass")
    assert password_problem("x" * 257) is not None


@pytest.mark.parametrize(
    "password",
    ["correct horse battery staple", "lowercaseonlyletters", "été à genève 2019"],
)
def test_no_composition_rules(app, password):
    assert password_problem(password) is None
