from eventsys.audit.models import AuditEvent
from eventsys.extensions import db
from tests.factories import PASSWORD
from tests.factories import make_meeting
from tests.factories import make_user


def test_login_then_logout(app, client, auth):
    make_user(email="admin@example.org", is_admin=True)
    db.session.commit()
    response = auth.login()
    assert response.status_code == 302
    assert client.get("/account").status_code == 200
    auth.logout()
    assert client.get("/account").status_code == 302


def test_wrong_password_gives_the_same_message_as_unknown_email(app, client, auth):
    make_user(email="admin@example.org")
    db.session.commit()
    wrong = auth.login(password="not the password")
    unknown = auth.login(email="nobody@example.org")
    assert wrong.status_code == unknown.status_code == 422
    assert b"Email or password is not correct." in wrong.data
    assert b"Email or password is not correct." in unknown.data
    failures = db.session.scalars(
        db.select(AuditEvent).where(AuditEvent.action == "login.failed")
    ).all()
    assert len(failures) == 2


def test_login_does_not_redirect_to_another_site(app, client):
    make_user(email="admin@example.org")
    db.session.commit()
    response = client.post(
        "/login?next=https://evil.example/",
        data={"email": "admin@example.org", "password": PASSWORD},
    )
    assert response.headers["Location"] == "/"


def test_manage_area_sends_anonymous_users_to_login(client):
    response = client.get("/account")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_change_password_checks_the_current_one_and_the_rules(app, client, auth):
    make_user(email="admin@example.org")
    db.session.commit()
    auth.login()
    bad_current = client.post(
        "/account",
        data={
            "action": "password",
            "pw-current_password": "nope",
            "pw-password": "a much longer passphrase",
        },
    )
    assert bad_current.status_code == 422
    too_common = client.post(
        "/account",
        data={
            "action": "password",
            "pw-current_password": PASSWORD,
            "pw-password": "password1234",
        },
    )
    assert too_common.status_code == 422
    ok = client.post(
        "/account",
        data={
            "action": "password",
            "pw-current_password": PASSWORD,
            "pw-password": "a much longer passphrase",
        },
    )
    assert ok.status_code == 302
    auth.logout()
    assert auth.login(password="a much longer passphrase").status_code == 302


def test_draft_meeting_is_404_for_the_public_but_visible_to_admin(app, client, auth):
    make_user(email="admin@example.org", is_admin=True)
    make_meeting(slug="secret-draft", status="draft")
    db.session.commit()
    assert client.get("/meetings/secret-draft/").status_code == 404
    auth.login()
    assert client.get("/meetings/secret-draft/").status_code == 200


def test_cli_creates_user_from_stdin(app, runner):
    result = runner.invoke(
        args=["users", "create", "new@example.org", "--admin", "--password-stdin"],
        input="a long enough passphrase\n",
    )
    assert result.exit_code == 0, result.output
    from eventsys.auth.service import get_user_by_email

    user = get_user_by_email("new@example.org")
    assert user.is_admin
    assert user.password_hash.startswith("$argon2id$")


def test_cli_refuses_weak_password(app, runner):
    result = runner.invoke(
        args=["users", "create", "new@example.org", "--password-stdin"], input="short\n"
    )
    assert result.exit_code != 0
    assert "at least 12" in result.output


def test_safe_next_refuses_every_way_to_another_host(app):
    from eventsys.auth.views import safe_next

    with app.test_request_context():
        for target in ("https://evil.example/", "//evil.example", "/\\evil.example", "\\\\evil.example",
                       "/ok\r\nLocation: x", "javascript:alert(1)", ""):  # fmt: skip
            assert safe_next(target) == "/", target
        assert safe_next("/manage/audit?page=2") == "/manage/audit?page=2"
