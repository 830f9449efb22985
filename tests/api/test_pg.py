"""The API on PostgreSQL, which refuses NUL bytes and out-of-range integers loudly."""

import pytest

from eventsys.auth.api_tokens import create_token
from eventsys.demo.loader import load_demo
from eventsys.extensions import db
from tests.api.test_openapi import OPERATIONS
from tests.api.test_openapi import run_schemathesis
from tests.conftest import requires_postgres
from tests.factories import make_user

pytestmark = requires_postgres


@pytest.fixture
def pg_token(pg_app):
    load_demo()
    admin = make_user(email="pg-admin@example.org", is_admin=True)
    _token, plain = create_token(admin, "pg", now=admin.created_at)
    db.session.commit()
    return plain


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("get", "/api/v1/meetings?series=a%00b", None, 400),
        ("get", "/api/v1/meetings/csc%002027", None, 400),
        ("get", "/api/v1/meetings?page=100000&per_page=100", None, 200),
        ("get", "/api/v1/meetings?from=0001-01-01&to=9999-12-31", None, 200),
        (
            "post",
            "/api/v1/meetings/csc-2027/registrations",
            {"given_name": "a\x00b"},
            422,
        ),
        (
            "patch",
            "/api/v1/meetings/csc-2027/registrations/2147483648",
            {"status": "confirmed"},
            404,
        ),
    ],
)
def test_hostile_input_is_a_4xx_on_postgresql(
    pg_app, pg_token, method, path, body, status
):
    headers = {"Authorization": f"Bearer {pg_token}"}
    response = getattr(pg_app.test_client(), method)(path, json=body, headers=headers)
    assert response.status_code == status


@pytest.mark.parametrize(
    ("path", "method"),
    [op for op in OPERATIONS if op[1] != "get" or "registrations" in op[0]],
)
def test_schemathesis_on_postgresql(pg_app, pg_token, path, method):
    run_schemathesis(pg_app, pg_token, path, method, max_examples=10)
