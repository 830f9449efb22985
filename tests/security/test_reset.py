"""Password reset by an emailed, single-use, expiring link."""

import re
from datetime import timedelta

import sqlalchemy as sa

from eventsys.audit.models import AuditEvent
from eventsys.auth import service
from eventsys.extensions import db
from eventsys.mail.models import OutboxEmail
from tests.factories import PASSWORD
from tests.factories import make_user

NEW = "a brand new passphrase"


def _outbox():
    return db.session.scalars(sa.select(OutboxEmail)).all()


def _link_in(email: OutboxEmail) -> str:
    return re.search(r"https?://\S+/password/reset/[\w-]+", email.body_text).group(0)


def test_reset_request_answers_the_same_for_known_and_unknown_addresses(app, client):
    make_user(email="admin@example.org")
    db.session.commit()
    known = client.post(
        "/password/reset", data={"email": "admin@example.org"}, follow_redirects=True
    )
    unknown = client.post(
        "/password/reset", data={"email": "ghost@example.org"}, follow_redirects=True
    )
    assert known.status_code == unknown.status_code == 200
    assert known.data == unknown.data
    assert b"If an account uses this address" in known.data
    assert [e.to_addr for e in _outbox()] == ["admin@example.org"]


def test_reset_link_is_absolute_and_works_once(app, client, auth):
    make_user(email="admin@example.org")
    db.session.commit()
    client.post("/password/reset", data={"email": "admin@example.org"})
    link = _link_in(_outbox()[0])
    assert link.startswith("http://events.test/password/reset/")
    path = link.removeprefix("http://events.test")
    assert client.get(path).status_code == 200
    assert client.post(path, data={"password": NEW}).status_code == 302
    assert (
        client.post(path, data={"password": "another new passphrase"}).status_code
        == 404
    )
    assert client.get(path).status_code == 404
    assert auth.login(password=PASSWORD).status_code == 422
    assert auth.login(password=NEW).status_code == 302
    actions = db.session.scalars(sa.select(AuditEvent.action)).all()
    assert "password.reset_requested" in actions and "password.reset" in actions


def test_reset_applies_the_password_rules(app, client):
    make_user(email="admin@example.org")
    db.session.commit()
    client.post("/password/reset", data={"email": "admin@example.org"})
    path = _link_in(_outbox()[0]).removeprefix("http://events.test")
    response = client.post(path, data={"password": "password1234"})
    assert response.status_code == 422
    assert b"too common" in response.data
    assert client.get(path).status_code == 200  # still usable after a refused password


def test_reset_token_expires(app, now):
    user = make_user(email="admin@example.org")
    _, token = service.start_password_reset("admin@example.org", now=now)
    assert service.user_for_reset_token(token, now=now + timedelta(minutes=59)) is user
    assert service.user_for_reset_token(token, now=now + timedelta(minutes=61)) is None


def test_a_new_request_replaces_the_old_link(app, now):
    make_user(email="admin@example.org")
    _, first = service.start_password_reset("admin@example.org", now=now)
    _, second = service.start_password_reset("admin@example.org", now=now)
    assert service.user_for_reset_token(first, now=now) is None
    assert service.user_for_reset_token(second, now=now) is not None


def test_unknown_reset_token_is_404(client):
    assert client.get("/password/reset/not-a-real-token").status_code == 404
