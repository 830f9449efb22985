"""Single sign-on against a real OpenID Connect provider (oidc-provider-mock, in a thread).

Nothing is mocked on our side: the app discovers the provider, redirects the
browser to it, and on the callback exchanges the code over HTTP and verifies
the signed ID token (issuer, audience, expiry, nonce) with the provider's keys.
"""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import requests
import sqlalchemy as sa
from flask import g
from oidc_provider_mock import run_server_in_thread

from eventsys import create_app
from eventsys.auth.models import User
from eventsys.auth.models import UserIdentity
from eventsys.extensions import db
from tests.conftest import base_config
from tests.factories import PASSWORD
from tests.factories import make_user


@pytest.fixture(scope="module")
def provider():
    with run_server_in_thread(require_nonce=True) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="module")
def expired_provider():
    with run_server_in_thread(access_token_max_age=timedelta(minutes=-10)) as server:
        yield f"http://localhost:{server.server_port}"


def _app(tmp_path, issuer, **overrides):
    config = base_config(
        tmp_path, OIDC_ISSUER=issuer, OIDC_CLIENT_ID="eventsys",
        OIDC_CLIENT_SECRET="s3cret", SSO_REQUIRED_DOMAINS=("iom.int",), **overrides,
    )  # fmt: skip
    return create_app(config)


@pytest.fixture
def sso_app(tmp_path, provider):
    app = _app(tmp_path, provider)
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.drop_all()


def person(issuer, subject, **claims):
    """What the provider will say about this subject."""
    response = requests.put(f"{issuer}/users/{subject}", json=claims, timeout=10)
    assert response.status_code == 204


def sign_in(client, subject, *, tamper_state=False):
    """The whole browser round trip: our redirect, the provider's form, our callback."""
    start = client.get("/login/sso")
    assert start.status_code == 302
    authorize = start.headers["Location"]
    assert "code_challenge=" in authorize and "code_challenge_method=S256" in authorize
    assert "nonce=" in authorize and "state=" in authorize
    answer = requests.post(authorize, data={"sub": subject}, allow_redirects=False,
                           timeout=10)  # fmt: skip
    assert answer.status_code == 302, answer.text[:300]
    back = urlsplit(answer.headers["Location"])
    assert back.path == "/login/sso/callback"
    query = back.query
    if tamper_state:
        query = "&".join(
            "state=forged" if p.startswith("state=") else p for p in query.split("&")
        )
    g.pop("_login_user", None)
    return client.get(f"{back.path}?{query}")


def signed_in_as(client) -> str | None:
    g.pop("_login_user", None)
    page = client.get("/account")
    if page.status_code != 200:
        return None
    return page.get_data(as_text=True)


def test_full_sign_in_links_a_verified_address_of_the_sso_domain(sso_app, provider):
    make_user(email="amina@iom.int")
    db.session.commit()
    person(provider, "sub-amina", email="Amina@iom.int", email_verified=True)
    client = sso_app.test_client()
    response = sign_in(client, "sub-amina")
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    assert "amina@iom.int" in signed_in_as(client)
    identity = db.session.scalar(sa.select(UserIdentity))
    assert (identity.issuer, identity.subject) == (provider, "sub-amina")
    client.post("/logout")
    again = sso_app.test_client()
    assert sign_in(again, "sub-amina").status_code == 302  # matched on (iss, sub)
    assert "amina@iom.int" in signed_in_as(again)


def test_a_forged_state_is_refused(sso_app, provider):
    make_user(email="amina@iom.int")
    db.session.commit()
    person(provider, "sub-state", email="amina@iom.int", email_verified=True)
    client = sso_app.test_client()
    assert sign_in(client, "sub-state", tamper_state=True).status_code == 400
    assert signed_in_as(client) is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(UserIdentity)) == 0


def test_an_unverified_email_is_not_linked(sso_app, provider):
    make_user(email="amina@iom.int")
    db.session.commit()
    person(provider, "sub-unverified", email="amina@iom.int", email_verified=False)
    client = sso_app.test_client()
    assert sign_in(client, "sub-unverified").status_code == 403
    assert signed_in_as(client) is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(UserIdentity)) == 0


def test_a_second_identity_with_the_same_email_is_refused(sso_app, provider):
    make_user(email="amina@iom.int")
    db.session.commit()
    person(provider, "sub-first", email="amina@iom.int", email_verified=True)
    person(provider, "sub-intruder", email="amina@iom.int", email_verified=True)
    assert sign_in(sso_app.test_client(), "sub-first").status_code == 302
    intruder = sso_app.test_client()
    assert sign_in(intruder, "sub-intruder").status_code == 403
    assert signed_in_as(intruder) is None
    subjects = db.session.scalars(sa.select(UserIdentity.subject)).all()
    assert subjects == ["sub-first"]


def test_admins_are_never_linked_automatically(sso_app, provider):
    make_user(email="boss@iom.int", is_admin=True)
    db.session.commit()
    person(provider, "sub-boss", email="boss@iom.int", email_verified=True)
    client = sso_app.test_client()
    assert sign_in(client, "sub-boss").status_code == 403
    assert signed_in_as(client) is None


def test_an_address_outside_the_domains_links_after_a_password_sign_in(
    sso_app, provider
):
    make_user(email="rosa@example.org")
    db.session.commit()
    person(provider, "sub-rosa", email="rosa@example.org", email_verified=True)
    assert sign_in(sso_app.test_client(), "sub-rosa").status_code == 403
    client = sso_app.test_client()
    assert client.post("/login", data={"email": "rosa@example.org",
                                       "password": PASSWORD}).status_code == 302  # fmt: skip
    assert sign_in(client, "sub-rosa").status_code == 302
    assert db.session.scalar(sa.select(UserIdentity.subject)) == "sub-rosa"


def test_unknown_identities_create_accounts_only_when_allowed(sso_app, provider):
    person(provider, "sub-new", email="new@iom.int", email_verified=True, name="New")
    assert sign_in(sso_app.test_client(), "sub-new").status_code == 403
    sso_app.config["OIDC_CREATE_ACCOUNTS"] = True
    client = sso_app.test_client()
    assert sign_in(client, "sub-new").status_code == 302
    user = db.session.scalar(sa.select(User).where(User.email == "new@iom.int"))
    assert user is not None and user.password_hash is None


def test_password_sign_in_of_an_sso_domain_goes_to_sso(sso_app):
    make_user(email="amina@iom.int")
    db.session.commit()
    response = sso_app.test_client().post(
        "/login", data={"email": "amina@iom.int", "password": PASSWORD}
    )
    assert response.status_code == 302 and response.headers["Location"] == "/login/sso"


def test_an_expired_id_token_is_refused(tmp_path, expired_provider):
    app = _app(tmp_path, expired_provider)
    with app.app_context():
        db.create_all()
        make_user(email="amina@iom.int")
        db.session.commit()
        person(expired_provider, "sub-late", email="amina@iom.int", email_verified=True)
        client = app.test_client()
        assert sign_in(client, "sub-late").status_code == 400
        assert signed_in_as(client) is None
        db.session.remove()
        db.drop_all()


def test_sso_routes_are_404_when_not_configured(client):
    assert client.get("/login/sso").status_code == 404
    assert client.get("/login/sso/callback?code=x&state=y").status_code == 404
