"""The OpenAPI document: valid, complete, and true to the app's behaviour."""

import re
import sqlite3

import pytest
import schemathesis
import sqlalchemy as sa
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis.errors import Unsatisfiable
from openapi_spec_validator import validate
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from eventsys.api.openapi import build_spec
from eventsys.auth.api_tokens import create_token
from eventsys.demo.loader import load_demo
from eventsys.extensions import db
from tests.factories import make_user

IGNORED_METHODS = {"HEAD", "OPTIONS"}


def _spec(client) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def test_document_is_valid_openapi_3_1(client):
    spec = _spec(client)
    assert spec["openapi"].startswith("3.1")
    validate(spec)


def test_paths_and_methods_equal_the_app_routes(app, client):
    documented = {
        (path, method.upper())
        for path, item in _spec(client)["paths"].items()
        for method in item
    }
    routed = {
        (re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule), method)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/")
        for method in rule.methods - IGNORED_METHODS
    }
    assert documented == routed


def test_every_operation_describes_its_responses(client):
    spec = _spec(client)
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            responses = operation["responses"]
            assert any(code.startswith("2") for code in responses), (method, path)
            for code, response in responses.items():
                if "$ref" in response:
                    name = response["$ref"].rsplit("/", 1)[1]
                    response = spec["components"]["responses"][name]
                if code in ("304",):
                    continue
                content = response["content"]
                assert all("schema" in media for media in content.values()), (
                    method,
                    path,
                    code,
                )
            if code.startswith("4"):
                assert "application/problem+json" in content


def test_manager_operations_need_the_bearer_scheme(client):
    spec = _spec(client)
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    item = spec["paths"]["/api/v1/meetings/{slug}/registrations"]
    assert item["get"]["security"] == [{"bearerAuth": []}]
    assert "security" not in item["post"]


# --- schemathesis: every operation, generated requests, no 5xx, no contradiction --


# The demo, loaded once per test process and copied into each test's own
# in-memory database with SQLite's backup API: loading it took 13-25 s per
# operation tested, most of the suite's time.
_demo_database = {}


def _load_demo_once() -> None:
    first = "sqlite" not in _demo_database
    if first:
        load_demo()
        db.session.commit()
        _demo_database["sqlite"] = sqlite3.connect(":memory:")
    template = _demo_database["sqlite"]
    db.session.remove()
    connection = db.engine.raw_connection()  # the in-memory database's one connection
    try:
        if first:
            connection.driver_connection.backup(template)  # keep the demo
        else:
            template.backup(connection.driver_connection)  # copy it in
    finally:
        connection.close()


@pytest.mark.parametrize("round", ["loaded or copied", "copied"])
def test_each_test_gets_the_whole_demo(seeded, round):
    from eventsys.meetings.models import Meeting
    from eventsys.registration.models import Registration

    slugs = set(db.session.scalars(sa.select(Meeting.slug)))
    assert {"csc-2027", "idm-2019-geneva"} <= slugs
    assert db.session.scalar(sa.select(sa.func.count(Registration.id))) >= 20


@pytest.fixture
def seeded(app):
    """The demo data set plus a manager token, so requests reach real rows."""
    if db.engine.url.get_backend_name() == "sqlite" and not db.engine.url.database:
        _load_demo_once()
    else:
        load_demo()
    admin = make_user(email="api-admin@example.org", is_admin=True)
    _token, plain = create_token(admin, "schemathesis", now=admin.created_at)
    db.session.commit()
    return plain


OPERATIONS = [
    (path, method) for path, item in build_spec()["paths"].items() for method in item
]
REAL_SLUG = {"slug": "csc-2027"}


def _needs_token(path: str, method: str) -> bool:
    return (
        method == "patch"
        or path.endswith("/invitations")
        or "/invitations/imports" in path
        or (method == "get" and path.endswith("/registrations"))
        or "/checkin" in path
    )


