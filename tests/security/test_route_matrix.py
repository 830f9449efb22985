"""Access control: every route of the app, for every role, with the status written by hand.

How it works
- ROLES are the kinds of visitor. A "participant" has no account: they hold the
  personal link of their registration. Every other role signs in.
- EXPECTED has one row per (method, endpoint): the status each role must get.
  LOGIN means "302 to the sign-in page", REDIRECT any other 302.
- url_values() builds each route's URL arguments from the world that
  make_world() creates. Token arguments get the participant's real token only
  for the participant; every other role uses a token of its own, which does
  not exist, as in life.
- test_every_route_has_a_row compares EXPECTED with the URL map, so a new route
  without a row fails. It is skipped until every domain's routes exist; then
  fill in the rows and remove the skip (issue 8).
- test_route_matrix runs the rows, one fresh database per role so that
  side effects (an erasure, a cancellation) cannot leak into another role's
  requests. GETs run before POSTs. POSTs send an empty form (CSRF off in
  tests): the point is who gets in, not what a valid submission does.
"""

import secrets

import pytest
from werkzeug.routing import Rule

from eventsys.extensions import db
from tests.factories import PASSWORD
from tests.factories import make_meeting
from tests.factories import make_registration
from tests.factories import make_role
from tests.factories import make_user

ROLES = ("anonymous", "participant", "rapporteur_elsewhere", "manager_elsewhere", "manager", "admin")
SIGNED_IN = ROLES[2:]
LOGIN = "login"
REDIRECT = "redirect"
# Routes that the matrix does not request (served by the web server in production).
NOT_REQUESTED = {"static"}


def everyone(status) -> dict:
    return dict.fromkeys(ROLES, status)


def signed_in(status, *, otherwise=LOGIN) -> dict:
    return {role: (status if role in SIGNED_IN else otherwise) for role in ROLES}


def admin_only() -> dict:
    return {**signed_in(403), "admin": 200}


def participant_only(status=200, *, otherwise=404) -> dict:
    return {**everyone(otherwise), "participant": status}


# (method, endpoint) -> {role: expected status}. Fill in as the routes land.
EXPECTED: dict[tuple[str, str], dict] = {
    ("GET", "health.healthz"): everyone(200),
    ("GET", "meetings.home"): everyone(200),
    ("GET", "auth.login"): {**signed_in(REDIRECT, otherwise=200)},
    ("POST", "auth.login"): {**signed_in(REDIRECT, otherwise=422)},
    ("POST", "auth.logout"): everyone(REDIRECT),
    ("GET", "auth.account"): signed_in(200),
    ("POST", "auth.account"): signed_in(200),
    ("GET", "auth.reset_request"): everyone(200),
    ("POST", "auth.reset_request"): everyone(422),
    ("GET", "auth.reset_password"): everyone(404),
    ("POST", "auth.reset_password"): everyone(404),
    ("GET", "privacy.notice"): everyone(200),
    ("GET", "privacy.security_txt"): everyone(200),
    ("GET", "privacy.registration_data"): participant_only(),
    ("GET", "privacy.registration_erase"): participant_only(),
    ("POST", "privacy.registration_erase"): participant_only(),
    ("GET", "audit.index"): admin_only(),
}


def make_world() -> dict:
    """One meeting with a registration and its manager, and people from elsewhere."""
    meeting = make_meeting(slug="the-meeting")
    elsewhere = make_meeting(slug="another-meeting")
    registration = make_registration(meeting, status="confirmed")
    users = {
        "rapporteur_elsewhere": make_user(email="rapporteur@example.org"),
        "manager_elsewhere": make_user(email="other-manager@example.org"),
        "manager": make_user(email="manager@example.org"),
        "admin": make_user(email="admin@example.org", is_admin=True),
    }
    make_role(users["rapporteur_elsewhere"], elsewhere, "rapporteur")
    make_role(users["manager_elsewhere"], elsewhere, "manager")
    make_role(users["manager"], meeting, "manager")
    db.session.commit()
    return {"meeting": meeting, "registration": registration, "users": users}


def url_values(rule: Rule, world: dict, role: str) -> dict:
    """The URL arguments of a route, from the world, as this role would know them."""
    registration = world["registration"]
    known = {
        "slug": world["meeting"].slug,
        "token": registration.plain_token if role == "participant" else secrets.token_urlsafe(32),
        "registration_id": registration.id,
        "category_id": registration.category_id,
    }
    missing = set(rule.arguments) - set(known)
    assert not missing, f"add URL values for {rule.endpoint}: {sorted(missing)}"
    return {name: known[name] for name in rule.arguments}


def routes(app) -> dict[tuple[str, str], Rule]:
    found = {}
    for rule in app.url_map.iter_rules():
        if rule.endpoint in NOT_REQUESTED:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found[(method, rule.endpoint)] = rule
    return found


def check(response, expected) -> bool:
    if expected == LOGIN:
        return response.status_code == 302 and "/login" in response.headers["Location"]
    if expected == REDIRECT:
        return response.status_code in (302, 303)
    return response.status_code == expected


@pytest.mark.skip(reason="issue 8: fill in EXPECTED once every domain's routes exist")
def test_every_route_has_a_row(app):
    present = set(routes(app))
    assert sorted(present - set(EXPECTED)) == [], "routes without a row in EXPECTED"
    assert sorted(set(EXPECTED) - present) == [], "rows for routes that do not exist"


@pytest.mark.parametrize("role", ROLES)
def test_route_matrix(app, role):
    world = make_world()
    client = app.test_client()
    if role in world["users"]:
        response = client.post("/login", data={"email": world["users"][role].email, "password": PASSWORD})
        assert response.status_code == 302
    table = routes(app)
    rows = sorted((key for key in EXPECTED if key in table), key=lambda k: (k[0] != "GET", k[1]))
    wrong = []
    for method, endpoint in rows:
        rule = table[(method, endpoint)]
        path = rule.build(url_values(rule, world, role), append_unknown=False)[1]
        if (method, endpoint) == ("POST", "auth.logout"):
            continue  # would end this role's session for the rows after it; see test below
        response = client.open(path, method=method, data={})
        if not check(response, EXPECTED[(method, endpoint)][role]):
            wrong.append(f"{method} {path}: {response.status_code}, expected {EXPECTED[(method, endpoint)][role]}")
    assert wrong == []


@pytest.mark.parametrize("role", ROLES)
def test_logout_for_every_role(app, role):
    world = make_world()
    client = app.test_client()
    if role in world["users"]:
        client.post("/login", data={"email": world["users"][role].email, "password": PASSWORD})
    assert check(client.post("/logout"), EXPECTED[("POST", "auth.logout")][role])
