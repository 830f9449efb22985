"""HTTP hardening: headers on every page, cookie flags, session fixation, 413."""

import pytest

from eventsys import create_app
from eventsys.extensions import db
from tests.conftest import base_config
from tests.factories import PASSWORD
from tests.factories import make_meeting
from tests.factories import make_registration
from tests.factories import make_user


@pytest.fixture
def https_app(tmp_path):
    app = create_app(base_config(tmp_path, EVENTSYS_BASE_URL="https://events.test"))
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.drop_all()


@pytest.mark.parametrize(
    "path", ["/", "/login", "/privacy", "/password/reset", "/no-such-page"]
)
def test_every_page_carries_the_security_headers(client, path):
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "Strict-Transport-Security" not in response.headers


def test_hsts_only_over_https(client):
    assert (
        "Strict-Transport-Security"
        in client.get("/", base_url="https://events.test").headers
    )
    assert (
        "Strict-Transport-Security"
        not in client.get("/", base_url="http://events.test").headers
    )


def test_pages_behind_a_secret_link_send_no_referrer_and_are_not_cached(app, client):
    registration = make_registration(make_meeting())
    db.session.commit()
    response = client.get(f"/registrations/{registration.plain_token}/erase")
    assert response.status_code == 200
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response.headers["Cache-Control"]


def test_signed_in_pages_are_not_cached(app, client, auth):
    make_user(email="admin@example.org")
    db.session.commit()
    auth.login()
    assert "no-store" in client.get("/account").headers["Cache-Control"]


def _set_cookies(response) -> dict[str, str]:
    cookies = {}
    for header in response.headers.getlist("Set-Cookie"):
        name = header.split("=", 1)[0]
        cookies[name] = header
    return cookies


def test_cookies_are_httponly_lax_and_secure_under_https(https_app):
    client = https_app.test_client()
    make_user(email="admin@example.org")
    db.session.commit()
    response = client.post(
        "/login",
        data={"email": "admin@example.org", "password": PASSWORD, "remember": "y"},
        base_url="https://events.test",
    )
    assert response.status_code == 302
    cookies = _set_cookies(response)
    for name in ("session", "remember_token"):
        flags = cookies[name].lower()
        assert "; secure" in flags and "; httponly" in flags and "samesite=lax" in flags


def test_cookies_are_not_secure_under_plain_http(app, client):
    make_user(email="admin@example.org")
    db.session.commit()
    response = client.post(
        "/login", data={"email": "admin@example.org", "password": PASSWORD}
    )
    flags = _set_cookies(response)["session"].lower()
    assert "; secure" not in flags and "; httponly" in flags and "samesite=lax" in flags


def test_login_starts_a_fresh_session(app, client):
    make_user(email="admin@example.org")
    db.session.commit()
    client.get("/login")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
        session["_id"] = "attacker-chosen-id"
    before = client.get_cookie("session").value
    response = client.post(
        "/login", data={"email": "admin@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    after = client.get_cookie("session").value
    assert after != before
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session.get("_id") != "attacker-chosen-id"
        assert session.get("_user_id")


def test_too_large_request_gets_a_friendly_413(app, client):
    limit = app.config["MAX_CONTENT_LENGTH"]
    response = client.post(
        "/login", data={"email": "a@example.org", "password": "x" * (limit + 1)}
    )
    assert response.status_code == 413
    assert b"Too large" in response.data and b"at most 2.0 MB" in response.data
    assert b"<html" in response.data
    make_meeting(slug="big")
    db.session.commit()
    api = client.post("/api/v1/meetings/big/registrations", data=b"{" + b" " * limit + b"}",
                      content_type="application/json")  # fmt: skip
    assert api.status_code == 413 and api.mimetype == "application/problem+json"


def test_security_txt_tells_where_to_report(app, client):
    app.config["EVENTSYS_SECURITY_CONTACT"] = "security@iom.example"
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    text = response.get_data(as_text=True)
    assert "Contact: mailto:security@iom.example" in text
    assert (
        "Expires: " in text
        and "Canonical: http://events.test/.well-known/security.txt" in text
    )
