"""TOTP second factor: enrolment, sign-in, recovery codes, the staff rule, throttling."""

import re

import pyotp
import pytest
import sqlalchemy as sa
from flask import g

from eventsys import create_app
from eventsys.auth.models import User
from eventsys.extensions import db
from tests.conftest import base_config
from tests.factories import PASSWORD
from tests.factories import make_meeting
from tests.factories import make_role
from tests.factories import make_user


def _password(client, email):
    g.pop("_login_user", None)  # the app fixture's context outlives requests
    return client.post("/login", data={"email": email, "password": PASSWORD})


def _signed_in(client) -> bool:
    g.pop("_login_user", None)
    return client.get("/account").status_code == 200


def _enrol_on_account_page(client, user_id) -> tuple[str, list[str]]:
    client.post("/account/2fa", data={"action": "start"})
    secret = db.session.get(User, user_id).totp_secret
    wrong = client.post("/account/2fa", data={"action": "confirm", "code": "000000"})
    assert wrong.status_code == 422
    page = client.post("/account/2fa", data={"action": "confirm",
                                             "code": pyotp.TOTP(secret).now()})  # fmt: skip
    codes = re.findall(
        r"<li><code>([0-9a-f]{10})</code></li>", page.get_data(as_text=True)
    )
    assert len(codes) == 10
    return secret, codes


def test_enrol_then_sign_in_with_a_code_and_with_a_recovery_code(app):
    user = make_user(email="staff@example.org")
    make_role(user, make_meeting(), "manager")
    db.session.commit()
    client = app.test_client()
    assert _password(client, user.email).status_code == 302
    secret, codes = _enrol_on_account_page(client, user.id)
    stored = db.session.get(User, user.id)
    assert stored.totp_enabled_at and codes[0] not in str(stored.recovery_code_hashes)
    client.post("/logout")

    browser = app.test_client()
    step = _password(browser, user.email)
    assert step.status_code == 302 and step.headers["Location"].startswith("/login/2fa")
    assert not _signed_in(browser)  # the password alone is not enough
    assert browser.post("/login/2fa", data={"code": "123456"}).status_code == 422
    assert not _signed_in(browser)
    # the code used at enrolment does not work a second time
    reused = browser.post("/login/2fa", data={"code": pyotp.TOTP(secret).now()})
    assert reused.status_code == 422
    assert browser.post("/login/2fa", data={"code": codes[0]}).status_code == 302
    assert _signed_in(browser)
    browser.post("/logout")
    again = app.test_client()
    _password(again, user.email)
    assert (
        again.post("/login/2fa", data={"code": codes[0]}).status_code == 422
    )  # used up
    assert again.post("/login/2fa", data={"code": codes[1]}).status_code == 302


def test_the_second_factor_page_needs_a_password_first(app):
    client = app.test_client()
    response = client.post("/login/2fa", data={"code": "123456"})
    assert response.status_code == 302 and response.headers["Location"] == "/login"


@pytest.fixture
def strict_app(tmp_path):
    app = create_app(base_config(tmp_path, EVENTSYS_REQUIRE_2FA_FOR_STAFF=True))
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.drop_all()


def test_mandatory_for_staff_enrols_at_sign_in(strict_app):
    staff = make_user(email="staff@example.org")
    make_role(staff, make_meeting(), "rapporteur")
    plain = make_user(email="plain@example.org")
    db.session.commit()
    other = strict_app.test_client()
    assert _password(other, plain.email).headers["Location"] == "/"  # no staff role
    client = strict_app.test_client()
    assert _password(client, staff.email).headers["Location"].startswith("/login/2fa")
    page = client.get("/login/2fa").get_data(as_text=True)
    secret = db.session.get(User, staff.id).totp_secret
    assert secret and secret in page
    done = client.post("/login/2fa", data={"code": pyotp.TOTP(secret).now()})
    assert done.status_code == 200 and "recovery codes" in done.get_data(as_text=True)
    assert _signed_in(client)
    assert db.session.scalar(sa.select(User.totp_enabled_at).where(User.id == staff.id))


def test_wrong_codes_are_throttled_like_the_password(tmp_path):
    app = create_app(base_config(tmp_path, RATELIMIT_ENABLED=True,
                                 LOGIN_FAILURES_PER_ACCOUNT="3 per minute",
                                 LOGIN_RATE_PER_ADDRESS="100 per minute"))  # fmt: skip
    with app.app_context():
        db.create_all()
        user = make_user(email="staff@example.org")
        db.session.commit()
        client = app.test_client()
        _password(client, user.email)
        _enrol_on_account_page(client, user.id)
        client.post("/logout")
        browser = app.test_client()
        _password(browser, user.email)
        statuses = [
            browser.post("/login/2fa", data={"code": "000000"}).status_code
            for _ in range(4)
        ]
        assert statuses[-1] == 429 and statuses[0] == 422
        db.session.remove()
        db.drop_all()
