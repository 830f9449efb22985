"""Login throttling per address and per account; no user enumeration."""

import time

import pytest
import sqlalchemy as sa

from eventsys import create_app
from eventsys.audit.models import AuditEvent
from eventsys.auth.service import login_delay_seconds
from eventsys.extensions import db
from tests.conftest import base_config
from tests.factories import PASSWORD
from tests.factories import make_user


def _limited_app(tmp_path, **overrides):
    config = base_config(tmp_path, RATELIMIT_ENABLED=True, **overrides)
    return create_app(config)


@pytest.fixture
def limited(tmp_path):
    app = _limited_app(
        tmp_path,
        LOGIN_RATE_PER_ADDRESS="3 per minute",
        LOGIN_FAILURES_PER_ACCOUNT="50 per minute",
    )
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.drop_all()


@pytest.fixture
def locking(tmp_path):
    app = _limited_app(
        tmp_path,
        LOGIN_RATE_PER_ADDRESS="100 per minute",
        LOGIN_FAILURES_PER_ACCOUNT="3 per 15 minutes",
    )
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.drop_all()


def _login(client, email="admin@example.org", password="wrong password here", **kw):
    return client.post("/login", data={"email": email, "password": password}, **kw)


def test_too_many_attempts_from_one_address_get_a_friendly_429(limited):
    client = limited.test_client()
    make_user(email="admin@example.org")
    db.session.commit()
    for _ in range(3):
        assert _login(client).status_code == 422
    response = _login(client, password=PASSWORD)
    assert response.status_code == 429
    assert b"Too many requests" in response.data
    assert client.get("/login").status_code == 200  # only POSTs count
    other = _login(client, environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 422


def test_an_account_locks_after_repeated_failures_even_for_the_right_password(locking):
    client = locking.test_client()
    make_user(email="admin@example.org")
    db.session.commit()
    for _ in range(3):
        assert _login(client).status_code == 422
    response = _login(client, password=PASSWORD)
    assert response.status_code == 429
    assert b"too many unsuccessful attempts" in response.data
    blocked = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "login.blocked")
    ).one()
    assert blocked.security and blocked.after == {"email": "admin@example.org"}
    assert _login(client, email="other@example.org").status_code == 422


def test_locking_does_not_tell_whether_an_account_exists(locking):
    client = locking.test_client()
    make_user(email="admin@example.org")
    db.session.commit()
    known = [_login(client).status_code for _ in range(4)]
    unknown = [_login(client, email="ghost@example.org").status_code for _ in range(4)]
    assert known == unknown == [422, 422, 422, 429]


def test_progressive_delay_is_capped():
    assert login_delay_seconds(0) == login_delay_seconds(2) == 0
    assert 0 < login_delay_seconds(3) < login_delay_seconds(5)
    assert login_delay_seconds(1000) <= 2.0


def test_same_answer_for_unknown_email_and_wrong_password(app, client):
    make_user(email="admin@example.org")
    db.session.commit()
    wrong = _login(client)
    unknown = _login(client, email="ghost@example.org")
    assert wrong.status_code == unknown.status_code == 422
    assert wrong.data.replace(b"admin@example.org", b"X") == unknown.data.replace(
        b"ghost@example.org", b"X"
    )


def test_unknown_email_takes_as_long_as_a_wrong_password(app, client):
    make_user(email="admin@example.org")
    db.session.commit()

    def timed(email):
        samples = []
        for _ in range(5):
            start = time.perf_counter()
            _login(client, email=email)
            samples.append(time.perf_counter() - start)
        return min(samples)  # the least disturbed run: noise only adds time

    known, unknown = timed("admin@example.org"), timed("ghost@example.org")
    # Both verify an argon2 hash; a missing verify would make one several times faster.
    assert 0.4 < unknown / known < 2.5


def test_login_keeps_the_language_choice_only(app, client):
    make_user(email="admin@example.org")
    db.session.commit()
    client.get("/login?lang=fr")
    _login(client, password=PASSWORD)
    with client.session_transaction() as session:
        assert session.get("lang") == "fr"


def test_a_broken_rate_limit_storage_does_not_stop_sign_in(tmp_path):
    app = _limited_app(
        tmp_path, RATELIMIT_STORAGE_URI="redis://127.0.0.1:1"
    )  # nothing listens there
    with app.app_context():
        db.create_all()
        make_user(email="admin@example.org")
        db.session.commit()
        from eventsys.auth import ratelimit

        assert ratelimit.recent_failures("admin@example.org") == 0
        assert not ratelimit.account_locked("admin@example.org")
        ratelimit.note_failure("admin@example.org")
        db.session.remove()
        db.drop_all()


def test_changing_the_password_ends_the_other_sessions(app):
    make_user(email="admin@example.org")
    db.session.commit()
    here, elsewhere = app.test_client(), app.test_client()
    for client in (here, elsewhere):
        assert _login(client, password=PASSWORD).status_code == 302
    new = "a completely new passphrase"
    changed = here.post(
        "/account",
        data={
            "action": "password",
            "pw-current_password": PASSWORD,
            "pw-password": new,
        },
    )
    assert changed.status_code == 302
    assert here.get("/account").status_code == 200
    _forget_cached_user()
    response = elsewhere.get("/account")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_remembered_sign_in_survives_the_session(app):
    make_user(email="admin@example.org")
    db.session.commit()
    client = app.test_client()
    client.post(
        "/login",
        data={"email": "admin@example.org", "password": PASSWORD, "remember": "y"},
    )
    client.delete_cookie("session")
    _forget_cached_user()
    assert client.get("/account").status_code == 200
    with client.session_transaction() as session:
        assert session.get("_user_id", "").endswith(".0")  # id.generation


def _forget_cached_user():
    """The app fixture's context outlives requests, and Flask-Login caches the user on g."""
    from flask import g

    g.pop("_login_user", None)
