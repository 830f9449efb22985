"""Personal API tokens: the service, and the account page that manages them."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from eventsys import create_app
from eventsys.audit.models import AuditEvent
from eventsys.auth import api_tokens as tokens
from eventsys.auth import queries as auth_queries
from eventsys.auth.models import ApiToken
from eventsys.errors import Conflict
from eventsys.errors import InvalidInput
from eventsys.errors import NotFound
from eventsys.extensions import db
from eventsys.tokens import hash_token
from tests.api.helpers import NOW
from tests.api.helpers import bearer
from tests.conftest import base_config
from tests.factories import PASSWORD
from tests.factories import make_user


def test_created_token_is_stored_only_as_a_hash(app):
    user = make_user()
    token, plain = tokens.create_token(user, "  Spreadsheet  ", now=NOW)
    assert plain.startswith("evs_") and len(plain) > 40
    assert token.name == "Spreadsheet"
    assert token.token_hash == hash_token(plain) and plain not in token.token_hash
    assert db.session.scalar(sa.select(AuditEvent.action)) == "api_token.created"


@pytest.mark.parametrize("name", ["", "   ", "x" * 101])
def test_token_needs_a_sensible_name(app, name):
    with pytest.raises(InvalidInput):
        tokens.create_token(make_user(), name, now=NOW)


def test_tokens_per_user_are_limited(app):
    user = make_user()
    for n in range(tokens.MAX_ACTIVE_TOKENS):
        tokens.create_token(user, f"t{n}", now=NOW)
    with pytest.raises(Conflict):
        tokens.create_token(user, "one more", now=NOW)


def test_bearer_finds_the_user_and_notes_the_last_use_sparingly(app):
    user = make_user()
    token, plain = tokens.create_token(user, "t", now=NOW)
    assert tokens.user_for_bearer(plain, now=NOW) is user
    assert token.last_used_at == NOW
    tokens.user_for_bearer(plain, now=NOW + timedelta(seconds=10))
    assert token.last_used_at == NOW
    later = NOW + timedelta(minutes=5)
    tokens.user_for_bearer(plain, now=later)
    assert token.last_used_at == later
    assert tokens.user_for_bearer("evs_unknown", now=NOW) is None
    assert tokens.user_for_bearer("", now=NOW) is None


def test_revoked_tokens_and_inactive_users_do_not_authenticate(app):
    user = make_user()
    token, plain = tokens.create_token(user, "t", now=NOW)
    _other, other_plain = tokens.create_token(make_user(active=False), "t", now=NOW)
    assert tokens.user_for_bearer(other_plain, now=NOW) is None
    with pytest.raises(NotFound):
        tokens.revoke_token(make_user(), token.id, now=NOW)  # not theirs
    tokens.revoke_token(user, token.id, now=NOW)
    assert tokens.user_for_bearer(plain, now=NOW) is None
    with pytest.raises(NotFound):
        tokens.revoke_token(user, token.id, now=NOW)
    assert db.session.scalars(auth_queries.active_tokens(user)).all() == []


def test_list_shows_own_active_tokens_newest_first(app):
    user = make_user()
    tokens.create_token(user, "old", now=NOW)
    tokens.create_token(user, "new", now=NOW + timedelta(days=1))
    tokens.create_token(make_user(), "theirs", now=NOW)
    assert [t.name for t in db.session.scalars(auth_queries.active_tokens(user))] == [
        "new",
        "old",
    ]


# --- the account page -------------------------------------------------------------


@pytest.fixture
def signed_in(client, auth, app):
    user = make_user(email="manager@example.org")
    db.session.commit()
    auth.login("manager@example.org", PASSWORD)
    return user


def test_account_page_creates_shows_once_lists_and_revokes(client, signed_in):
    page = client.get("/account").get_data(as_text=True)
    assert 'id="api-tokens"' in page and "You have no API tokens." in page

    created = client.post("/account/api-tokens", data={"name": "Secretariat sheet"})
    assert created.status_code == 201
    assert created.headers["Cache-Control"] == "no-store"
    plain = re.search(r'value="(evs_[^"]+)"', created.get_data(as_text=True)).group(1)
    assert (
        client.get(
            "/api/v1/meetings/x/registrations", headers=bearer(plain)
        ).status_code
        == 404
    )

    listing = client.get("/account").get_data(as_text=True)
    assert "<strong>Secretariat sheet</strong>" in listing
    assert plain not in listing  # shown once only

    token = db.session.scalar(sa.select(ApiToken))
    revoked = client.post(f"/account/api-tokens/{token.id}/revoke")
    assert revoked.status_code == 302
    assert "<strong>Secretariat sheet</strong>" not in client.get("/account").get_data(
        as_text=True
    )
    assert (
        client.get(
            "/api/v1/meetings/x/registrations", headers=bearer(plain)
        ).status_code
        == 401
    )


def test_account_token_errors_come_back_to_the_page(client, signed_in):
    response = client.post(
        "/account/api-tokens", data={"name": ""}, follow_redirects=True
    )
    assert response.status_code == 200
    assert "Give the token a name" in response.get_data(as_text=True)
    other = make_user()
    token, _plain = tokens.create_token(other, "theirs", now=NOW)
    db.session.commit()
    response = client.post(
        f"/account/api-tokens/{token.id}/revoke", follow_redirects=True
    )
    assert "No such token." in response.get_data(as_text=True)
    db.session.refresh(token)
    assert token.revoked_at is None


def test_token_pages_need_a_login(client, app):
    assert client.post("/account/api-tokens", data={"name": "x"}).status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == 0


def test_token_forms_are_csrf_protected(tmp_path):
    app = create_app(base_config(tmp_path, WTF_CSRF_ENABLED=True))
    with app.app_context():
        db.create_all()
        user = make_user()
        db.session.commit()
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
        assert client.post("/account/api-tokens", data={"name": "x"}).status_code == 400
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == 0
        db.session.remove()
        db.drop_all()


def test_docs_page_lists_every_operation_without_inline_script(client, app):
    page = client.get("/api/v1/docs").get_data(as_text=True)
    spec = client.get("/api/v1/openapi.json").get_json()
    for path, item in spec["paths"].items():
        for method in item:
            assert f"{method.upper()} {path}" in page
    assert "<script>" not in page and "style=" not in page
    assert "cdn" not in page.lower()
