"""Admins manage accounts in the UI: search, create, deactivate, admin, roles."""

import re

import sqlalchemy as sa
from flask import g

from eventsys.auth.api_tokens import create_token
from eventsys.auth.models import User
from eventsys.mail.models import OutboxEmail
from eventsys.models import utcnow
from tests.factories import PASSWORD
from tests.factories import make_meeting
from tests.factories import make_role
from tests.factories import make_series
from tests.factories import make_user


def _admin_client(app, db):
    make_user(email="admin@example.org", is_admin=True)
    db.session.commit()
    client = app.test_client()
    assert client.post("/login", data={"email": "admin@example.org",
                                       "password": PASSWORD}).status_code == 302  # fmt: skip
    return client


def test_list_and_search(app, db):
    client = _admin_client(app, db)
    meeting = make_meeting(title={"en": "IDM Geneva"})
    make_role(make_user(email="rosa@example.org", name="Rosa Rapporteur"), meeting,
              "rapporteur")  # fmt: skip
    make_user(email="other@example.org", name="Someone Else")
    db.session.commit()
    page = client.get("/manage/accounts?q=rosa").get_data(as_text=True)
    assert "rosa@example.org" in page and "other@example.org" not in page
    assert "1 meeting role" in page
    everyone = client.get("/manage/accounts").get_data(as_text=True)
    assert "other@example.org" in everyone
    assert client.get("/manage/accounts?q=%25_").status_code == 200


def test_create_sends_a_set_password_link(app, db):
    client = _admin_client(app, db)
    response = client.post(
        "/manage/accounts/new", data={"email": "New@Example.org", "name": "New One"}
    )
    assert response.status_code == 302
    user = db.session.scalar(sa.select(User).where(User.email == "new@example.org"))
    assert user.password_hash is None and user.reset_token_hash
    mail = db.session.scalar(sa.select(OutboxEmail))
    assert mail.to_addr == "new@example.org" and "/password/reset/" in mail.body_text
    again = client.post("/manage/accounts/new", data={"email": "new@example.org"})
    assert again.status_code == 409


def test_deactivation_ends_the_session_and_the_api_token_at_once(app, db):
    admin_client = _admin_client(app, db)
    meeting = make_meeting()
    victim = make_user(email="leaver@example.org")
    make_role(victim, meeting, "manager")
    _token, plain = create_token(victim, "laptop", now=utcnow())
    db.session.commit()
    browser = app.test_client()
    assert browser.post("/login", data={"email": victim.email,
                                        "password": PASSWORD}).status_code == 302  # fmt: skip
    api = f"/api/v1/meetings/{meeting.slug}/registrations"
    bearer = {"Authorization": f"Bearer {plain}"}
    assert browser.get("/manage/").status_code == 200
    assert browser.get(api, headers=bearer).status_code == 200
    response = admin_client.post(
        f"/manage/accounts/{victim.id}", data={"action": "deactivate"}
    )
    assert response.status_code == 302
    g.pop("_login_user", None)
    assert browser.get("/manage/").status_code == 302  # to the sign-in page
    assert browser.get(api, headers=bearer).status_code == 401
    login = browser.post("/login", data={"email": victim.email, "password": PASSWORD})
    assert login.status_code == 422
    g.pop("_login_user", None)  # the app fixture's context outlives requests
    page = admin_client.get(f"/manage/accounts/{victim.id}").get_data(as_text=True)
    assert "Deactivated" in page and "Reactivate" in page


def test_admin_rights_partnerships_and_series_roles(app, db):
    client = _admin_client(app, db)
    make_series(slug="idm", acronym="IDM")
    person = make_user(email="p@example.org")
    db.session.commit()
    path = f"/manage/accounts/{person.id}"
    for data in ({"action": "make_admin"}, {"action": "grant_partnerships"},
                 {"action": "grant_series", "series": "idm"}):  # fmt: skip
        assert client.post(path, data=data).status_code == 302
    db.session.expire_all()
    assert person.is_admin
    assert [r.role for r in person.global_roles] == ["partnerships"]
    assert [r.series.slug for r in person.series_roles] == ["idm"]
    page = client.get(path).get_data(as_text=True)
    assert "Remove the partnerships role" in page and "IDM" in page
    role_id = re.search(r'name="role_id" value="(\d+)"', page).group(1)
    client.post(path, data={"action": "revoke_series", "role_id": role_id})
    client.post(path, data={"action": "remove_admin"})
    db.session.expire_all()
    assert person.series_roles == [] and not person.is_admin
    assert client.post(path, data={"action": "nonsense"}).status_code == 400
    me = db.session.scalar(sa.select(User).where(User.email == "admin@example.org"))
    client.post(f"/manage/accounts/{me.id}", data={"action": "deactivate"})
    db.session.expire_all()
    assert me.active  # nobody locks themselves out


def test_non_admins_get_403(app, db):
    meeting = make_meeting()
    manager = make_user(email="m@example.org")
    make_role(manager, meeting, "manager")
    db.session.commit()
    client = app.test_client()
    client.post("/login", data={"email": "m@example.org", "password": PASSWORD})
    assert client.get("/manage/accounts").status_code == 403
    assert client.post(f"/manage/accounts/{manager.id}",
                       data={"action": "make_admin"}).status_code == 403  # fmt: skip
    db.session.expire_all()
    assert not manager.is_admin
