"""Team invitations: through the Team tab and real SMTP, accepted in the browser's way."""

import re
from datetime import timedelta

import sqlalchemy as sa

from eventsys.audit.models import AuditEvent
from eventsys.auth.models import AccountInvitation
from eventsys.auth.models import User
from eventsys.extensions import db
from eventsys.models import utcnow
from tests.factories import make_meeting
from tests.factories import make_user
from tests.meetings.helpers import login_manager

NEW_PASSWORD = "a long and new passphrase"


def send_mail(runner, smtp_server) -> list:
    before = len(smtp_server.messages)
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output
    return smtp_server.messages[before:]


def plain(message) -> str:
    return message.get_body(("plain",)).get_content()


def invitation_path(message) -> str:
    found = re.search(
        r"http://events\.test(/account/invitation/[\w\-]+)", plain(message)
    )
    return found.group(1)


def invite(client, email, role="rapporteur", language="en", slug="idm"):
    return client.post(
        f"/manage/meetings/{slug}/people",
        data={"email": email, "role": role, "language": language},
    )


def test_invite_read_the_mail_accept_and_land_with_the_role(
    app, client, runner, smtp_server
):
    smtp_server.configure(app)
    meeting = make_meeting(slug="idm", title={"en": "IDM 2027", "fr": "DIM 2027"})
    login_manager(client, meeting, email="boss@example.org", name="Ms Boss")
    assert invite(client, "Rosa@Example.org", language="fr").status_code == 302
    (message,) = send_mail(runner, smtp_server)
    assert message["To"].addresses[0].addr_spec == "rosa@example.org"
    assert "DIM 2027" in message["Subject"]  # in the invitee's language
    assert "Rapporteur" in plain(message) and "14" in plain(message)
    stored = db.session.scalar(sa.select(AccountInvitation))
    path = invitation_path(message)
    assert (
        stored.token_hash not in path and path.split("/")[-1] not in stored.token_hash
    )
    client.post("/logout")

    visitor = app.test_client()
    page = visitor.get(path)
    assert page.status_code == 200 and "rosa@example.org" in page.get_data(as_text=True)
    weak = visitor.post(path, data={"name": "Rosa", "password": "short"})
    assert (
        weak.status_code == 422
        and db.session.scalar(sa.select(User).where(User.email == "rosa@example.org"))
        is None
    )
    accepted = visitor.post(path, data={"name": "Rosa", "password": NEW_PASSWORD})
    assert accepted.status_code == 302
    assert accepted.headers["Location"] == "/manage/meetings/idm/outcomes/"
    assert visitor.get("/manage/meetings/idm/outcomes/").status_code == 200
    rosa = db.session.scalar(sa.select(User).where(User.email == "rosa@example.org"))
    assert [(r.meeting.slug, r.role) for r in rosa.roles] == [("idm", "rapporteur")]
    assert rosa.language == "fr"
    # single use
    assert app.test_client().get(path).status_code == 404
    again = app.test_client().post(path, data={"name": "X", "password": NEW_PASSWORD})
    assert again.status_code == 404
    actions = set(db.session.scalars(
        sa.select(AuditEvent.action).where(AuditEvent.meeting_id == meeting.id)
    ))  # fmt: skip
    assert {
        "team_invitation.sent",
        "team_invitation.accepted",
        "meeting.role_add",
    } <= actions


def test_pending_list_resend_and_revoke(app, client, runner, smtp_server):
    smtp_server.configure(app)
    meeting = make_meeting(slug="idm")
    login_manager(client, meeting)
    invite(client, "door@example.org", role="checkin")
    (first,) = send_mail(runner, smtp_server)
    stored = db.session.scalar(sa.select(AccountInvitation))
    page = client.get("/manage/meetings/idm/people").get_data(as_text=True)
    assert "door@example.org" in page and "Pending invitations" in page
    duplicate = invite(client, "door@example.org", role="checkin")
    assert duplicate.status_code == 409
    resend = f"/manage/meetings/idm/people/invitations/{stored.id}/resend"
    assert client.post(resend).status_code == 302
    (second,) = send_mail(runner, smtp_server)
    assert app.test_client().get(invitation_path(first)).status_code == 404
    assert app.test_client().get(invitation_path(second)).status_code == 200
    revoke = f"/manage/meetings/idm/people/invitations/{stored.id}/revoke"
    assert client.post(revoke).status_code == 302
    assert app.test_client().get(invitation_path(second)).status_code == 404
    page = client.get("/manage/meetings/idm/people").get_data(as_text=True)
    assert "door@example.org" not in page
    history = client.get("/manage/meetings/idm/history").get_data(as_text=True)
    assert "team_invitation.revoked" in history or "door@example.org" in history


def test_expired_link_is_refused(app, client, runner, smtp_server):
    smtp_server.configure(app)
    meeting = make_meeting(slug="idm")
    login_manager(client, meeting)
    invite(client, "late@example.org", role="manager")
    (message,) = send_mail(runner, smtp_server)
    stored = db.session.scalar(sa.select(AccountInvitation))
    stored.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    visitor = app.test_client()
    assert visitor.get(invitation_path(message)).status_code == 404
    refused = visitor.post(
        invitation_path(message), data={"name": "Late", "password": NEW_PASSWORD}
    )
    assert refused.status_code == 404
    assert (
        db.session.scalar(sa.select(User).where(User.email == "late@example.org"))
        is None
    )


def test_an_existing_account_gets_the_role_at_once(client, db):
    meeting = make_meeting(slug="idm")
    login_manager(client, meeting)
    make_user(email="known@example.org")
    db.session.commit()
    assert invite(client, "known@example.org", role="manager").status_code == 302
    assert (
        db.session.scalar(sa.select(sa.func.count()).select_from(AccountInvitation))
        == 0
    )
    known = db.session.scalar(sa.select(User).where(User.email == "known@example.org"))
    assert [r.role for r in known.roles] == ["manager"]


def test_another_meetings_manager_cannot_touch_the_invitations(app, client, db):
    meeting = make_meeting(slug="idm")
    other = make_meeting(slug="other")
    login_manager(client, meeting)
    invite(client, "x@example.org")
    stored = db.session.scalar(sa.select(AccountInvitation))
    client.post("/logout")
    login_manager(client, other)
    path = f"/manage/meetings/other/people/invitations/{stored.id}/revoke"
    assert client.post(path).status_code == 404  # not one of this meeting's
    assert (
        client.post(
            f"/manage/meetings/idm/people/invitations/{stored.id}/revoke"
        ).status_code
        == 403
    )
    db.session.refresh(stored)
    assert stored.revoked_at is None
