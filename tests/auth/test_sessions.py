"""Sessions end for real: a copied session or remember cookie dies with logout,
a password change, "sign out everywhere" and deactivation (session_generation)."""

from flask import g

from eventsys.auth.models import User
from eventsys.auth.service import set_password
from eventsys.extensions import db
from tests.factories import PASSWORD
from tests.factories import make_user

NEW_PASSWORD = "a completely new passphrase"


def _signed_in(app, email="person@example.org", remember=False):
    client = app.test_client()
    data = {"email": email, "password": PASSWORD}
    if remember:
        data["remember"] = "y"
    assert client.post("/login", data=data).status_code == 302
    return client


def _copy(app, client):
    """A second browser holding the same cookies (what a thief would copy)."""
    thief = app.test_client()
    for name in ("session", "remember_token"):
        cookie = client.get_cookie(name)
        if cookie is not None:
            thief.set_cookie(name, cookie.value)
    return thief


def _is_signed_in(client) -> bool:
    g.pop("_login_user", None)  # the app fixture's context outlives requests
    return client.get("/account").status_code == 200


def test_a_copied_session_cookie_dies_with_logout(app):
    make_user(email="person@example.org")
    db.session.commit()
    client = _signed_in(app)
    thief = _copy(app, client)
    assert _is_signed_in(thief)
    client.post("/logout")
    assert not _is_signed_in(thief)
    assert not _is_signed_in(client)


def test_a_copied_session_cookie_dies_with_a_password_change(app):
    make_user(email="person@example.org")
    db.session.commit()
    client = _signed_in(app)
    thief = _copy(app, client)
    response = client.post(
        "/account",
        data={
            "action": "password",
            "pw-current_password": PASSWORD,
            "pw-password": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert _is_signed_in(client)  # the session that changed it stays
    assert not _is_signed_in(thief)


def test_a_remember_cookie_dies_with_sign_out_everywhere(app):
    make_user(email="person@example.org")
    db.session.commit()
    laptop = _signed_in(app, remember=True)
    phone = _copy(app, laptop)
    phone.delete_cookie("session")  # only the remember cookie is left
    assert phone.get_cookie("remember_token") is not None
    assert _is_signed_in(phone)
    phone.delete_cookie("session")
    response = laptop.post("/account/sign-out-everywhere")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert not _is_signed_in(phone)
    assert not _is_signed_in(laptop)


def test_a_remember_cookie_dies_with_a_password_reset(app, db):
    user = make_user(email="person@example.org")
    db.session.commit()
    browser = _signed_in(app, remember=True)
    browser.delete_cookie("session")
    set_password(db.session.get(User, user.id), NEW_PASSWORD, action="password.reset")
    db.session.commit()
    assert not _is_signed_in(browser)


def test_a_forged_session_id_without_generation_is_refused(app):
    user = make_user(email="person@example.org")
    db.session.commit()
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)
        session["_fresh"] = True
    assert not _is_signed_in(client)