@pytest.mark.parametrize(
    ("path", "method"), OPERATIONS, ids=[f"{m.upper()} {p}" for p, m in OPERATIONS]
)
def test_api_conforms_to_its_description(app, seeded, path, method):
    run_schemathesis(app, seeded, path, method, max_examples=25)


def run_schemathesis(
    app, token: str, path: str, method: str, *, max_examples: int
) -> None:
    """Generated requests against one operation: random slugs, then a real meeting's."""
    operation = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)[path][
        method.upper()
    ]
    headers = (
        {"Authorization": f"Bearer {token}"} if _needs_token(path, method) else None
    )
    real = REAL_SLUG if "{slug}" in path else None
    # Registration rules that no schema can state (is the category key one of
    # this meeting's? is the meeting open? is the email deliverable-looking?)
    # turn schema-valid bodies into 422/409, so acceptance is not asserted there.
    excluded = [positive_data_acceptance] if method == "post" else []
    passes = [
        (GenerationMode.POSITIVE, None),
        (GenerationMode.POSITIVE, real),
        (GenerationMode.NEGATIVE, real),
    ]
    for mode, path_parameters in passes:
        strategy = operation.as_strategy(
            generation_mode=mode, path_parameters=path_parameters
        )

        @given(case=strategy)
        @settings(
            max_examples=max_examples,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            case.call_and_validate(headers=headers, excluded_checks=excluded)

        try:
            check()
        except Unsatisfiable:
            # Nothing to make invalid (only a free-form header): no negative cases.
            assert mode is GenerationMode.NEGATIVE


def test_real_responses_of_every_operation_match_their_schemas(app, client):
    """Happy paths (that generated data rarely reaches) checked against the document."""
    from tests.api.helpers import bearer
    from tests.api.helpers import make_world
    from tests.api.helpers import manager_of
    from tests.api.helpers import token_for
    from tests.api.test_public import _publish
    from tests.api.test_public import _side_events
    from tests.api.test_registrations import person

    world = make_world()
    token = token_for(manager_of(world["upcoming"]))
    _publish(world["geneva"], covers=[world["ny"]])
    _side_events(world["ny"], 2)  # sessions with organisers and linked organisations
    db.session.commit()
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    base = "/api/v1/meetings/csc-next/registrations"
    created = client.post(base, json=person(category="vetted"))
    listed = client.get(base, headers=bearer(token))
    registration_id = listed.get_json()["items"][0]["id"]
    calls = [
        (
            "/api/v1/meetings",
            "GET",
            client.get("/api/v1/meetings?series=idm&from=2019-01-01"),
        ),
        ("/api/v1/meetings/{slug}", "GET", client.get("/api/v1/meetings/idm-ny")),
        ("/api/v1/meetings/{slug}", "GET", client.get("/api/v1/meetings/csc-old")),
        (
            "/api/v1/meetings/{slug}/outcomes",
            "GET",
            client.get("/api/v1/meetings/idm-ny/outcomes"),
        ),
        ("/api/v1/series", "GET", client.get("/api/v1/series")),
        ("/api/v1/meetings/{slug}/registrations", "POST", created),
        ("/api/v1/meetings/{slug}/registrations", "GET", listed),
        (
            "/api/v1/meetings/{slug}/registrations/{registration_id}",
            "PATCH",
            client.patch(
                f"{base}/{registration_id}",
                json={"status": "confirmed"},
                headers=bearer(token),
            ),
        ),
        (
            "/api/v1/meetings/{slug}/registrations",
            "POST",
            client.post(base, json=person(category="vetted")),
        ),
    ]
    assert [response.status_code for _path, _method, response in calls] == [
        200,
        200,
        200,
        200,
        200,
        201,
        200,
        200,
        409,
    ]
    for path, method, response in calls:
        schema[path][method].validate_response(response)
    sides = [s for s in calls[1][2].get_json()["sessions"] if s["kind"] == "side_event"]
    assert [len(s["organisations"]) for s in sides] == [2, 2]
