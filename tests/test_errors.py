import pytest

from eventsys import create_app
from tests.conftest import base_config


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert b"Page not found" in response.data
    assert b"<html" in response.data


def test_csrf_missing_token_is_a_friendly_400(tmp_path):
    app = create_app(base_config(tmp_path, WTF_CSRF_ENABLED=True))
    with app.app_context():
        from eventsys.extensions import db

        db.create_all()
        response = app.test_client().post(
            "/login", data={"email": "a@b.c", "password": "x"}
        )
    assert response.status_code == 400
    assert b"Your form expired" in response.data


def test_unexpected_error_is_a_500_page_without_traceback(tmp_path):
    app = create_app(base_config(tmp_path, TESTING=False))

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert b"Something went wrong" in response.data
    assert b"secret internals" not in response.data


@pytest.mark.parametrize("path", ["/", "/login", "/healthz"])
def test_security_headers_on_every_response(client, path):
    headers = client.get(path).headers
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"


def test_wrong_method_is_a_friendly_405_with_allow_header(client):
    response = client.get("/logout")
    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]
    assert b"Method not allowed" in response.data


def test_wrong_method_under_api_is_problem_json(client):
    response = client.delete("/api/v1/series")
    assert response.status_code == 405
    assert response.mimetype == "application/problem+json"
